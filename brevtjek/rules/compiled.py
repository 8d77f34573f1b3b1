"""The interface between loaded rule specs and the engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from brevtjek.findings import Finding
from brevtjek.rules.context import CheckContext
from brevtjek.rules.spec import RuleSpec


@dataclass
class CompileEnv:
    """What rule types may use while compiling: the NLP pipeline and the packs' data."""

    nlp: Any
    data: dict[str, Any] = field(default_factory=dict)
    """Shared data files by name (e.g. 'love' for rules/data/love.yaml)."""

    def lemmatize(self, phrases: list[str]) -> list[list[tuple[str, str, str]]]:
        """(text, lower, lemma) per non-space token for each phrase, in one pipe call."""
        result: list[list[tuple[str, str, str]]] = []
        for doc in self.nlp.pipe(phrases):
            result.append(
                [
                    (token.text, token.lower_, (token.lemma_ or token.text).lower())
                    for token in doc
                    if not token.is_space
                ]
            )
        return result


class CompiledRule(Protocol):
    spec: RuleSpec

    def check(self, context: CheckContext) -> Iterable[Finding]: ...
