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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from spacy.tokens import Doc, Token

Payload = TypeVar("Payload")


def token_keys(token: Token) -> tuple[str, ...]:
    """The keys a text token can be matched by: lower-cased form and lemma."""
    lower = token.lower_
    lemma = token.lemma_.lower() if token.lemma_ else lower
    return (lower,) if lemma == lower else (lower, lemma)


def exact_keys(token: Token) -> tuple[str, ...]:
    """Case-sensitive matching on the form alone (e.g. "De" but not "de")."""
    return (token.text,)


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


class PhraseIndex(Generic[Payload]):
    """A trie of phrases, each a sequence of alternative key sets, with a payload."""

    def __init__(self, keys: Callable[[Token], tuple[str, ...]] = token_keys) -> None:
        self._root: _Node[Payload] = _Node()
        self._keys = keys
        self.size = 0

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
        return added

    def find(self, doc: Doc) -> Iterator[PhraseMatch[Payload]]:
        """Non-overlapping longest matches, left to right."""
        words = [token for token in doc if not token.is_space]
        root = self._root.children
        token_keys = self._keys
        position = 0
        count = len(words)
        while position < count:
            best: tuple[int, Payload] | None = None
            frontier: list[_Node[Payload]] = [
                root[key] for key in token_keys(words[position]) if key in root
            ]
            cursor = position
            while frontier:
                for node in frontier:
                    if node.payload is not None and (best is None or cursor + 1 > best[0]):
                        best = (cursor + 1, node.payload)
                cursor += 1
                if cursor >= count:
                    break
                keys = token_keys(words[cursor])
                next_frontier: list[_Node[Payload]] = []
                for node in frontier:
                    for key in keys:
                        child = node.children.get(key)
                        if child is not None and child not in next_frontier:
                            next_frontier.append(child)
                frontier = next_frontier
            if best is None:
                position += 1
                continue
            end, payload = best
            yield PhraseMatch(words[position].i, words[end - 1].i + 1, payload)
            position = end
