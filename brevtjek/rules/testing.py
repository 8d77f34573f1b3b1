"""``brevtjek rules test``: every rule's own examples, run through the real pipeline.

A bad example must fire its rule at least once; a good example must not fire it at all.
A rule none of whose bad examples fires is reported as a failure of its own — a rule no
example exercises may silently do nothing (Vale's users met exactly that).

Examples are read as Markdown, so ``# Klagevejledning`` lines make headings and sections for
rules that look at one section. For rules whose scope is another part of the letter
(``header_footer``, ``notes``, ``table``) the example is placed in that part. Facts given
with an example (``{text: …, facts: …}``) are merged over what the fact extractor finds.
A rule that cannot run with the loaded Danish model (token patterns on POS/MORPH with the
blank pipeline) has its examples reported as skipped, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from brevtjek.checker import Checker
from brevtjek.document.model import Document, Part
from brevtjek.document.text_reader import read_text
from brevtjek.rules.fact_paths import expand
from brevtjek.rules.spec import ExampleCase, RuleSpec

SCOPE_PART = {"header_footer": Part.HEADER, "notes": Part.FOOTNOTE, "table": Part.TABLE}


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    kind: str
    """'bad', 'good', or 'rule' (the rule as a whole: no bad example fired)."""
    text: str
    passed: bool
    found: int
    skipped: str | None = None
    """Why the example was not run (Danish), or None."""


def example_document(spec: RuleSpec, example: ExampleCase) -> Document:
    """The example as a letter: Markdown headings become sections; parts follow the scope."""
    document = read_text(example.text, f"<{spec.id}>", markdown=True)
    part = SCOPE_PART.get(spec.scope)
    if part is None:
        return document
    blocks = tuple(replace(block, part=part) for block in document.blocks)
    return replace(document, blocks=blocks)


def run_examples(checker: Checker, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    """Check every example of every enabled rule (or of ``rule_ids``) and report each."""
    results: list[ExampleResult] = []
    _ = checker.nlp  # compiles the rules
    unavailable = checker.engine.unavailable()
    for loaded in checker.engine.enabled_rules():
        spec = loaded.spec
        if rule_ids is not None and spec.id not in rule_ids:
            continue
        reason = unavailable.get(spec.id)
        fired = 0
        for kind, examples in (("bad", spec.examples.bad), ("good", spec.examples.good)):
            for example in examples:
                if reason is not None:
                    results.append(ExampleResult(spec.id, kind, example.text, True, 0, reason))
                    continue
                report = checker.check_document(
                    example_document(spec, example), only={spec.id},
                    facts=expand(example.facts), language_check=False,
                )
                found = sum(1 for finding in report.findings if finding.rule == spec.id)
                passed = found > 0 if kind == "bad" else found == 0
                if kind == "bad" and found:
                    fired += 1
                results.append(ExampleResult(spec.id, kind, example.text, passed, found))
        if reason is None and fired == 0:
            results.append(ExampleResult(spec.id, "rule", "", False, 0))
    return results
