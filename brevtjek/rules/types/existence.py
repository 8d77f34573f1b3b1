"""existence: flag every occurrence of listed words, phrases or regular expressions.

Words and phrases match lemma-aware on tokens (like substitution); ``patterns`` are
regular expressions run on the block text with a time limit, for shapes no word list can
express (leftover template placeholders such as "[dato]" or "XX").

    id: forvaltningsret.skabelonrester
    type: existence
    message: "«{match}» ligner en skabelonrest, der ikke er udfyldt."
    patterns: ['\\[(?:dato|navn|beløb)\\]', '<<[^>]{1,40}>>']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

import regex
from pydantic import Field, field_validator

from brevtjek.findings import Finding
from brevtjek.nlp.analysis import AnalyzedBlock
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.phrases import PhraseIndex, exact_keys, token_keys
from brevtjek.rules.spec import RuleSpec, render

REGEX_TIMEOUT_SECONDS = 0.5


class Spec(RuleSpec):
    TYPE: ClassVar[str] = "existence"

    type: Literal["existence"]
    words: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    case_sensitive: bool = False

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                regex.compile(pattern)
            except regex.error as error:
                raise ValueError(f"det regulære udtryk {pattern!r} kan ikke oversættes: {error}") from error
        return patterns


class Existence:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.index: PhraseIndex[str] = PhraseIndex(
            exact_keys if spec.case_sensitive else token_keys
        )
        for word, tokens in zip(spec.words, env.lemmatize(list(spec.words)), strict=False):
            if spec.case_sensitive:
                self.index.add([[text] for text, _, _ in tokens], word)
            else:
                self.index.add([{lower, lemma} for _, lower, lemma in tokens], word)
        flags = 0 if spec.case_sensitive else regex.IGNORECASE
        self.patterns = [regex.compile(pattern, flags) for pattern in spec.patterns]

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        for analyzed in context.blocks(spec.scope, spec.section):
            if self.index.size:
                for match in self.index.find(analyzed.doc):
                    span = analyzed.doc[match.start:match.end]
                    yield self._finding(context, analyzed, span.start_char, span.end_char)
            text = analyzed.block.text
            for pattern in self.patterns:
                try:
                    found = list(pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS))
                except TimeoutError:
                    continue
                for match in found:
                    if match.end() > match.start():
                        yield self._finding(context, analyzed, match.start(), match.end())

    def _finding(self, context: CheckContext, analyzed: AnalyzedBlock, start: int, end: int) -> Finding:
        matched = analyzed.block.text[start:end]
        values = {"match": " ".join(matched.split())}
        return context.finding(
            self.spec, analyzed, start, end,
            render(self.spec.message, values) or matched,
            render(self.spec.suggestion, values),
        )


def compile(spec: Spec, env: CompileEnv) -> Existence:
    return Existence(spec, env)
