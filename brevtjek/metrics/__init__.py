"""Readability metrics (LIX, sentence lengths, passive and nominal style).

Entry point: :func:`compute_metrics`, the ``files[].metrics`` object of the JSON contract:
the body's figures (``lix``, ``words``, ``sentences``, ``avg_sentence_words``,
``max_sentence_words``, ``long_word_share``, ``passive_share``, ``nominal_share``,
``long_sentence_share``), ``lix_band``, ``sections``, ``paragraphs``, ``excluded`` (address,
signature, appeal guidance, quoted law, notes — measured separately) and
``hardest_sentences``.

One module per concern: :mod:`.counting` (what a word and a sentence are),
:mod:`.lix` (the formula and the Danish bands), :mod:`.exclusions` (which parts do not
count), :mod:`.figures` (adding up and rounding), :mod:`.letter` (the whole letter).
The counting rules are documented for writers in docs/laesbarhed.md.
"""

from __future__ import annotations

from typing import Any

from brevtjek.metrics.letter import LetterMeasure, measure_cached
from brevtjek.nlp.analysis import Analysis


def letter_measure(analysis: Analysis) -> LetterMeasure:
    """The per-sentence, per-paragraph and per-section counts of a letter (cached)."""
    return measure_cached(analysis)


def compute_metrics(analysis: Analysis) -> dict[str, Any]:
    """The ``files[].metrics`` object of the JSON contract for one analysed letter."""
    return letter_measure(analysis).to_dict()
