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
    """Shared data files by name (e.g. 'love' for rules/data/love.yaml), see rules/data.py."""
    morphology: bool | None = None
    """Whether the pipeline sets POS/MORPH; None = decide from its components."""

    @property
    def has_morphology(self) -> bool:
        """True when token patterns on POS, TAG and MORPH can match anything."""
        if self.morphology is not None:
            return self.morphology
        names = getattr(self.nlp, "pipe_names", ())
        return any(name in names for name in ("morphologizer", "tagger"))

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
    """A rule ready to run. It may also set ``unavailable`` (a Danish reason) when it cannot
    work with the loaded pipeline; the engine then reports that instead of finding nothing."""

    spec: RuleSpec

    def check(self, context: CheckContext) -> Iterable[Finding]: ...
