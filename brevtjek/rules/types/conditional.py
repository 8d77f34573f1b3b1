"""conditional: when something holds, something else must hold too.

``when`` and ``require`` are conditions. A condition lists facts about the letter (from the
fact extractor, by dotted path: ``outcome``, ``appeal_guidance.present`` …) and/or text to
find (``words``, ``words_from``, ``patterns``, ``tokens``, ``heading`` — at least one of
them found in the rule's scope). Everything listed in a condition must hold. No ``when``
means always.

Fact values: a value (``afgørelse``), a list meaning "one of" (``[afslag, delvis]``),
``not_null``/``null``, ``not_empty``/``empty`` (see :mod:`brevtjek.rules.fact_paths`). A
misspelt fact path is an error when the pack loads.

The finding points at the block named by the fact in ``anchor`` (default ``decision_block``,
the paragraph with the decision), otherwise at the letter's first heading.
Placeholders: ``{match}`` (the anchor block's text), ``{outcome}``, ``{letter_kind}``,
``{address_form}``.

    id: forvaltningsret.klagevejledning-ved-afslag
    type: conditional
    severity: error
    when: {letter_kind: afgørelse, outcome: [afslag, delvis, ophør]}
    require: {appeal_guidance.present: true}
    message: "Et afslag skal have en klagevejledning."
    examples:
      bad:
        - text: "Du får afslag på din ansøgning."
          facts: {letter_kind: afgørelse, outcome: afslag, appeal_guidance.present: false}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict

from brevtjek.findings import Finding
from brevtjek.nlp.analysis import AnalyzedBlock
from brevtjek.rules.anchors import anchor_for_scope, block_from_fact
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.fact_paths import FACT_PATHS, SPECIAL_VALUES, check_condition, holds, lookup
from brevtjek.rules.spec import RuleSpec
from brevtjek.rules.types.required import PresenceMatcher, PresenceTarget

TEXT_FIELDS = frozenset(PresenceTarget.model_fields)


def _fact_properties(schema: dict[str, Any]) -> None:
    """Offer the known fact paths to editors (JSON Schema autocompletion)."""
    properties = schema.setdefault("properties", {})
    for path, kind in FACT_PATHS.items():
        properties[path] = {
            "description": f"Fakta ({kind}): værdi, liste af værdier eller {', '.join(SPECIAL_VALUES)}",
        }


class Condition(PresenceTarget):
    """Facts (extra keys, by dotted path) and/or text that must all hold."""

    model_config = ConfigDict(extra="allow", frozen=True, json_schema_extra=_fact_properties)

    @property
    def facts(self) -> dict[str, Any]:
        return dict(self.model_extra or {})

    def is_empty(self) -> bool:
        return not self.facts and not self.has_target()


class Spec(RuleSpec):
    TYPE: ClassVar[str] = "conditional"
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "outcome", "letter_kind", "address_form"})

    type: Literal["conditional"]
    when: Condition | None = None
    require: Condition
    anchor: str = "decision_block"


def extra_checks(spec: Spec) -> Iterator[tuple[tuple[Any, ...], str]]:
    for name in ("when", "require"):
        condition: Condition | None = getattr(spec, name)
        if condition is None:
            continue
        if condition.is_empty():
            yield (name,), (f"«{name}» er tom. Angiv fakta (fx outcome: afslag) eller tekst "
                            "(words, patterns, tokens, heading).")
        for path, expected in condition.facts.items():
            near = difflib.get_close_matches(path, list(TEXT_FIELDS), n=1, cutoff=0.75)
            if near and path not in FACT_PATHS:
                yield (name, path), f"ukendt felt «{path}». Mente du «{near[0]}»?"
                continue
            problem = check_condition(path, expected)
            if problem is not None:
                yield (name, path), problem
    kind = FACT_PATHS.get(spec.anchor)
    if kind not in ("block", "object", "list"):
        blocks = [path for path, k in FACT_PATHS.items() if k == "block"]
        yield ("anchor",), (f"«anchor» skal være et fakta, der peger på en blok i brevet: "
                            f"{', '.join(blocks)}.")


def resolve_data(spec: Spec, data: Any) -> Spec:
    update: dict[str, Any] = {}
    for name in ("when", "require"):
        condition: Condition | None = getattr(spec, name)
        if condition is not None and condition.words_from:
            words = data.words(list(condition.words_from), "words_from")
            update[name] = condition.model_copy(update={"words": [*condition.words, *words]})
    return spec.model_copy(update=update) if update else spec


class _CompiledCondition:
    def __init__(self, condition: Condition, env: CompileEnv) -> None:
        self.facts = condition.facts
        self.matcher = PresenceMatcher(condition, env) if condition.has_target() else None
        self.unavailable = self.matcher.unavailable if self.matcher else None

    def holds(self, facts: dict[str, Any], blocks: list[AnalyzedBlock]) -> bool:
        if not all(holds(facts, path, expected) for path, expected in self.facts.items()):
            return False
        return self.matcher is None or self.matcher.present(blocks)


class Conditional:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.when = _CompiledCondition(spec.when, env) if spec.when is not None else None
        self.require = _CompiledCondition(spec.require, env)
        reasons = [c.unavailable for c in (self.when, self.require) if c is not None and c.unavailable]
        self.unavailable = reasons[0] if reasons else None

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        blocks = list(context.blocks(spec.scope, spec.section))
        facts = context.facts
        if self.when is not None and not self.when.holds(facts, blocks):
            return
        if self.require.holds(facts, blocks):
            return
        anchor = block_from_fact(context, lookup(facts, spec.anchor)) or anchor_for_scope(context, blocks)
        if anchor is None:
            return
        analyzed, start, end = anchor
        values = {name: "" if facts.get(name) is None else str(facts.get(name))
                  for name in ("outcome", "letter_kind", "address_form")}
        yield context.templated_finding(spec, analyzed, start, end, values)


def compile(spec: Spec, env: CompileEnv) -> Conditional:
    return Conditional(spec, env)
