"""The document model: the text a citizen reads, as plain data.

Every reader (docx, plain text, markdown) produces a :class:`Document`: an ordered list of
:class:`Block` objects. A block is one paragraph-like unit of text together with *where* it
came from, so that later stages can point a caseworker at the exact place and the annotator
can write a Word comment on exactly the flagged words.

Nothing here imports python-docx or spaCy: the model is cheap to build in tests, cheap to
pickle between worker processes, and stable for the JSON contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Part(StrEnum):
    """Where in the letter a block sits. The values are part of the JSON contract."""

    BODY = "body"
    TABLE = "table"
    HEADER = "header"
    FOOTER = "footer"
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"
    TEXTBOX = "textbox"


class Role(StrEnum):
    """What a block does in the letter's layout (not where it is)."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    QUOTE = "quote"


@dataclass(frozen=True)
class Segment:
    """A stretch of a block's text that comes from one run of the source document.

    ``start``/``end`` are offsets in :attr:`Block.text`; ``run`` is the ordinal of the
    source run within the block, in the order the reader visited them (the docx annotator
    re-reads the file in the same order to find the live XML element again).
    ``run_offset`` is where the stretch starts inside that run's own text.
    """

    start: int
    end: int
    run: int
    run_offset: int = 0


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of text with its place in the letter."""

    index: int
    text: str
    part: Part = Part.BODY
    role: Role = Role.PARAGRAPH
    section: str | None = None
    """Text of the heading the block sits under (None before the first heading)."""
    heading_level: int | None = None
    style: str | None = None
    """The source paragraph style name (Word) or markup kind (markdown), for rules and layout."""
    source_index: int = 0
    """Ordinal of the source paragraph element among those the reader visited."""
    segments: tuple[Segment, ...] = ()
    table: tuple[int, int, int] | None = None
    """(table ordinal, row, column) for blocks inside a table cell."""

    @property
    def is_heading(self) -> bool:
        return self.role is Role.HEADING


@dataclass(frozen=True)
class Document:
    """A whole letter: its blocks in reading order plus facts about the source file."""

    path: str
    blocks: tuple[Block, ...]
    format: str = "text"
    """'docx', 'text' or 'markdown'."""
    warnings: tuple[str, ...] = field(default=())
    """Danish notes about things the reader skipped or capped (shown to the user)."""

    @property
    def text(self) -> str:
        """All block texts joined by blank lines (for quick inspection, not for offsets)."""
        return "\n\n".join(block.text for block in self.blocks)
