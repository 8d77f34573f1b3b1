"""A Doc's token attributes as plain Python lists, read once per Doc.

Why: the style checks, the word counting and the phrase index all walk the same tokens,
and each ``doc[i]`` builds a new ``Token`` object while each ``lower_``/``lemma_`` looks a
string up in the vocabulary. Per letter that was as costly as the tagger itself. Reading
every attribute once into lists, and keeping the lists in ``doc.user_data`` under a string
key, lets the hot loops index lists instead.

No spaCy import here: :mod:`brevtjek.rules.phrases` uses it, and rule listing must not load
spaCy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "brevtjek.tokens"

Value = TypeVar("Value")


def on_doc(doc: Doc, key: str, compute: Callable[[], Value]) -> Value:
    """``compute()``, worked out once per Doc and kept in ``doc.user_data[key]``.

    Facts, metrics and rules each read the same blocks; what they derive from a Doc is
    stored with it under a string key and dies with it. The values may hold spaCy objects
    (Spans), so a Doc carrying them is not for ``to_bytes``; brevtjek never serialises one.
    """
    cached: Any = doc.user_data.get(key)
    if cached is None:
        cached = doc.user_data[key] = compute()
    return cached


@dataclass(frozen=True)
class DocTokens:
    """Per-token attributes of one Doc, indexed by token index (``token.i``)."""

    text: list[str]
    lower: list[str]
    """``token.lower_``."""
    lemma: list[str]
    """``token.lemma_`` as the pipeline set it (may be empty)."""
    is_space: list[bool]
    is_punct: list[bool]
    is_alpha: list[bool]
    spaced: list[bool]
    """Whether whitespace follows the token (``bool(token.whitespace_)``)."""


def doc_tokens(doc: Doc) -> DocTokens:
    """The token attribute lists of ``doc``, computed on first use and then reused."""
    return on_doc(doc, _KEY, lambda: _read_tokens(doc))


def _read_tokens(doc: Doc) -> DocTokens:
    text: list[str] = []
    lower: list[str] = []
    lemma: list[str] = []
    is_space: list[bool] = []
    is_punct: list[bool] = []
    is_alpha: list[bool] = []
    spaced: list[bool] = []
    for token in doc:
        text.append(token.text)
        lower.append(token.lower_)
        lemma.append(token.lemma_)
        is_space.append(token.is_space)
        is_punct.append(token.is_punct)
        is_alpha.append(token.is_alpha)
        spaced.append(bool(token.whitespace_))
    return DocTokens(text, lower, lemma, is_space, is_punct, is_alpha, spaced)
