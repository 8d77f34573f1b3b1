"""Fact extraction: what the letter decides, under which law, why, and how to complain.

Entry point: :func:`extract_facts`, which returns the ``files[].facts`` object of the JSON
contract. Each fact has its own module (``kind``, ``outcome``, ``citations``, ``reasoning``,
``appeal``, ``address``); all of them read the letter through :class:`~brevtjek.facts.layout.
Layout`, so headings such as "Begrundelse" and "Klagevejledning" steer every extractor the
same way. :func:`letter_facts` returns the richer internal object (spans, mentions, the
guidance's route and anchor) that the forvaltningsret rules check; it is computed once per
analysed letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brevtjek.facts.address import AddressCounts, count_address
from brevtjek.facts.appeal import AppealGuidance, find_appeal_guidance
from brevtjek.facts.citations import Citation, CitationFinder, LawMention
from brevtjek.facts.kind import letter_kind
from brevtjek.facts.layout import Layout
from brevtjek.facts.outcome import Decision, find_decision
from brevtjek.facts.reasoning import reasoning_evidence
from brevtjek.facts.registry import LawRegistry, load_registry
from brevtjek.nlp.analysis import Analysis, per_analysis

FACT_KEYS = ("letter_kind", "outcome", "decision_block", "legal_citations", "reasoning_present",
             "appeal_guidance", "address_form")


@dataclass(frozen=True)
class LetterFacts:
    """Everything the extractors found in one letter."""

    layout: Layout
    registry: LawRegistry
    kind: str
    decision: Decision
    citations: tuple[Citation, ...]
    mentions: tuple[LawMention, ...]
    reasoning: tuple[int, int, int] | None
    appeal: AppealGuidance
    address: AddressCounts

    @property
    def outcome(self) -> str | None:
        if self.kind != "afgørelse":
            return None
        return self.decision.outcome or "uklar"

    @property
    def decision_block(self) -> int | None:
        return self.decision.block if self.kind == "afgørelse" else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "letter_kind": self.kind,
            "outcome": self.outcome,
            "decision_block": self.decision_block,
            "legal_citations": [citation.to_dict() for citation in self.citations],
            "reasoning_present": self.reasoning is not None,
            "appeal_guidance": self.appeal.to_dict(),
            "address_form": self.address.form,
        }


def compute_letter_facts(analysis: Analysis, registry: LawRegistry | None = None) -> LetterFacts:
    registry = registry or load_registry()
    layout = Layout(analysis)
    appeal = find_appeal_guidance(layout, registry)
    guidance = appeal.guidance_map
    decision = find_decision(layout, guidance)
    finder = CitationFinder(registry)
    mentions = finder.mentions(layout)
    return LetterFacts(
        layout=layout,
        registry=registry,
        kind=letter_kind(layout, decision, appeal.present),
        decision=decision,
        citations=tuple(finder.citations(layout, mentions)),
        mentions=tuple(mentions),
        reasoning=reasoning_evidence(layout, guidance),
        appeal=appeal,
        address=count_address(layout),
    )


@per_analysis
def letter_facts(analysis: Analysis) -> LetterFacts:
    """The facts of ``analysis``, computed once even when several rules ask."""
    return compute_letter_facts(analysis)


def extract_facts(analysis: Analysis) -> dict[str, Any]:
    """The ``files[].facts`` object of the JSON contract for one analysed letter."""
    return letter_facts(analysis).to_dict()
