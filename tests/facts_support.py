"""Helpers for the fact-extractor tests: a short letter in Markdown → its facts."""

from __future__ import annotations

from typing import Any

from brevtjek.document.text_reader import read_text
from brevtjek.facts import LetterFacts, compute_letter_facts
from brevtjek.nlp.analysis import Analysis, analyze


def analysis_of(text: str, nlp: Any) -> Analysis:
    """The letter as brevtjek reads a Markdown file: '# …' lines are headings."""
    return analyze(read_text(text, "<test>", markdown=True), nlp)


def letter_facts_of(text: str, nlp: Any) -> LetterFacts:
    return compute_letter_facts(analysis_of(text, nlp))


def facts_of(text: str, nlp: Any) -> dict[str, Any]:
    """The JSON facts (``files[].facts``) of a letter."""
    return letter_facts_of(text, nlp).to_dict()


def pairs(facts: dict[str, Any]) -> list[tuple[Any, str]]:
    """(law, paragraph) of every citation, in order."""
    return [(c["law"], c["paragraph"]) for c in facts["legal_citations"]]
