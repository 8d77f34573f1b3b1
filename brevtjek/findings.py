"""Findings: what a rule found, where, and what to write instead. Plain data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is. Ordered: error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def danish(self) -> str:
        return {"error": "fejl", "warning": "advarsel", "info": "info"}[self.value]


@dataclass(frozen=True)
class Location:
    """Where a finding sits: a block of the document and offsets in its text."""

    block: int
    part: str
    section: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "block": self.block,
            "part": self.part,
            "section": self.section,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Finding:
    """One problem in one letter.

    ``text`` is exactly the flagged text (``block.text[start:end]``); ``sentence`` is the
    sentence around it, for display and for baseline keys that survive edits elsewhere.
    Findings about the letter as a whole (something missing) are anchored to the block a
    writer should look at, e.g. the heading or the decision paragraph.
    ``replacement`` is set only where a rule knows a drop-in rewording (used for tracked
    changes); ``suggestion`` is the human advice.
    """

    rule: str
    severity: Severity
    message: str
    suggestion: str | None
    text: str
    location: Location
    sentence: str | None = None
    replacement: str | None = None
    pack: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "text": self.text,
            "location": self.location.to_dict(),
            "sentence": self.sentence,
            "replacement": self.replacement,
        }

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.location.block, self.location.start, -self.location.end, self.rule)
