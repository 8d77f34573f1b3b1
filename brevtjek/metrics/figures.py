"""Adding sentence counts up into the figures of a text, rounded for the JSON contract.

The same figures describe the body, a section and each excluded part, so teams can compare
them across letters and templates. Rounding is fixed: LIX and average sentence length to
one decimal, shares to three decimals; a text without words has ``null`` figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from brevtjek.metrics.counting import SentenceFigures
from brevtjek.metrics.lix import lix

METRIC_KEYS = (
    "lix",
    "words",
    "sentences",
    "avg_sentence_words",
    "max_sentence_words",
    "long_word_share",
    "passive_share",
    "nominal_share",
    "long_sentence_share",
)
"""The keys of every figures object (body, section, excluded part)."""

LIX_DECIMALS = 1
SHARE_DECIMALS = 3


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, SHARE_DECIMALS) if whole else None


@dataclass
class Figures:
    """Running totals over a set of sentences."""

    sentences: int = 0
    words: int = 0
    long_words: int = 0
    passive_sentences: int = 0
    nominalisations: int = 0
    long_sentences: int = 0
    max_sentence_words: int = 0

    def add(self, sentence: SentenceFigures) -> None:
        """Count one sentence; a sentence without words does not count."""
        if sentence.words == 0:
            return
        self.sentences += 1
        self.words += sentence.words
        self.long_words += sentence.long_words
        self.passive_sentences += 1 if sentence.passives else 0
        self.nominalisations += len(sentence.nominalisations)
        self.long_sentences += 1 if sentence.is_long else 0
        self.max_sentence_words = max(self.max_sentence_words, sentence.words)

    @classmethod
    def of(cls, sentences: Iterable[SentenceFigures]) -> Figures:
        figures = cls()
        for sentence in sentences:
            figures.add(sentence)
        return figures

    @property
    def lix(self) -> float | None:
        return lix(self.words, self.sentences, self.long_words)

    def to_dict(self) -> dict[str, Any]:
        """The figures under the contract's keys (see :data:`METRIC_KEYS`)."""
        value = self.lix
        return {
            "lix": round(value, LIX_DECIMALS) if value is not None else None,
            "words": self.words,
            "sentences": self.sentences,
            "avg_sentence_words": (
                round(self.words / self.sentences, LIX_DECIMALS) if self.sentences else None
            ),
            "max_sentence_words": self.max_sentence_words,
            "long_word_share": _share(self.long_words, self.words),
            "passive_share": _share(self.passive_sentences, self.sentences),
            "nominal_share": _share(self.nominalisations, self.words),
            "long_sentence_share": _share(self.long_sentences, self.sentences),
        }
