"""What a rule sees when it runs: the analysed letter, its facts and metrics, and scopes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import regex

from brevtjek.document.model import Part, Role
from brevtjek.findings import Finding, Location, Severity
from brevtjek.nlp.analysis import Analysis, AnalyzedBlock

BODY_PARTS = frozenset({Part.BODY, Part.TABLE, Part.TEXTBOX})
SCOPE_PARTS: dict[str, frozenset[Part]] = {
    "letter": frozenset(Part),
    "body": BODY_PARTS,
    "sentence": BODY_PARTS,
    "section": BODY_PARTS,
    "table": frozenset({Part.TABLE}),
    "header_footer": frozenset({Part.HEADER, Part.FOOTER}),
    "notes": frozenset({Part.FOOTNOTE, Part.ENDNOTE}),
}


@dataclass
class CheckContext:
    """Everything the rules may read about one letter. Rules never mutate it."""

    analysis: Analysis
    facts: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    """Per-rule settings from the configuration (thresholds etc.), by rule id."""
    _letter_frame: frozenset[int] | None = field(default=None, repr=False)

    def letter_frame(self) -> frozenset[int]:
        """Blocks of the letter's signature ("Med venlig hilsen" and what follows).

        They hold names the caseworker does not choose (the unit "Visitationen", a job
        title), so word-list rules leave them alone. Taken from the readability stage's
        classification of the letter's parts (computed once per letter, and shared), so the
        two can never disagree about where the signature starts. (The letterhead is in the
        page header, which word rules do not read.)
        """
        if self._letter_frame is None:
            from brevtjek.metrics import letter_measure
            from brevtjek.metrics.exclusions import Exclusion

            kinds = letter_measure(self.analysis).excluded_blocks
            self._letter_frame = frozenset(
                index for index, kind in kinds.items()
                if kind is Exclusion.SIGNATURE
            )
        return self._letter_frame

    def blocks(self, scope: str, section: str | None = None) -> Iterator[AnalyzedBlock]:
        """Blocks a rule with this scope looks at.

        Quoted law text (Quote style, or an appendix quoting a paragraph) is left out of
        every scope but 'letter': a caseworker cannot reword the law.
        """
        parts = SCOPE_PARTS.get(scope, BODY_PARTS)
        pattern = regex.compile(section, regex.IGNORECASE) if section else None
        for analyzed in self.analysis.blocks:
            block = analyzed.block
            if block.part not in parts:
                continue
            if scope != "letter" and block.role is Role.QUOTE:
                continue
            if pattern is not None and not (block.section and pattern.search(block.section)):
                continue
            yield analyzed

    def finding(
        self,
        rule: Any,
        analyzed: AnalyzedBlock,
        start: int,
        end: int,
        message: str,
        suggestion: str | None = None,
        severity: Severity | None = None,
        replacement: str | None = None,
    ) -> Finding:
        """Build a finding at [start, end) of a block, with its sentence for context.

        Rule types with their own message logic call this; most call
        :meth:`templated_finding`, which fills the rule's templates first.
        """
        block = analyzed.block
        return Finding(
            rule=rule.id,
            severity=severity or rule.severity,
            message=message,
            suggestion=suggestion,
            text=block.text[start:end],
            location=Location(block.index, block.part.value, block.section, start, end),
            sentence=analyzed.sentence_at(start, end),
            replacement=replacement,
        )

    def templated_finding(
        self,
        rule: Any,
        analyzed: AnalyzedBlock,
        start: int,
        end: int,
        values: dict[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding whose message and suggestion are the rule's templates, filled with
        ``{match}`` (the flagged text, whitespace folded) and any further ``values``."""
        from brevtjek.rules.spec import render

        matched = analyzed.block.text[start:end]
        filled = {"match": " ".join(matched.split()), **(values or {})}
        return self.finding(
            rule, analyzed, start, end,
            render(rule.message, filled) or matched,
            render(rule.suggestion, filled),
            severity=severity,
        )
