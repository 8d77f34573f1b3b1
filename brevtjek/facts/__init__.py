"""Fact extraction: what the letter decides, under which law, why, and how to complain.

Entry point: :func:`extract_facts` (filled in by the decision-facts work; see issue 5).
"""

from __future__ import annotations

from typing import Any

from brevtjek.nlp.analysis import Analysis


def extract_facts(analysis: Analysis) -> dict[str, Any]:
    """The ``files[].facts`` object of the JSON contract for one analysed letter."""
    return {}
