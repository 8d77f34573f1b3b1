"""Lemma-aware phrase matching in one pass over the tokens.

Vocabulary rules can hold hundreds or thousands of words and phrases. Running one regular
expression per entry costs time in proportion to the entries; this index instead stores all
phrases in one token trie and walks each document once. At every token it follows at most
two edges — the token's lower-cased form and its lemma — so the cost grows with the length
of the letter, not with the size of the vocabulary.

Matching rules:

* a phrase token matches a text token when the text token's lower-cased form or lemma equals
  the phrase token's lower-cased form or lemma ("bevilling" matches "Bevillingerne");
* whitespace tokens (extra spaces, line breaks) between words are skipped, so phrases match
  across line breaks;
* words are whole tokens, so "ydelse" never matches inside "udbetalingsydelse";
* the longest match wins; matches do not overlap.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from brevtjek.nlp.tokens import doc_tokens, on_doc

if TYPE_CHECKING:  # spaCy loads only when a letter is checked (`rules list` starts instantly)
    from spacy.tokens import Doc, Token

Payload = TypeVar("Payload")


def token_keys(token: Token) -> tuple[str, ...]:
    """The keys a text token can be matched by: lower-cased form and lemma."""
    return _lemma_keys(token.lower_, token.lemma_)


def _lemma_keys(lower: str, lemma_: str) -> tuple[str, ...]:
    """:func:`token_keys` on the token's strings (``lower_``, ``lemma_``)."""
    lemma = lemma_.lower() if lemma_ else lower
    return (lower,) if lemma == lower else (lower, lemma)


OPENERS = frozenset({":", "«", "»", '"', "„", "“", "(", "["})
"""After these a capital letter may start a quotation or a new clause, not a name."""


def used_as_name(token: Token) -> bool:
    """Whether a word is capitalised in mid-sentence, i.e. used as a name.

    Danish capitalises only names and sentence starts, so "Klagen sendes til Visitationen"
    names a municipal unit, and a word list aimed at the common noun "visitation" should
    leave it alone: the caseworker cannot rename the unit. Upper-case words (SÅFREMT) are
    emphasis, not names.
    """
    text = token.text
    if not text[:1].isupper() or text.isupper() or token.is_sent_start:
        return False
    for index in range(token.i - 1, -1, -1):
        previous = token.doc[index]
        if not previous.is_space:
            return previous.text not in OPENERS
    return False


def exact_keys(token: Token) -> tuple[str, ...]:
    """Case-sensitive matching on the form alone (e.g. "De" but not "de")."""
    return (token.text,)


_CACHED_KEYS: dict[Callable[..., tuple[str, ...]], str] = {
    token_keys: "brevtjek.phrases.token_keys",
    exact_keys: "brevtjek.phrases.exact_keys",
}
"""Key functions whose results are cached on the Doc (others, e.g. in tests, are not)."""


@dataclass(frozen=True)
class DocWords:
    """A block's words as the phrase index reads them."""

    indices: list[int]
    """Token index of each word (whitespace tokens are left out)."""
    keys: list[tuple[str, ...]]
    """The match keys of each word."""
    positions: dict[str, list[int]]
    """For each key, the word positions that carry it: a vocabulary starts walking only
    where one of its first words occurs, instead of at every word."""


def _doc_words(doc: Doc, keys: Callable[[Token], tuple[str, ...]]) -> DocWords:
    """Token indices, keys and key positions of a block's words, once per Doc and key
    function.

    Why: every vocabulary rule (a dozen shipped, more in own packs) scans the same blocks,
    and computing ``lower_``/``lemma_`` for every token was most of their cost. The shipped
    key functions read the Doc's shared token lists and keep the result on the Doc; other
    key functions (tests) read Token objects each time.
    """
    name = _CACHED_KEYS.get(keys)
    if name is not None:
        return on_doc(doc, name, lambda: _words_from_lists(doc, keys))
    words = [token for token in doc if not token.is_space]
    return _with_positions([token.i for token in words], [keys(token) for token in words])


def _words_from_lists(doc: Doc, keys: Callable[[Token], tuple[str, ...]]) -> DocWords:
    tokens = doc_tokens(doc)
    indices = [index for index, space in enumerate(tokens.is_space) if not space]
    word_keys: list[tuple[str, ...]]
    if keys is exact_keys:
        word_keys = [(tokens.text[index],) for index in indices]
    else:
        word_keys = [_lemma_keys(tokens.lower[index], tokens.lemma[index]) for index in indices]
    return _with_positions(indices, word_keys)


def _with_positions(indices: list[int], word_keys: list[tuple[str, ...]]) -> DocWords:
    positions: dict[str, list[int]] = {}
    for position, each in enumerate(word_keys):
        for key in each:
            positions.setdefault(key, []).append(position)
    return DocWords(indices, word_keys, positions)


@dataclass(eq=False)
class _Node(Generic[Payload]):
    """A trie node. Compared by identity: two distinct empty nodes are not "equal", or a
    phrase whose form and lemma differ would get its payload on only one of its branches
    (which one depended on set order, i.e. on PYTHONHASHSEED)."""

    children: dict[str, _Node[Payload]] = field(default_factory=dict)
    payload: Payload | None = None
    depth: int = 0


@dataclass(frozen=True)
class PhraseMatch(Generic[Payload]):
    """A match: token range [start, end) in the doc and the phrase's payload."""

    start: int
    end: int
    payload: Payload


_VERSIONS = itertools.count()
"""Gives each state of each index its own key for the matches kept on a Doc."""


class PhraseIndex(Generic[Payload]):
    """A trie of phrases, each a sequence of alternative key sets, with a payload."""

    def __init__(self, keys: Callable[[Token], tuple[str, ...]] = token_keys) -> None:
        self._root: _Node[Payload] = _Node()
        self._keys = keys
        self.size = 0
        self._doc_key = f"brevtjek.phrases.find.{next(_VERSIONS)}"

    def add(self, token_alternatives: Iterable[Iterable[str]], payload: Payload) -> bool:
        """Add a phrase; each position lists the keys that match there.

        Returns False (and keeps the first payload) when the same phrase was added before.
        """
        nodes = [self._root]
        depth = 0
        for alternatives in token_alternatives:
            depth += 1
            next_nodes: list[_Node[Payload]] = []
            for node in nodes:
                for key in set(alternatives):
                    child = node.children.get(key)
                    if child is None:
                        child = _Node(depth=depth)
                        node.children[key] = child
                    if child not in next_nodes:
                        next_nodes.append(child)
            nodes = next_nodes
        if depth == 0:
            return False
        added = False
        for node in nodes:
            if node.payload is None:
                node.payload = payload
                added = True
        if added:
            self.size += 1
            self._doc_key = f"brevtjek.phrases.find.{next(_VERSIONS)}"  # matches kept on Docs are stale
        return added

    def find(self, doc: Doc) -> tuple[PhraseMatch[Payload], ...]:
        """Non-overlapping longest matches, left to right.

        Kept on the Doc (:func:`~brevtjek.nlp.tokens.on_doc`): a recurring block's Doc
        serves many letters, and the dozen vocabulary rules would otherwise walk it again
        in each. A key function that is not cached on the Doc (tests) is not cached here.
        """
        if self._keys not in _CACHED_KEYS:
            return tuple(self._find(doc))
        return on_doc(doc, self._doc_key, lambda: tuple(self._find(doc)))

    def _find(self, doc: Doc) -> Iterator[PhraseMatch[Payload]]:
        words = _doc_words(doc, self._keys)
        root = self._root.children
        first_keys = root.keys() & words.positions.keys()
        if not first_keys:
            return
        indices, word_keys = words.indices, words.keys
        starts = sorted({position for key in first_keys for position in words.positions[key]})
        count = len(indices)
        covered_until = 0
        for position in starts:
            if position < covered_until:  # inside the previous match: matches do not overlap
                continue
            best: tuple[int, Payload] | None = None
            frontier: list[_Node[Payload]] = [
                root[key] for key in word_keys[position] if key in root
            ]
            cursor = position
            while frontier:
                for node in frontier:
                    if node.payload is not None and (best is None or cursor + 1 > best[0]):
                        best = (cursor + 1, node.payload)
                cursor += 1
                if cursor >= count:
                    break
                keys = word_keys[cursor]
                next_frontier: list[_Node[Payload]] = []
                for node in frontier:
                    for key in keys:
                        child = node.children.get(key)
                        if child is not None and child not in next_frontier:
                            next_frontier.append(child)
                frontier = next_frontier
            if best is None:
                continue
            end, payload = best
            yield PhraseMatch(indices[position], indices[end - 1] + 1, payload)
            covered_until = end
