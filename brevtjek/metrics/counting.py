"""What counts as a word, a long word and a sentence, and the figures of one sentence.

LIX is only as good as its counting rules, and letters break the naive ones: case numbers
("27.15.08-G01-0412-25"), amounts ("1.862 kr."), paragraph signs and masked CPR numbers
are not words a reader reads as words. The rules (documented for writers in
docs/laesbarhed.md):

* **A word** is a token with at least one letter. Numbers, "§", "%" and punctuation are
  not words.
* **Hyphens** join, they do not split: "e-mail", "Lise-Lotte" and "CPR-nr" are one word
  each, and only their letters count towards its length ("e-mail" has 5 letters).
  "Børne-" in "Børne- og Familieafdelingen" is a word of its own (5 letters).
* **A slash** separates: "og/eller" is two words.
* **Digits:** a token that mixes letters and digits in one piece ("G01", "112a", "CO2",
  "XX.XX.2025") is a code, not a word. In a hyphenated token with a number ("3-årig",
  "10-minutters") the number part is dropped and the letter part is the word; an
  all-capital letter part next to digits ("020347-XXXX") is a code.
* **Abbreviations** ("jf.", "stk.", "bl.a.") are words; their dots are not letters, so
  "f.eks." has 4 letters.
* **A long word** has more than 6 letters (7 or more), counting letters only.
* **A sentence** is a sentence of brevtjek's splitter (brevtjek/nlp/sentences.py) that
  contains at least one word; a table cell with only "1.862" is not a sentence.
* **A long sentence** has more than 25 words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads only when a letter is checked (`rules list` starts instantly)
    from spacy.tokens import Span


LONG_WORD_MIN_LETTERS = 7
"""Björnsson's long word: more than six letters."""

LONG_SENTENCE_WORDS = 25
"""Sentences with more words than this are long (Dansk Socialrådgiverforening's guide)."""

APOSTROPHES = frozenset({"'", "’", "`", "´"})


def _letter_part(part: str, has_digits: bool) -> bool:
    if not part or any(char.isdigit() for char in part):
        return False
    if not any(char.isalpha() for char in part):
        return False
    return not (has_digits and part.isupper())


def word_letters(text: str) -> int | None:
    """Letters of ``text`` if it is one word (see the module rules), otherwise None."""
    has_digits = any(char.isdigit() for char in text)
    parts = [part for part in text.split("-") if _letter_part(part, has_digits)]
    if not parts:
        return None
    return sum(1 for part in parts for char in part if char.isalpha())


def token_words(text: str) -> list[int]:
    """Letter counts of the words in one token's text (a slash separates two words)."""
    return list(_token_words(text))


@lru_cache(maxsize=32768)
def _token_words(text: str) -> tuple[int, ...]:
    """:func:`token_words`, remembered: a letter repeats the same few hundred words, and
    counting letters character by character was a tenth of the checking time."""
    counts: list[int] = []
    for piece in text.split("/"):
        letters = word_letters(piece)
        if letters is not None:
            counts.append(letters)
    return tuple(counts)


def _is_possessive_tail(lower: str, previous_text: str, previous_spaced: bool) -> bool:
    """The "s" of "Noah’s", which the tokenizer splits off after the apostrophe."""
    return lower == "s" and previous_text in APOSTROPHES and not previous_spaced


def span_word_tokens(span: Span) -> list[tuple[int, list[int]]]:
    """(token index, letter counts of its words) for every token of ``span`` with words.

    Reads the Doc's token lists (:func:`brevtjek.nlp.tokens.doc_tokens`) rather than Token
    objects: every sentence of every letter passes through here.
    """
    from brevtjek.nlp.tokens import doc_tokens

    tokens = doc_tokens(span.doc)
    texts, lowers, is_space, spaced = tokens.text, tokens.lower, tokens.is_space, tokens.spaced
    result: list[tuple[int, list[int]]] = []
    for index in range(span.start, span.end):
        if is_space[index]:
            continue
        if index > 0 and _is_possessive_tail(lowers[index], texts[index - 1], spaced[index - 1]):
            continue
        counts = _token_words(texts[index])
        if counts:
            result.append((index, list(counts)))
    return result


@dataclass(frozen=True)
class SentenceFigures:
    """The counts of one sentence, with where it is (block and character range)."""

    block: int
    start: int
    end: int
    words: int
    long_words: int
    passives: tuple[tuple[int, int], ...]
    """Passive constructions as token ranges in the block's Doc."""
    nominalisations: tuple[int, ...]
    chain: tuple[int, ...]
    """Token indices of the longest chain of nominalisations."""
    word_tokens: tuple[int, ...]
    """Token index of each word (a token holding two words appears twice)."""
    span: Span

    @property
    def is_long(self) -> bool:
        return self.words > LONG_SENTENCE_WORDS

    @property
    def lix(self) -> float | None:
        """The sentence's own LIX: its length plus its share of long words, in percent."""
        if self.words == 0:
            return None
        return self.words + 100 * self.long_words / self.words

    @property
    def text(self) -> str:
        return self.span.doc.text[self.start:self.end] if self.span is not None else ""


def measure_sentence(block: int, start: int, end: int, span: Span) -> SentenceFigures:
    """Count words, long words, passives and nominalisations in one sentence."""
    # Imported here: brevtjek.nlp.style imports spaCy, which rule listing must not pay for.
    from brevtjek.nlp.style import nominal_chain, nominalisations, passive_constructions

    word_tokens: list[int] = []
    long_words = 0
    for index, counts in span_word_tokens(span):
        for letters in counts:
            word_tokens.append(index)
            if letters >= LONG_WORD_MIN_LETTERS:
                long_words += 1
    nominal = nominalisations(span)
    return SentenceFigures(
        block=block,
        start=start,
        end=end,
        words=len(word_tokens),
        long_words=long_words,
        passives=tuple(passive_constructions(span)),
        nominalisations=tuple(nominal),
        chain=tuple(nominal_chain(span, nominal)),
        word_tokens=tuple(word_tokens),
        span=span,
    )
