"""Read plain-text and Markdown letters into the document model.

Blank lines separate paragraphs. Inside a paragraph a single line break is kept in the
block text (a hard-wrapped paragraph is still one paragraph), but a line that starts a list
item or a Markdown heading starts a block of its own, so bullets and headings count as
sentences of their own, as they do in a Word letter.
"""

from __future__ import annotations

import re

from brevtjek.document.model import Block, Document, Part, Role

BULLET = re.compile(r"^[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+")
MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+")
SETEXT_UNDERLINE = re.compile(r"^[ \t]*(=+|-+)[ \t]*$")


HEADING_MAX_CHARS = 80


def _looks_like_heading(line: str) -> bool:
    """A short stand-alone line that does not end like a sentence: a heading in plain text."""
    return (
        len(line) <= HEADING_MAX_CHARS
        and len(line.split()) <= 12
        and line[-1] not in ".,;:!?"
        and line[:1].isupper()
    )


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with their start offsets, line endings normalised away."""
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        lines.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return lines


def split_blocks(text: str, markdown: bool) -> list[tuple[str, Role, int | None]]:
    """Split text into (block text, role, heading level) triples."""
    blocks: list[tuple[str, Role, int | None]] = []
    current: list[str] = []
    current_role = Role.PARAGRAPH

    def flush() -> None:
        nonlocal current, current_role
        joined = "\n".join(current).strip()
        if joined:
            if current_role is Role.PARAGRAPH and len(current) == 1 and _looks_like_heading(joined):
                blocks.append((joined, Role.HEADING, 2))
            else:
                blocks.append((joined, current_role, None))
        current = []
        current_role = Role.PARAGRAPH

    lines = _logical_lines(text)
    for number, (_, line) in enumerate(lines):
        if not line.strip():
            flush()
            continue
        heading = MD_HEADING.match(line) if markdown else None
        if heading:
            flush()
            title = line[heading.end() :].strip().rstrip("#").strip()
            if title:  # a bare "# " is no heading: an empty block would have no text
                blocks.append((title, Role.HEADING, len(heading.group(1))))
            continue
        if markdown and SETEXT_UNDERLINE.match(line) and current and len(current) == 1:
            title = current[0].strip()
            current = []
            blocks.append((title, Role.HEADING, 1 if line.strip()[0] == "=" else 2))
            continue
        bullet = BULLET.match(line)
        if bullet:
            flush()
            current = [line[bullet.end() :]]
            current_role = Role.LIST_ITEM
            continue
        if current_role is Role.LIST_ITEM and number > 0 and not line.startswith((" ", "\t")):
            flush()
        current.append(line.strip())
    flush()
    return blocks


def read_text(text: str, path: str, markdown: bool = False, warnings: tuple[str, ...] = ()) -> Document:
    """Build a document from decoded text."""
    blocks: list[Block] = []
    section: str | None = None
    for source_index, (block_text, role, level) in enumerate(split_blocks(text, markdown)):
        if role is Role.HEADING:
            section = block_text
        blocks.append(
            Block(
                index=len(blocks),
                text=block_text,
                part=Part.BODY,
                role=role,
                section=section,
                heading_level=level,
                style="markdown" if markdown else None,
                source_index=source_index,
            )
        )
    return Document(
        path=path,
        blocks=tuple(blocks),
        format="markdown" if markdown else "text",
        warnings=warnings,
    )


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode letter bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Danish Windows machines still save .txt files as Windows-1252; reading them that way
    gives the right æ/ø/å, and a note tells the user what happened.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), ()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), ()
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), (
            "Filen er ikke gemt som UTF-8; den er læst som Windows-1252 (Vesteuropæisk).",
        )
