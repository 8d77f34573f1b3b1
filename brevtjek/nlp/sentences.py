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

from spacy.language import Language
from spacy.tokens import Doc, Token

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


def _is_abbreviation(token: Token) -> bool:
    return len(token.text) > 1 and token.lower_ in _ABBREVIATION_SET


_ABBREVIATION_SET = frozenset(ABBREVIATIONS)


def _next_word(doc: Doc, index: int) -> Token | None:
    for position in range(index + 1, len(doc)):
        if not doc[position].is_space:
            return doc[position]
    return None


def _starts_upper(token: Token | None) -> bool:
    return token is not None and token.text[:1].isupper()


def _ends_sentence(doc: Doc, index: int, starts_sentence: bool) -> bool:
    """Whether a sentence ends right after token ``index`` (closers handled by the caller)."""
    token = doc[index]
    text = token.text
    following = _next_word(doc, index)
    if following is None:
        return False
    if token.is_space:
        newlines = text.count("\n")
        if newlines >= 2:
            return True
        return newlines == 1 and following.text in BULLET_MARKS
    if text in TERMINALS:
        return True
    if text == ":":
        return index + 1 < len(doc) and "\n" in doc[index + 1].text
    if _is_abbreviation(token):
        return token.lower_ in CAN_END_SENTENCE and _starts_upper(following)
    if ORDINAL.match(text):
        if starts_sentence:  # "1. Du skal …": a numbered item, not a sentence of its own
            return False
        return _starts_upper(following) and following.lower_ not in MONTHS
    return False


def split_sentences(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token of ``doc`` by the rules above."""
    if len(doc) == 0:
        return doc
    boundaries = [False] * len(doc)
    boundaries[0] = True
    index = 0
    while index < len(doc):
        if _ends_sentence(doc, index, boundaries[index]):
            end = index + 1
            while end < len(doc) and doc[end].text in CLOSERS:
                end += 1
            while end < len(doc) and doc[end].is_space:
                end += 1
            if end < len(doc):
                boundaries[end] = True
            index = max(end, index + 1)
            continue
        index += 1
    for token, boundary in zip(doc, boundaries, strict=False):
        token.is_sent_start = boundary
    return doc


@Language.component("brevtjek_sentences")
def sentence_component(doc: Doc) -> Doc:
    """spaCy component wrapper around :func:`split_sentences`."""
    return split_sentences(doc)
