"""``brevtjek rules test``: every rule's own examples, run through the real pipeline.

A bad example must fire its rule at least once; a good example must not fire it at all.
A rule whose bad examples fire nothing is a failure too — a rule no example exercises may
silently do nothing (Vale's users met exactly that).
"""

from __future__ import annotations

from dataclasses import dataclass

from brevtjek.checker import Checker
from brevtjek.document.text_reader import read_text


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    kind: str
    """'bad' or 'good'."""
    text: str
    passed: bool
    found: int


def run_examples(checker: Checker, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    """Check every example of every enabled rule (or of ``rule_ids``) and report each."""
    results: list[ExampleResult] = []
    for loaded in checker.engine.enabled_rules():
        spec = loaded.spec
        if rule_ids is not None and spec.id not in rule_ids:
            continue
        for kind, examples in (("bad", spec.examples.bad), ("good", spec.examples.good)):
            for text in examples:
                report = checker.check_document(read_text(text, f"<{spec.id}>"), only={spec.id})
                found = sum(1 for finding in report.findings if finding.rule == spec.id)
                passed = found > 0 if kind == "bad" else found == 0
                results.append(ExampleResult(spec.id, kind, text, passed, found))
    return results
