"""Which parts of a letter do not count towards its readability figure, and why.

A letter's LIX should measure what its writer wrote for this citizen. Four kinds of text
would distort it, so they are measured separately (domain report §3.2, "Exclusions"):

* ``address`` — the recipient's address, date and case number at the top (the blocks
  before the first heading that do not read as prose, including a metadata table), plus
  the page header and footer (letterhead, the municipality's address);
* ``signature`` — "Med venlig hilsen" / "Venlig hilsen" and everything after it up to the
  next heading (name, title, phone number);
* ``appeal_guidance`` — the standard klagevejledning: a section headed "Klagevejledning",
  "Hvis du vil klage", "Sådan klager du", "Hvis du er uenig" …, up to the next heading of
  the same or a higher level;
* ``law_quote`` — quoted law text: Quote-style blocks, and an appendix section ("Bilag …",
  "Uddrag af …") that quotes a paragraph ("§ 112. …", "Stk. 2. …");
* ``notes`` — footnotes and endnotes (not part of the letter's running text).

Everything here works on the document model alone, so it is cheap and testable without
spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum

from brevtjek.document.model import Block, Part, Role
from brevtjek.metrics.counting import token_words


class Exclusion(StrEnum):
    """Why a block is left out of the body figure. Values are JSON keys."""

    ADDRESS = "address"
    SIGNATURE = "signature"
    APPEAL_GUIDANCE = "appeal_guidance"
    LAW_QUOTE = "law_quote"
    NOTES = "notes"


BODY_PARTS = frozenset({Part.BODY, Part.TABLE, Part.TEXTBOX})
DEFAULT_HEADING_LEVEL = 2
"""Level of a heading whose level the reader could not tell (plain text, bold lines)."""

APPEAL_HEADING = re.compile(
    r"^\s*(?:"
    r"klage(?:vejledning(?:en)?|muligheder|mulighed|adgang|frist|regler)?\b"
    r"|vejledning om klage"
    r"|(?:hvis|sådan|hvordan|når|vil)\b.{0,40}?\b(?:klage\w*|uenig)\b"
    r"|(?:du|i|de) kan klage\b"
    r")",
    re.IGNORECASE,
)
APPENDIX_HEADING = re.compile(r"^\s*(?:bilag\b|uddrag af\b|lovtekst)", re.IGNORECASE)
LAW_PARAGRAPH_START = re.compile(
    r"^\s*(?:§{1,2}\s*\d+\s*[a-zæøå]?\s*\.(?:\s|$)|stk\.\s*\d+\s*\.)", re.IGNORECASE
)
SIGN_OFF = re.compile(
    r"^\s*(?:med\s+)?(?:(?:de\s+)?(?:bedste|venlig(?:e|st)?|kærlig(?:e|st)?)\s+hils(?:en|ner)"
    r"|mvh\.?|vh\.?)\s*[,.!]?\s*(?:\n|$)",
    re.IGNORECASE,
)
DATE_OR_CASE_LINE = re.compile(
    r"^\s*(?:dato|sagsnr|sagsnummer|j\.?\s*nr|journalnr|jr\.?\s*nr|vores ref|jeres ref|ref\b"
    r"|cpr"
    r"|(?:[A-ZÆØÅ][\w-]*,?\s+)?(?:den\s+)?\d{1,2}\.\s*(?:januar|februar|marts|april|maj|juni"
    r"|juli|august|september|oktober|november|december)\s+\d{4}\.?\s*$)",
    re.IGNORECASE,
)
"""A date line ("Egebæk, den 3. marts 2025") or a case-number line ("Sagsnr. …")."""
POSTAL_LINE = re.compile(
    r"^\s*(?:\d{4}\s+\S.*|[A-ZÆØÅ][^\d§\n]{1,40}?\s\d{1,4}[A-Za-z]?\b(?:,\s*.{0,20})?)\s*$"
)
"""A postcode and town ("9998 Egebæk") or a street and number ("Vejen 7, 1. th.")."""
ADDRESS_START = re.compile(r"^\s*(?:hr\.|fru\b|frk\.|til\b|att\.)", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"'»«”’)\]]*\s*$")

MAX_SIGNATURE_BLOCKS = 4
"""Greeting, name, title, phone: a signature longer than this is letter text again."""
MAX_NAME_WORDS = 5
PROSE_MIN_WORDS = 2
PROSE_LINE_WORDS = 6
PROSE_SINGLE_LINE_WORDS = 12
PROSE_BLOCK_WORDS = 30


def line_words(line: str) -> int:
    """Words in a line by the LIX word rules (whitespace-separated, punctuation stripped)."""
    count = 0
    for piece in line.split():
        count += len(token_words(piece.strip(".,;:!?()[]\"'»«”’–")))
    return count


def is_prose(block: Block) -> bool:
    """Whether a block reads as running text rather than an address, date or case line."""
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    if not lines:
        return False
    if sum(line_words(line) for line in lines) > PROSE_BLOCK_WORDS:
        return True
    if len(lines) == 1:
        line = lines[0]
        words = line_words(line)
        if words >= PROSE_SINGLE_LINE_WORDS:
            return True
        if block.part is Part.TABLE or words < PROSE_MIN_WORDS:
            return False  # a metadata table's cells; a lone "Vedr." or "Hr."
        return bool(SENTENCE_END.search(line)) and not DATE_OR_CASE_LINE.match(line)
    return any(line_words(line) >= PROSE_LINE_WORDS and SENTENCE_END.search(line) for line in lines)


def _address_line(text: str) -> bool:
    """A short line a plain-text reader may take for a heading but that belongs to the
    address: a date or case line, a street or postcode line, "Hr./Fru/Til …"."""
    if "\n" in text or line_words(text) > PROSE_LINE_WORDS:
        return False
    return bool(DATE_OR_CASE_LINE.match(text) or ADDRESS_START.match(text)
                or POSTAL_LINE.match(text))


def _level(block: Block) -> int:
    return block.heading_level or DEFAULT_HEADING_LEVEL


def _section_blocks(body: Sequence[Block], start: int) -> Iterable[Block]:
    """The blocks after the heading ``body[start]`` up to the next heading at its level."""
    level = _level(body[start])
    for block in body[start + 1:]:
        if block.is_heading and _level(block) <= level:
            return
        yield block


def _quotes_law(block: Block) -> bool:
    return block.role is Role.QUOTE or bool(LAW_PARAGRAPH_START.match(block.text))


def classify_blocks(blocks: Sequence[Block]) -> dict[int, Exclusion]:
    """Block index → why it is excluded, for every excluded block of a letter."""
    result: dict[int, Exclusion] = {}
    for block in blocks:
        if block.part in (Part.HEADER, Part.FOOTER):
            result[block.index] = Exclusion.ADDRESS
        elif block.part in (Part.FOOTNOTE, Part.ENDNOTE):
            result[block.index] = Exclusion.NOTES
    body = [block for block in blocks if block.part in BODY_PARTS]
    for block in body:
        if (block.is_heading and not _address_line(block.text)) or is_prose(block):
            break
        result[block.index] = Exclusion.ADDRESS
    section_kind: Exclusion | None = None
    section_level = 0
    signature_blocks = 0
    for position, block in enumerate(body):
        if block.index in result:
            continue
        if signature_blocks and _ends_signature(block, signature_blocks):
            signature_blocks = 0
        if block.is_heading and not signature_blocks:
            if section_kind is not None and _level(block) <= section_level:
                section_kind = None
            if section_kind is None:
                if APPEAL_HEADING.match(block.text):
                    section_kind, section_level = Exclusion.APPEAL_GUIDANCE, _level(block)
                elif APPENDIX_HEADING.match(block.text) and any(
                    _quotes_law(inner) for inner in _section_blocks(body, position)
                ):
                    section_kind, section_level = Exclusion.LAW_QUOTE, _level(block)
        if block.role is Role.QUOTE:
            result[block.index] = Exclusion.LAW_QUOTE
        elif signature_blocks or SIGN_OFF.match(block.text):
            signature_blocks += 1
            result[block.index] = Exclusion.SIGNATURE
        elif section_kind is not None:
            result[block.index] = section_kind
    return result


def _name_like(text: str) -> bool:
    """A line or two of capitalised words: a name or a title ("Bente Holm", "Visitator")."""
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    return 0 < len(words) <= MAX_NAME_WORDS and all(word[:1].isupper() for word in words)


def _ends_signature(block: Block, blocks_so_far: int) -> bool:
    """Whether ``block`` is past the signature that has run for ``blocks_so_far`` blocks.

    A plain-text reader takes a lone name line ("Bente Holm Madsen") for a heading, so a
    heading ends the signature only when it does not look like a name, or when it opens the
    appeal guidance or an appendix; running prose or a long run of blocks ends it too.
    """
    if blocks_so_far >= MAX_SIGNATURE_BLOCKS or is_prose(block):
        return True
    if not block.is_heading:
        return False
    return (not _name_like(block.text) or bool(APPEAL_HEADING.match(block.text))
            or bool(APPENDIX_HEADING.match(block.text)))
