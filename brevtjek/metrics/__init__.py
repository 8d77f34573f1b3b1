"""Readability metrics (LIX, sentence lengths, passive and nominal style).

Entry point: :func:`compute_metrics` (filled in by the readability work; see issue 6).
"""

from __future__ import annotations

from typing import Any

from brevtjek.nlp.analysis import Analysis


def compute_metrics(analysis: Analysis) -> dict[str, Any]:
    """The ``files[].metrics`` object of the JSON contract for one analysed letter."""
    return {}
