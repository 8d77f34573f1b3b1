"""Regular expressions that remember their results per text.

Why: the fact finders run dozens of patterns over each sentence of a letter, and letters
made from one template share most of their sentences word for word (the appeal guidance,
the reasoning boilerplate). A pattern's result depends on the text alone, so a batch
worker can look it up instead of scanning again. Each pattern keeps its last
:data:`REMEMBERED` texts (least recently used dropped), which bounds the memory.

Only ``search``, ``match`` and ``finditer`` without positions are offered: the callers use
no others, and a result that depended on more than the text could not be shared.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

REMEMBERED = 512
"""Texts remembered per pattern, and per text function of the fact finders
(``lru_cache(maxsize=REMEMBERED)``): the sentences of a few templates. More would hold more
one-off sentences (names, amounts) in a worker without saving more work."""


class RememberedPattern:
    """A compiled pattern whose ``search``, ``match`` and ``finditer`` results are kept per text."""

    __slots__ = ("finditer", "match", "pattern", "search")

    def __init__(self, pattern: re.Pattern[str], size: int = REMEMBERED) -> None:
        self.pattern = pattern
        self.search: Callable[[str], re.Match[str] | None] = lru_cache(maxsize=size)(pattern.search)
        self.match: Callable[[str], re.Match[str] | None] = lru_cache(maxsize=size)(pattern.match)
        self.finditer: Callable[[str], tuple[re.Match[str], ...]] = lru_cache(maxsize=size)(
            lambda text: tuple(pattern.finditer(text)))


def remembered(pattern: str, flags: int = 0) -> RememberedPattern:
    """``re.compile(pattern, flags)``, remembering its results per text."""
    return RememberedPattern(re.compile(pattern, flags))


__all__ = ["REMEMBERED", "RememberedPattern", "remembered"]
