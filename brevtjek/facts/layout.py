"""How a decision letter is laid out: which blocks are its result, reasons, rules, guidance.

Ankestyrelsen's recipe for a decision letter is heading → result → reasons → the party's
views → rules → klagevejledning, and most municipal templates follow it with headings
("Begrundelse", "Regler", "Klagevejledning"). Those headings are the strongest cue to what
a paragraph is for, stronger than any word in it, so every extractor starts from this view.

A block's *section kind* comes from the heading it sits under. Letters without headings
still work: an unheaded paragraph that grants the right to complain is treated as appeal
guidance (see :func:`brevtjek.facts.appeal.is_appeal_statement`), and everything else is
the letter's main text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from brevtjek.document.model import Part, Role
from brevtjek.facts.remembered import REMEMBERED
from brevtjek.nlp.analysis import Analysis, AnalyzedBlock

BODY_PARTS = frozenset({Part.BODY, Part.TABLE, Part.TEXTBOX})

APPEAL = "appeal"
REASONS = "reasons"
RULES = "rules"
NEXT = "next"
APPENDIX = "appendix"
OTHER = "other"

_SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (APPEAL, re.compile(
        r"klagevejledning|klageadgang|klagemulighed|klageret|vejledning om klage|uenig|for at klage"
        r"|\b(?:vil|kan|sådan|hvordan|hvis)\b.*\bklage|\bklage\s+(?:til|over)\b", re.I)),
    (APPENDIX, re.compile(r"^\s*(?:bilag|uddrag|appendiks)\b", re.I)),
    (RULES, re.compile(
        r"\bregler(?:ne)?\b|lovgrundlag|hjemmel|lovgivning|retsgrundlag|lovregler", re.I)),
    (REASONS, re.compile(
        r"begrundelse|\bhvorfor\b|\bderfor\b|vurdering|baggrund|lagt vægt|\bdet har du sagt",
        re.I)),
    (NEXT, re.compile(r"hvad sker der|det sker der nu|hvad skal du|sådan betaler|sådan får du",
                      re.I)),
)

CLOSING = re.compile(
    r"^\s*(?:med\s+)?(?:venlig(?:st)?|venlige|kærlig|mange|bedste)\s+hilsen\b|^\s*mvh\b"
    r"|^\s*hilsen\s*$",
    re.I,
)


LETTERHEAD = re.compile(
    r"\b\d{1,2}\.\s*(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober"
    r"|november|december)\s+\d{4}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
    r"|^\s*(?:dato|sagsnr|sagsnummer|j\.\s*nr|journalnr|cpr|vores\s+ref|deres\s+ref)\b"
    r"|\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+\s*$",
    re.I,
)
"""Date, case number and address lines: plain-text letters make them "headings" (short
lines without a full stop), but they are the letterhead, not the letter's subject."""


@lru_cache(maxsize=REMEMBERED)
def section_kind(heading: str | None) -> str:
    """What a section is for, from its heading text (OTHER when unknown or absent).

    Remembered per heading: every block of a section asks, and template letters share
    their headings."""
    if not heading:
        return OTHER
    for kind, pattern in _SECTION_KINDS:
        if pattern.search(heading):
            return kind
    return OTHER


@dataclass(frozen=True)
class Sentence:
    """A sentence of a block: its text and character range in the block text."""

    block: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class LetterBlock:
    """One block of the letter with what the layout says about it."""

    analyzed: AnalyzedBlock
    section_kind: str
    """Kind of the section the block is in (for a heading: of its own section)."""
    after_closing: bool
    """After "Med venlig hilsen" and before the next heading: the signature."""
    is_closing: bool

    @property
    def index(self) -> int:
        return self.analyzed.block.index

    @property
    def text(self) -> str:
        return self.analyzed.block.text

    @property
    def is_heading(self) -> bool:
        return self.analyzed.block.role is Role.HEADING

    @property
    def is_quote(self) -> bool:
        return self.analyzed.block.role is Role.QUOTE

    @property
    def in_body(self) -> bool:
        return self.analyzed.block.part in BODY_PARTS

    @property
    def in_table(self) -> bool:
        return self.analyzed.block.part is Part.TABLE

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        text = self.text
        found = tuple(Sentence(self.index, ref.start, ref.end, text[ref.start:ref.end])
                      for ref in self.analyzed.sentences())
        if found:
            return found
        stripped = text.strip()
        if not stripped:
            return ()
        start = text.index(stripped)
        return (Sentence(self.index, start, start + len(stripped), stripped),)


GuidanceMap = Mapping[int, int]
"""Where the klagevejledning is: block index → offset in the block where it starts (0 for a
block that is guidance throughout, e.g. under a "Klagevejledning" heading)."""


def outside_guidance(block: LetterBlock, guidance: GuidanceMap) -> tuple[Sentence, ...]:
    """The block's sentences that come before any klagevejledning in it."""
    cut = guidance.get(block.index)
    if cut is None:
        return block.sentences
    return tuple(sentence for sentence in block.sentences if sentence.start < cut)


class Layout:
    """The letter's blocks with their section kinds, in reading order."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        blocks: list[LetterBlock] = []
        after_closing = False
        for analyzed in analysis.blocks:
            block = analyzed.block
            kind = section_kind(block.text if block.role is Role.HEADING else block.section)
            closing = bool(CLOSING.match(block.text)) and block.part in BODY_PARTS
            if block.role is Role.HEADING and not closing:
                after_closing = False
            blocks.append(LetterBlock(analyzed, kind, after_closing and not closing, closing))
            if closing:
                after_closing = True
        self.blocks: tuple[LetterBlock, ...] = tuple(blocks)

    def block(self, index: int) -> LetterBlock:
        return self.blocks[index]

    @cached_property
    def body(self) -> tuple[LetterBlock, ...]:
        """Blocks a citizen reads as the letter: body, tables and text boxes, no quoted law."""
        return tuple(b for b in self.blocks if b.in_body and not b.is_quote)

    @cached_property
    def first_heading(self) -> LetterBlock | None:
        """The letter's subject line: its first heading that is not a letterhead line."""
        return next((b for b in self.body if b.is_heading and not LETTERHEAD.search(b.text)), None)

    def section_of(self, block: LetterBlock) -> tuple[LetterBlock, ...]:
        """The blocks of the section ``block`` belongs to (its heading first, if any)."""
        body = self.body
        position = body.index(block)
        start = position
        while start > 0 and not body[start].is_heading:
            start -= 1
        end = position + 1
        while end < len(body) and not body[end].is_heading:
            end += 1
        return body[start:end]
