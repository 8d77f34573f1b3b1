"""Read a Word (.docx) letter into the document model.

python-docx opens the package and gives us the parts; for everything it has no API for
(text boxes, content controls, tracked changes, footnotes, merged cells) we walk the
WordprocessingML ourselves. The walk is the single source of truth for reading order and
run ordinals: the annotator calls :func:`walk_docx` again on its own copy of the file and
gets the very same paragraphs and runs back as live XML elements.

What counts as text is what a citizen would read in Word with all tracked changes accepted:
inserted text is kept, deleted text dropped, field instructions skipped (their results kept),
and a text box's alternate-content fallback read only once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx import Document as open_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from brevtjek.document.model import Block, Document, Part, Role, Segment

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, R, T, TAB, BR, CR = _w("p"), _w("r"), _w("t"), _w("tab"), _w("br"), _w("cr")
TBL, TR, TC, SDT, SDT_CONTENT = _w("tbl"), _w("tr"), _w("tc"), _w("sdt"), _w("sdtContent")
TXBX = _w("txbxContent")
NO_BREAK_HYPHEN = _w("noBreakHyphen")
MC_ALTERNATE, MC_CHOICE = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice"

# Containers whose children are read as if they were not there.
TRANSPARENT = {
    _w(tag)
    for tag in ("hyperlink", "smartTag", "ins", "moveTo", "fldSimple", "customXml", "dir", "bdo")
}
# Containers whose content a reader of the accepted document never sees.
SKIPPED = {_w(tag) for tag in ("del", "moveFrom", "pPr", "rPr", "instrText", "delText")}

MAX_TABLE_DEPTH = 40
"""Deeper nesting is not read: Word itself refuses to edit tables nested this deep."""

HEADING_STYLE = re.compile(r"^(heading|overskrift|rubrik)\s*(\d)?$", re.IGNORECASE)
TITLE_STYLE = re.compile(r"^(title|titel)$", re.IGNORECASE)
LIST_STYLE = re.compile(r"(list|liste|punkt|opstilling)", re.IGNORECASE)
QUOTE_STYLE = re.compile(r"(quote|citat)", re.IGNORECASE)
BOLD_HEADING_MAX_CHARS = 80
BOLD_HEADING_MAX_WORDS = 12


@dataclass
class ParagraphText:
    """Text of one w:p, its run segments, and (on request) the run elements behind them."""

    text: str
    segments: list[Segment]
    runs: list[Any]
    """Live w:r elements by run ordinal (empty unless the walk keeps elements)."""
    bold_chars: int
    textboxes: list[Any]


@dataclass
class WalkedParagraph:
    """A paragraph the walk visited, with everything needed to build a block."""

    part: Part
    element: Any
    text: ParagraphText
    table: tuple[int, int, int] | None = None
    in_table: bool = False


@dataclass
class _WalkState:
    keep_elements: bool
    table_counter: int = 0
    warnings: list[str] = field(default_factory=list)


def _is_on(element: Any) -> bool:
    """A WordprocessingML on/off property (w:b, w:vMerge …): present and not switched off."""
    value = element.get(_w("val"))
    return value not in ("0", "false", "off")


def _run_is_bold(run: Any) -> bool:
    rpr = run.find(_w("rPr"))
    if rpr is None:
        return False
    bold = rpr.find(_w("b"))
    return bold is not None and _is_on(bold)


def _read_paragraph(paragraph: Any, keep_elements: bool) -> ParagraphText:
    """Collect the visible text of a paragraph and map it to run ordinals."""
    pieces: list[str] = []
    segments: list[Segment] = []
    runs: list[Any] = []
    textboxes: list[Any] = []
    bold_chars = 0
    length = 0
    run_ordinal = -1

    def visit_run(run: Any) -> None:
        nonlocal length, bold_chars, run_ordinal
        run_ordinal += 1
        if keep_elements:
            runs.append(run)
        run_text: list[str] = []
        for child in run:
            tag = child.tag
            if tag == T:
                run_text.append(child.text or "")
            elif tag == TAB:
                run_text.append("\t")
            elif tag in (BR, CR):
                run_text.append("\n")
            elif tag == NO_BREAK_HYPHEN:
                run_text.append("-")
            else:
                textboxes.extend(_find_textboxes(child))
        text = "".join(run_text)
        if text:
            segments.append(Segment(length, length + len(text), run_ordinal, 0))
            pieces.append(text)
            length += len(text)
            if _run_is_bold(run):
                bold_chars += len(text.strip())

    def visit(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag == R:
                visit_run(child)
            elif tag in TRANSPARENT:
                visit(child)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    visit(content)
            elif tag == MC_ALTERNATE:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    visit(choice)
            elif tag in SKIPPED or not isinstance(tag, str):
                continue

    visit(paragraph)
    return ParagraphText("".join(pieces), segments, runs, bold_chars, textboxes)


def _find_textboxes(element: Any) -> list[Any]:
    """Text-box bodies under a drawing, read once: the mc:Fallback copy is ignored."""
    found: list[Any] = []

    def visit(node: Any) -> None:
        tag = node.tag
        if tag == TXBX:
            found.append(node)
        elif tag == MC_ALTERNATE:
            choice = node.find(MC_CHOICE)
            if choice is not None:
                visit(choice)
        elif isinstance(tag, str):
            for child in node:
                visit(child)

    visit(element)
    return found


def _walk_container(
    container: Any,
    part: Part,
    state: _WalkState,
    depth: int = 0,
    table: tuple[int, int, int] | None = None,
) -> Iterator[WalkedParagraph]:
    """Yield paragraphs of a block container (body, cell, header, text box) in order."""
    for child in container:
        tag = child.tag
        if tag == P:
            text = _read_paragraph(child, state.keep_elements)
            yield WalkedParagraph(part, child, text, table, table is not None)
            for textbox in text.textboxes:
                yield from _walk_container(textbox, Part.TEXTBOX, state, depth + 1)
        elif tag == TBL:
            yield from _walk_table(child, part, state, depth + 1)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _walk_container(content, part, state, depth, table)
        elif tag in TRANSPARENT:
            yield from _walk_container(child, part, state, depth, table)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Child elements with ``tag`` (rows of a table, cells of a row), looking through
    content controls and other transparent wrappers that may hold them."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == SDT or child.tag in TRANSPARENT:
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _children(content, tag)


def _is_merge_continuation(cell: Any) -> bool:
    """A cell continuing a vertical merge repeats nothing new: its text was read above."""
    tcpr = cell.find(_w("tcPr"))
    if tcpr is None:
        return False
    vmerge = tcpr.find(_w("vMerge"))
    return vmerge is not None and vmerge.get(_w("val")) in (None, "continue")


def _walk_table(table: Any, part: Part, state: _WalkState, depth: int) -> Iterator[WalkedParagraph]:
    if depth > MAX_TABLE_DEPTH:
        state.warnings.append(
            f"Tabeller indlejret mere end {MAX_TABLE_DEPTH} niveauer dybt er ikke læst."
        )
        return
    ordinal = state.table_counter
    state.table_counter += 1
    for row_index, row in enumerate(_children(table, TR)):
        for col_index, cell in enumerate(_children(row, TC)):
            if _is_merge_continuation(cell):
                continue
            cell_part = Part.TABLE if part is Part.BODY else part
            yield from _walk_container(
                cell, cell_part, state, depth, (ordinal, row_index, col_index)
            )


@dataclass
class _Styles:
    """Paragraph style facts: display name, outline level and boldness, by style id."""

    names: dict[str, str]
    outline: dict[str, int]
    bold: set[str]

    @classmethod
    def from_document(cls, document: Any) -> _Styles:
        names: dict[str, str] = {}
        outline: dict[str, int] = {}
        based_on: dict[str, str] = {}
        bold_own: set[str] = set()
        try:
            styles_element = document.styles.element
        except Exception:  # a package without styles.xml is still readable
            return cls({}, {}, set())
        for style in styles_element.findall(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            name = style.find(_w("name"))
            names[style_id] = name.get(_w("val")) if name is not None else style_id
            parent = style.find(_w("basedOn"))
            if parent is not None and parent.get(_w("val")):
                based_on[style_id] = parent.get(_w("val"))
            level = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            if level is not None and (level.get(_w("val")) or "").isdigit():
                outline[style_id] = int(level.get(_w("val")))
            bold = style.find(f"{_w('rPr')}/{_w('b')}")
            if bold is not None and _is_on(bold):
                bold_own.add(style_id)
        bold = {sid for sid in names if _inherits(sid, bold_own, based_on)}
        for sid in names:  # outline levels inherit through basedOn as well
            parent_id = based_on.get(sid)
            seen = {sid}
            while sid not in outline and parent_id and parent_id not in seen:
                if parent_id in outline:
                    outline[sid] = outline[parent_id]
                seen.add(parent_id)
                parent_id = based_on.get(parent_id)
        return cls(names, outline, bold)


def _inherits(style_id: str, members: set[str], based_on: dict[str, str]) -> bool:
    seen: set[str] = set()
    current: str | None = style_id
    while current and current not in seen:
        if current in members:
            return True
        seen.add(current)
        current = based_on.get(current)
    return False


def _paragraph_style_id(paragraph: Any) -> str | None:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val")) if style is not None else None


def _paragraph_outline(paragraph: Any) -> int | None:
    level = paragraph.find(f"{_w('pPr')}/{_w('outlineLvl')}")
    if level is not None and (level.get(_w("val")) or "").isdigit():
        return int(level.get(_w("val")))
    return None


def _has_numbering(paragraph: Any) -> bool:
    return paragraph.find(f"{_w('pPr')}/{_w('numPr')}") is not None


def classify_paragraph(
    walked: WalkedParagraph, styles: _Styles
) -> tuple[Role, int | None, str | None]:
    """Decide whether a paragraph is a heading, list item, quote or ordinary paragraph.

    Headings come from Heading/Overskrift/Title styles or outline levels, and — because many
    municipal templates never use heading styles — from short, wholly bold, stand-alone
    paragraphs in the body that do not end like a sentence.
    """
    element = walked.element
    style_id = _paragraph_style_id(element)
    style_name = styles.names.get(style_id, style_id) if style_id else None
    text = walked.text.text.strip()
    if style_name:
        match = HEADING_STYLE.match(style_name.strip())
        if match:
            return Role.HEADING, int(match.group(2) or 1), style_name
        if TITLE_STYLE.match(style_name.strip()):
            return Role.HEADING, 1, style_name
    outline = _paragraph_outline(element)
    if outline is None and style_id:
        outline = styles.outline.get(style_id)
    if outline is not None and outline < 9:
        return Role.HEADING, outline + 1, style_name
    if (style_name and LIST_STYLE.search(style_name)) or _has_numbering(element):
        return Role.LIST_ITEM, None, style_name
    if style_name and QUOTE_STYLE.search(style_name):
        return Role.QUOTE, None, style_name
    if walked.part in (Part.BODY, Part.TEXTBOX) and _looks_like_bold_heading(
        text, walked.text.bold_chars, style_id in styles.bold if style_id else False
    ):
        return Role.HEADING, 2, style_name
    return Role.PARAGRAPH, None, style_name


def _looks_like_bold_heading(text: str, bold_chars: int, style_bold: bool) -> bool:
    if not text or len(text) > BOLD_HEADING_MAX_CHARS:
        return False
    if len(text.split()) > BOLD_HEADING_MAX_WORDS or text[-1] in ".,;":
        return False
    visible = len(text.replace(" ", ""))
    return style_bold or bold_chars >= visible


def _related_parts(document: Any, reltype: str) -> list[Any]:
    parts = []
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            parts.append(rel.target_part)
    return parts


def _part_element(part: Any) -> Any:
    """The XML root of a part: python-docx's own element, or the blob parsed safely."""
    for attribute in ("element", "_element"):
        element = getattr(part, attribute, None)
        if element is not None:
            return element
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(part.blob, parser)


def _header_footer_parts(document: Any, kind: str) -> list[Any]:
    """Header or footer parts in section order, each once (linked sections share parts)."""
    reference_tag = _w(f"{kind}Reference")
    seen: set[str] = set()
    parts: list[Any] = []
    body = document.element.body
    for sect_pr in body.iter(_w("sectPr")):
        for reference in sect_pr.findall(reference_tag):
            rid = reference.get(f"{{{R_NS}}}id")
            if not rid or rid not in document.part.rels:
                continue
            part = document.part.rels[rid].target_part
            if str(part.partname) not in seen:
                seen.add(str(part.partname))
                parts.append(part)
    return parts


def _note_paragraphs(root: Any, note_tag: str) -> Iterator[Any]:
    for note in root.findall(_w(note_tag)):
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        yield note


def walk_docx(document: Any, keep_elements: bool = False) -> tuple[list[WalkedParagraph], list[str]]:
    """Visit every paragraph a reader sees, in reading order.

    Order: headers (each part once), body (tables and text boxes in place), footers,
    footnotes, endnotes.
    """
    state = _WalkState(keep_elements)
    walked: list[WalkedParagraph] = []
    sources: list[tuple[Part, Any]] = []
    for part in _header_footer_parts(document, "header"):
        sources.append((Part.HEADER, _part_element(part)))
    sources.append((Part.BODY, document.element.body))
    for part in _header_footer_parts(document, "footer"):
        sources.append((Part.FOOTER, _part_element(part)))
    for reltype, note_tag, note_part in (
        (RT.FOOTNOTES, "footnote", Part.FOOTNOTE),
        (RT.ENDNOTES, "endnote", Part.ENDNOTE),
    ):
        for part in _related_parts(document, reltype):
            for note in _note_paragraphs(_part_element(part), note_tag):
                sources.append((note_part, note))
    for part_kind, root in sources:
        walked.extend(_walk_container(root, part_kind, state))
    return walked, state.warnings


def open_package(data: bytes) -> Any:
    """Open .docx bytes with python-docx (callers have already vetted the zip)."""
    return open_docx(io.BytesIO(data))


def read_docx(data: bytes, path: str, max_paragraphs: int | None = None) -> Document:
    """Build the document model from .docx bytes.

    ``max_paragraphs`` (the loader's cap) refuses a body with more w:p elements before the
    walk: counting is cheap in lxml, reading every paragraph is not (a 60 MB part of
    one-letter paragraphs would take minutes).
    """
    package = open_package(data)
    body = getattr(package.element, "body", None)
    if body is None:  # the main part's root is not a w:document, or it has no w:body
        from brevtjek.errors import DocumentReadError

        raise DocumentReadError(
            "Word-dokumentet er beskadiget: hoveddelen (word/document.xml) har ingen brødtekst. "
            "Åbn det i Word, og gem det igen.",
            code="corrupt",
        )
    if max_paragraphs is not None:
        count = sum(1 for _ in body.iter(P))
        if count > max_paragraphs:
            from brevtjek.errors import DocumentReadError

            raise DocumentReadError(
                f"Brevet har for mange afsnit ({count:,}); brevtjek læser højst "
                f"{max_paragraphs:,} afsnit (ca. 10.000 sider). Del det op.".replace(",", "."),
                code="too_long",
            )
    styles = _Styles.from_document(package)
    walked, warnings = walk_docx(package)
    blocks: list[Block] = []
    section: str | None = None
    for source_index, paragraph in enumerate(walked):
        text = paragraph.text.text
        if not text.strip():
            continue
        role, level, style_name = classify_paragraph(paragraph, styles)
        in_body_flow = paragraph.part in (Part.BODY, Part.TABLE, Part.TEXTBOX)
        if role is Role.HEADING and in_body_flow:
            section = text.strip()
        blocks.append(
            Block(
                index=len(blocks),
                text=text,
                part=paragraph.part,
                role=role,
                section=section if in_body_flow else None,
                heading_level=level,
                style=style_name,
                source_index=source_index,
                segments=tuple(paragraph.text.segments),
                table=paragraph.table,
            )
        )
    return Document(path=path, blocks=tuple(blocks), format="docx", warnings=tuple(warnings))
