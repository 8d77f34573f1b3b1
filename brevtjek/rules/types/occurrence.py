"""occurrence: a word, phrase or pattern may occur at most (or must occur at least) N times.

Counting happens per unit of the scope: with ``scope: sentence`` each sentence is counted on
its own (at most two «og» per sentence); with ``section`` each section under a matching
heading; with any other scope the whole scope (the body, the letter …) is one unit.

Too many: one finding per unit, on the first occurrence over the limit (``max``). Too few:
one finding per unit, on the sentence, the section heading, or the letter's first heading
(``min``). Placeholders: ``{match}`` (the flagged text), ``{count}``, ``{min}``, ``{max}``.

    id: klarsprog.mange-og
    type: occurrence
    scope: sentence
    max: 2
    words: [og]
    message: "Sætningen har {count} × «og». Del den op (højst {max})."
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import Field

from brevtjek.findings import Finding
from brevtjek.nlp.analysis import AnalyzedBlock
from brevtjek.rules.anchors import anchor_for_scope
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.spec import RuleSpec
from brevtjek.rules.targets import TextMatcher, TextTarget, missing_target, resolve_words_from


class Spec(RuleSpec, TextTarget):
    TYPE: ClassVar[str] = "occurrence"
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "count", "min", "max"})

    type: Literal["occurrence"]
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


def extra_checks(spec: Spec) -> Iterator[tuple[tuple[Any, ...], str]]:
    if not spec.has_text_target():
        yield (), missing_target()
    if spec.min is None and spec.max is None:
        yield (), "angiv «max» (højst så mange gange) og/eller «min» (mindst så mange gange)."
    if spec.min is not None and spec.max is not None and spec.min > spec.max:
        yield ("min",), f"«min» ({spec.min}) er større end «max» ({spec.max}); reglen kan aldrig være opfyldt."


resolve_data = resolve_words_from


@dataclass
class _Unit:
    """One counting unit: the blocks (and, for sentences, the range) it covers."""

    hits: list[tuple[AnalyzedBlock, int, int]]
    anchor: tuple[AnalyzedBlock, int, int] | None


class Occurrence:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.matcher = TextMatcher(spec, env)
        self.unavailable = self.matcher.unavailable

    def _units(self, context: CheckContext) -> Iterator[_Unit]:
        spec = self.spec
        blocks = list(context.blocks(spec.scope, spec.section))
        if spec.scope == "sentence":
            for analyzed in blocks:
                spans = self.matcher.spans(analyzed)
                for sentence in analyzed.sentences():
                    hits = [(analyzed, s, e) for s, e in spans if sentence.start <= s < sentence.end]
                    yield _Unit(hits, (analyzed, sentence.start, sentence.end))
            return
        if spec.scope == "section":
            by_section: dict[str | None, list[AnalyzedBlock]] = {}
            for analyzed in blocks:
                if analyzed.block.section is not None:
                    by_section.setdefault(analyzed.block.section, []).append(analyzed)
            for section_blocks in by_section.values():
                yield self._unit(section_blocks, context)
            return
        yield self._unit(blocks, context)

    def _unit(self, blocks: list[AnalyzedBlock], context: CheckContext) -> _Unit:
        hits = [(analyzed, s, e) for analyzed in blocks for s, e in self.matcher.spans(analyzed)]
        anchor = anchor_for_scope(context, blocks)
        return _Unit(hits, anchor)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        for unit in self._units(context):
            count = len(unit.hits)
            values: dict[str, Any] = {"count": count, "min": spec.min, "max": spec.max}
            if spec.max is not None and count > spec.max:
                analyzed, start, end = unit.hits[spec.max]
                yield self._finding(context, analyzed, start, end, values)
            elif spec.min is not None and count < spec.min and unit.anchor is not None:
                analyzed, start, end = unit.anchor
                yield self._finding(context, analyzed, start, end, values)

    def _finding(self, context: CheckContext, analyzed: AnalyzedBlock, start: int, end: int,
                 values: dict[str, Any]) -> Finding:
        return context.templated_finding(self.spec, analyzed, start, end, values)


def compile(spec: Spec, env: CompileEnv) -> Occurrence:
    return Occurrence(spec, env)
