"""pattern: spaCy token patterns — words described by form, lemma, part of speech, morphology.

Each pattern is a list of tokens; each token a mapping of attributes (spaCy's Matcher
syntax, keys in upper or lower case): ``TEXT`` (exact form, case-sensitive), ``LOWER``,
``LEMMA``, ``POS`` (universal part of speech: VERB, NOUN …), ``MORPH`` (features such as
``Voice=Pass``; a plain string means "has at least these features"), ``IS_PUNCT``,
``LIKE_NUM`` …, operators ``IN``/``NOT_IN``/``REGEX``, and ``OP`` (``"?"``, ``"*"``,
``"+"``, ``"!"``) — always in quotes. Every key and value is checked when the pack loads.

POS, TAG and MORPH need a Danish model with a tagger (da_core_news_sm or the bundled one).
With the blank pipeline such a rule cannot run: brevtjek says so in the report's warnings
and ``rules test`` reports its examples as skipped, instead of silently finding nothing.

    id: klarsprog.passiv
    type: pattern
    severity: info
    message: "«{match}» er passiv. Skriv hvem der gør noget."
    tokens:
      - [{MORPH: "Voice=Pass", POS: VERB}]
    examples: …

    id: klarsprog.de-dem-deres
    type: pattern
    message: "«{match}» er gammeldags tiltale. Skriv «du»."
    tokens:
      - [{TEXT: {IN: [De, Dem, Deres]}}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from brevtjek.findings import Finding
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.spec import RuleSpec
from brevtjek.rules.targets import TextMatcher, TextTarget, TokenPattern


class Spec(RuleSpec):
    TYPE: ClassVar[str] = "pattern"

    type: Literal["pattern"]
    tokens: list[TokenPattern] = Field(min_length=1)


class Pattern:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.matcher = TextMatcher(TextTarget.model_construct(tokens=list(spec.tokens)), env)
        self.unavailable = self.matcher.unavailable

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        for analyzed in context.blocks(spec.scope, spec.section):
            for start, end in self.matcher.spans(analyzed):
                yield context.templated_finding(spec, analyzed, start, end)


def compile(spec: Spec, env: CompileEnv) -> Pattern:
    return Pattern(spec, env)
