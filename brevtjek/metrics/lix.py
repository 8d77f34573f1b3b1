"""LIX (læsbarhedsindeks, Björnsson 1968) and its Danish interpretation bands.

    LIX = words / sentences + 100 × long words / words

The bands are the ones Danish sources use (dansksproghistorie.dk, fonologisk.dk): children's
books score under 25, newspapers 35–44, legislation 55 and more. With a decimal LIX the
band is chosen by its lower bound, so 24.9 is still "meget let" and 25.0 is "let".
"""

from __future__ import annotations

BANDS: tuple[tuple[float, str], ...] = (
    (55.0, "meget svær"),
    (45.0, "svær"),
    (35.0, "middel"),
    (25.0, "let"),
    (float("-inf"), "meget let"),
)
"""(lower bound, Danish label), hardest first."""

BAND_RANGES = {
    "meget let": "≤ 24",
    "let": "25–34",
    "middel": "35–44",
    "svær": "45–54",
    "meget svær": "≥ 55",
}


def lix(words: int, sentences: int, long_words: int) -> float | None:
    """LIX of a text with these counts; None when there is nothing to measure."""
    if words <= 0 or sentences <= 0:
        return None
    return words / sentences + 100.0 * long_words / words


def band(value: float | None) -> str | None:
    """The Danish band of a LIX value ("middel", "svær" …), or None for no value."""
    if value is None:
        return None
    for lower, label in BANDS:
        if value >= lower:
            return label
    return BANDS[-1][1]
