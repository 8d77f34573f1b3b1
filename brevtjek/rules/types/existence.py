"""existence: flag every occurrence of listed words, phrases, regular expressions or token
patterns.

Words and phrases match lemma-aware on tokens (like substitution); ``patterns`` are
regular expressions run on the block text with a time limit, for shapes no word list can
express (leftover template placeholders such as "[dato]" or "XX"); ``tokens`` are spaCy
token patterns (see the ``pattern`` type). ``words_from`` adds shared word lists.

    id: forvaltningsret.skabelonrester
    type: existence
    message: "«{match}» ligner en skabelonrest, der ikke er udfyldt."
    patterns: ['\\[(?:dato|navn|beløb)\\]', '<<[^>]{1,40}>>']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from brevtjek.findings import Finding
from brevtjek.nlp.analysis import AnalyzedBlock
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.spec import RuleSpec
from brevtjek.rules.targets import (
    REGEX_TIMEOUT_SECONDS,
    TextMatcher,
    TextTarget,
    missing_target,
    resolve_words_from,
)

__all__ = ["REGEX_TIMEOUT_SECONDS", "Existence", "Spec", "compile"]


class Spec(RuleSpec, TextTarget):
    TYPE: ClassVar[str] = "existence"

    type: Literal["existence"]


def extra_checks(spec: Spec) -> Iterator[tuple[tuple[Any, ...], str]]:
    if not spec.has_text_target():
        yield (), missing_target()


resolve_data = resolve_words_from


class Existence:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.matcher = TextMatcher(spec, env)
        self.unavailable = self.matcher.unavailable

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        for analyzed in context.blocks(spec.scope, spec.section):
            for start, end in self.matcher.spans(analyzed):
                yield self._finding(context, analyzed, start, end)

    def _finding(self, context: CheckContext, analyzed: AnalyzedBlock, start: int, end: int) -> Finding:
        return context.templated_finding(self.spec, analyzed, start, end)


def compile(spec: Spec, env: CompileEnv) -> Existence:
    return Existence(spec, env)
