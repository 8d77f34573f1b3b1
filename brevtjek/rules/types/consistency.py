"""consistency: one form throughout the letter — «du» or «De», «e-mail» or «mail».

``groups`` names two or more groups of words (or phrases). When words from more than one
group occur in the scope, the group used most is the letter's form and every occurrence of
the other groups is flagged. On a tie ``prefer`` decides (default: the first group listed).
With ``case_sensitive: true`` words match on their exact form — needed for «De/Dem/Deres»,
which in lower case are ordinary words («de», «dem», «deres»); a word listed in lower case
still matches with a capital first letter (sentence start: «Du»). Note that «De» opening a
sentence may be the plural «de»; the rule cannot tell them apart.

Placeholders: ``{match}``, ``{group}`` (the flagged group's name), ``{majority}`` (the
group the letter mostly uses).

    id: klarsprog.du-eller-de
    type: consistency
    case_sensitive: true
    groups:
      du: [du, dig, din, dit, dine]
      De: [De, Dem, Deres]
    message: "«{match}» er {group}-form, men brevet bruger ellers {majority}-form."
    suggestion: "Brug samme tiltale hele brevet igennem."
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field

from brevtjek.findings import Finding
from brevtjek.nlp.analysis import AnalyzedBlock
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.phrases import PhraseIndex, exact_keys, token_keys
from brevtjek.rules.spec import RuleSpec
from brevtjek.rules.targets import exact_alternatives


class Spec(RuleSpec):
    TYPE: ClassVar[str] = "consistency"
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "group", "majority"})

    type: Literal["consistency"]
    groups: dict[str, list[str]] = Field(min_length=2)
    prefer: str | None = None
    case_sensitive: bool = False


def extra_checks(spec: Spec) -> Iterator[tuple[tuple[Any, ...], str]]:
    seen: dict[str, str] = {}
    for name, words in spec.groups.items():
        if not words:
            yield ("groups", name), f"gruppen «{name}» har ingen ord."
        for index, word in enumerate(words):
            key = " ".join(word.split()) if spec.case_sensitive else " ".join(word.lower().split())
            other = seen.get(key)
            if other is not None and other != name:
                yield ("groups", name, index), (
                    f"modstridende ord i ordlisten: «{word}» står både i gruppen «{other}» og "
                    f"«{name}». Et ord må kun høre til én gruppe."
                )
            seen[key] = name
    if spec.prefer is not None and spec.prefer not in spec.groups:
        yield ("prefer",), (f"«prefer» skal være navnet på en af grupperne: "
                            f"{', '.join(spec.groups)}.")


class Consistency:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.order = list(spec.groups)
        self.index: PhraseIndex[str] = PhraseIndex(exact_keys if spec.case_sensitive else token_keys)
        for name, words in spec.groups.items():
            for tokens in env.lemmatize(list(words)):
                if spec.case_sensitive:
                    self.index.add(exact_alternatives(tokens), name)
                else:
                    self.index.add([{lower, lemma} for _, lower, lemma in tokens], name)

    def _majority(self, counts: dict[str, int]) -> str:
        best = max(counts.values())
        tied = [name for name in self.order if counts.get(name) == best]
        if self.spec.prefer in tied:
            return str(self.spec.prefer)
        return tied[0]

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        hits: list[tuple[AnalyzedBlock, int, int, str]] = []
        for analyzed in context.blocks(spec.scope, spec.section):
            doc = analyzed.doc
            for match in self.index.find(doc):
                span = doc[match.start:match.end]
                hits.append((analyzed, span.start_char, span.end_char, match.payload))
        counts: dict[str, int] = {}
        for *_, group in hits:
            counts[group] = counts.get(group, 0) + 1
        if len(counts) < 2:
            return
        majority = self._majority(counts)
        for analyzed, start, end, group in hits:
            if group == majority:
                continue
            yield context.templated_finding(spec, analyzed, start, end,
                                            {"group": group, "majority": majority})


def compile(spec: Spec, env: CompileEnv) -> Consistency:
    return Consistency(spec, env)
