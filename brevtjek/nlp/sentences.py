"""Rule-based sentence splitting for legal Danish.

Statistical splitters (and textstat's regexes) cut "jf. § 112, stk. 1, nr. 2" into four
sentences and end a sentence at every ordinal date ("den 3. maj"). Letters from a
municipality are full of both, and a wrong split skews every sentence-length rule and LIX.
This splitter works on spaCy tokens with explicit rules:

* "." "!" "?" "…" end a sentence (closing quotes and brackets stay with it);
* abbreviations never end a sentence, except the few that often close one ("m.v.", "osv.",
  "kr.") when the next word starts with a capital letter;
* an ordinal or numbered item ("3.", "4.") ends a sentence only when a capitalised word
  that is not a month follows;
* a blank line, and a line break before a bullet, end a sentence; a colon does only at the
  end of a line (a list follows).

The same rules run whatever pipeline is loaded, so brevtjek splits identically with
da_core_news_sm and with its bundled model.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# Abbreviations written with a final dot in Danish letters and laws. All are added to the
# tokenizer as special cases so that each stays one token with its dot.
ABBREVIATIONS: tuple[str, ...] = (
    "jf.", "jvf.", "bl.a.", "f.eks.", "fx.", "ca.", "kl.", "nr.", "stk.", "pkt.", "m.v.",
    "mv.", "osv.", "m.m.", "etc.", "m.fl.", "mfl.", "o.l.", "hr.", "fr.", "dr.", "evt.",
    "inkl.", "ekskl.", "vedr.", "pga.", "p.g.a.", "iht.", "ift.", "mht.", "ang.", "tlf.",
    "att.", "sml.", "hhv.", "dvs.", "d.v.s.", "bkg.", "bek.", "lbk.", "vejl.", "afd.", "adr.",
    "ref.", "j.nr.", "jr.nr.", "sagsnr.", "journalnr.", "cpr.nr.", "tlf.nr.", "ff.", "pr.",
    "vha.", "t.o.m.", "f.o.m.", "d.d.", "mdr.", "md.", "kr.", "gl.", "kap.",
    "cpr-nr.", "cvr-nr.", "se-nr.", "p-nr.", "sags-nr.", "tlf-nr.", "j-nr.",
    "ifm.", "iflg.", "if.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.",
    "sept.", "okt.", "nov.", "dec.", "man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn.",
    "bl.", "alm.", "ekspl.", "forts.", "sek.", "min.", "årh.", "vedl.", "cand.", "mag.",
    "jur.", "stud.", "socialrådg.", "sagsbeh.",
)
"""Written lower case; capitalised and upper-case variants are derived."""

CAN_END_SENTENCE = frozenset(
    {"m.v.", "mv.", "osv.", "m.m.", "etc.", "m.fl.", "mfl.", "o.l.", "kr.", "ff.", "mdr.", "md."}
)
"""Abbreviations that often close a sentence: they end one when a capital letter follows."""

MONTHS = frozenset(
    ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
     "oktober", "november", "december"]
)
TERMINALS = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
CLOSERS = frozenset({'"', "'", "»", "«", "”", "’", ")", "]"})
BULLET_MARKS = frozenset({"-", "–", "•", "*", "·", "▪", "○", "o"})
ORDINAL = re.compile(r"^\d{1,4}\.$")


def abbreviation_variants() -> list[str]:
    """Every spelling of the known abbreviations the tokenizer must keep whole."""
    variants: set[str] = set()
    for abbreviation in ABBREVIATIONS:
        variants.add(abbreviation)
        variants.add(abbreviation[0].upper() + abbreviation[1:])
        variants.add(abbreviation.upper())
        head, dash, tail = abbreviation.partition("-")
        if dash:  # "CPR-nr.": an upper-case acronym before the hyphen
            variants.add(head.upper() + dash + tail)
    return sorted(variants)


_ABBREVIATION_SET = frozenset(ABBREVIATIONS)


def _next_words(texts: list[str], spaces: list[bool]) -> list[int]:
    """For each token, the index of the next token that is not whitespace (-1: none)."""
    following = [-1] * len(texts)
    next_index = -1
    for index in range(len(texts) - 1, -1, -1):
        following[index] = next_index
        if not spaces[index]:
            next_index = index
    return following


def _ends_sentence(texts: list[str], lowers: list[str], spaces: list[bool], following: int,
                   index: int, starts_sentence: bool) -> bool:
    """Whether a sentence ends right after token ``index`` (closers handled by the caller).

    Works on plain lists of the token texts: a letter has thousands of tokens, and creating
    a spaCy ``Token`` object for every look at a neighbour cost more than the rules.
    """
    if following < 0:
        return False
    text = texts[index]
    if spaces[index]:
        newlines = text.count("\n")
        if newlines >= 2:
            return True
        return newlines == 1 and texts[following] in BULLET_MARKS
    if text in TERMINALS:
        return True
    if text == ":":
        return index + 1 < len(texts) and "\n" in texts[index + 1]
    lower = lowers[index]
    if len(text) > 1 and lower in _ABBREVIATION_SET:
        return lower in CAN_END_SENTENCE and texts[following][:1].isupper()
    if ORDINAL.match(text):
        if starts_sentence:  # "1. Du skal …": a numbered item, not a sentence of its own
            return False
        return texts[following][:1].isupper() and lowers[following] not in MONTHS
    return False


def sentence_starts(texts: list[str], spaces: list[bool]) -> list[bool]:
    """Which tokens start a sentence, by the rules above, from the tokens' texts alone."""
    count = len(texts)
    if count == 0:
        return []
    lowers = [text.lower() for text in texts]
    following = _next_words(texts, spaces)
    boundaries = [False] * count
    boundaries[0] = True
    index = 0
    while index < count:
        if _ends_sentence(texts, lowers, spaces, following[index], index, boundaries[index]):
            end = index + 1
            while end < count and texts[end] in CLOSERS:
                end += 1
            while end < count and spaces[end]:
                end += 1
            if end < count:
                boundaries[end] = True
            index = max(end, index + 1)
            continue
        index += 1
    return boundaries


def split_sentences(doc: Doc) -> Doc:
    """Set the sentence starts of ``doc`` by the rules above."""
    if len(doc) == 0:
        return doc
    texts = [token.text for token in doc]
    spaces = [token.is_space for token in doc]
    starts = sentence_starts(texts, spaces)
    # one array write instead of a Token object per token; -1 marks "not a start"
    values = numpy.array([1 if start else -1 for start in starts], dtype="int64")
    doc.from_array([SENT_START], values.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
    return doc


@Language.component("brevtjek_sentences")
def sentence_component(doc: Doc) -> Doc:
    """spaCy component wrapper around :func:`split_sentences`."""
    return split_sentences(doc)
