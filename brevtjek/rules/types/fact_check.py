"""fact_check: a rule decided by the letter's extracted facts, through a named check.

Some requirements are about the letter as a whole — "a refusal must give reasons", "the
appeal body must fit the law the decision is made under" — and no word list can express
them. The logic for each lives in a small, tested function in
:mod:`brevtjek.facts.checks`; the rule itself stays declarative (id, message, severity,
reference, examples), so legal staff can still reword, re-grade or switch it off.

    id: forvaltningsret.begrundelse-mangler
    type: fact_check
    check: begrundelse_mangler
    severity: error
    message: "Afgørelsen giver ikke borgeren fuldt medhold, men har ingen begrundelse."

A check may mark a finding as *soft* (e.g. the same gap in a full grant, or a registry
entry legal staff have not verified): it is then reported one level lower, never higher
than the rule's own severity.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from brevtjek.findings import Finding, Severity
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.spec import RuleSpec


class Spec(RuleSpec):
    TYPE: ClassVar[str] = "fact_check"
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({
        "match", "expected", "law", "body", "deadline", "paragraph", "replacement", "note",
        "outcome", "position",
    })

    type: Literal["fact_check"]
    check: str
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        from brevtjek.facts.checks import CHECKS

        if value not in CHECKS:
            raise ValueError(f"ukendt kontrol «{value}». Kendte kontroller: "
                             f"{', '.join(sorted(CHECKS))}.")
        return value


def _soften(severity: Severity) -> Severity:
    return Severity.WARNING if severity is Severity.ERROR else severity


class FactCheck:
    def __init__(self, spec: Spec) -> None:
        from brevtjek.facts.checks import CHECKS

        self.spec = spec
        self.function = CHECKS[spec.check]

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        options = {**spec.options, **(context.settings.get(spec.id) or {})}
        for hit in self.function(context, options):
            analyzed = context.analysis.block(hit.block)
            severity = _soften(spec.severity) if hit.soft else spec.severity
            yield context.templated_finding(spec, analyzed, hit.start, hit.end, hit.values,
                                            severity=severity)


def compile(spec: Spec, env: CompileEnv) -> FactCheck:
    return FactCheck(spec)
