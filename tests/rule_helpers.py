"""Build one rule and one letter by hand, for rule-type tests that need no pack on disk.

Rules go through the real loader (``validate_rule``), so what a test compiles is exactly
what a pack would; letters go through the real reader and NLP stage, with facts given by
hand (the fact extractor is tested on its own) and, where a test needs them, part-of-speech
and morphology set on chosen tokens (the blank pipeline has none).
"""

from __future__ import annotations

from typing import Any

import yaml

from brevtjek.document.text_reader import read_text
from brevtjek.nlp.analysis import analyze
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.types import REGISTRY
from brevtjek.rules.yaml_source import parse_yaml

EXAMPLES = {"bad": ["x"], "good": ["y"]}


def load_rule(data: dict[str, Any]) -> Any:
    """Validate a rule mapping like the pack loader does; fail the test on any problem."""
    from brevtjek.rules.packs import validate_rule

    data = {"examples": EXAMPLES, **data}
    source = parse_yaml(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "regel.yaml")
    problems: list[str] = []
    spec = validate_rule(source.data, source, (), problems)
    assert not problems, problems
    return spec


def rule_problems(data: dict[str, Any]) -> list[str]:
    from brevtjek.rules.packs import validate_rule

    data = {"examples": EXAMPLES, **data}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    source = parse_yaml(text, "regel.yaml")
    problems: list[str] = []
    validate_rule(source.data, source, (), problems)
    return problems


def compile_rule(data: dict[str, Any], nlp: Any, morphology: bool | None = None) -> Any:
    spec = load_rule(data)
    return REGISTRY[spec.TYPE].compile(spec, CompileEnv(nlp=nlp, morphology=morphology))


def letter(text: str, nlp: Any, facts: dict[str, Any] | None = None,
           tags: dict[str, tuple[str, str]] | None = None) -> CheckContext:
    """A checked letter from Markdown text; ``tags`` sets (POS, MORPH) on tokens by their text."""
    document = read_text(text, "brev.md", markdown=True)
    analysis = analyze(document, nlp)
    for analyzed in analysis.blocks:
        for token in analyzed.doc:
            if tags and token.text in tags:
                pos, morph = tags[token.text]
                token.pos_ = pos
                token.set_morph(morph)
            elif tags:
                token.pos_ = "X"
                token.set_morph("")
    return CheckContext(analysis=analysis, facts=facts or {})


def run(rule: Any, context: CheckContext) -> list[Any]:
    return sorted(rule.check(context), key=lambda finding: finding.sort_key)


def texts(rule: Any, context: CheckContext) -> list[str]:
    return [finding.text for finding in run(rule, context)]
