"""Read a Word (.docx) letter into the document model.

Reading opens the package with :class:`~brevtjek.document.package.DocxPackage`, which
unpacks and parses only the parts the walk needs (python-docx would parse every part of the
package, and that was most of the reading time). The WordprocessingML — text boxes, content
controls, tracked changes, footnotes, merged cells — is walked here. The walk is the single
source of truth for reading order and run ordinals: the annotator opens its own copy of the
file with python-docx (:func:`open_package`), calls :func:`walk_docx` on it and gets the very
same paragraphs and runs back as live XML elements it can change.

What counts as text is what a citizen would read in Word with all tracked changes accepted:
inserted text is kept, deleted text dropped, field instructions skipped (their results kept),
and a text box's alternate-content fallback read only once.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from brevtjek.document.model import Block, Document, Part, Role, Segment
from brevtjek.document.package import (
    DEFAULT_STYLES,
    DOCTYPE,
    OXML_PARSER,
    PLAIN_PARSER,
    RT_ENDNOTES,
    RT_FOOTNOTES,
    DocxPackage,
    default_styles_xml,
    open_archive,
    verify_every_part,
)
from brevtjek.errors import DocumentReadError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, R, T, TAB, BR, CR = _w("p"), _w("r"), _w("t"), _w("tab"), _w("br"), _w("cr")
TBL, TR, TC, SDT, SDT_CONTENT = _w("tbl"), _w("tr"), _w("tc"), _w("sdt"), _w("sdtContent")
TXBX = _w("txbxContent")
VAL, RPR, PPR, BOLD = _w("val"), _w("rPr"), _w("pPr"), _w("b")
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


def _child(element: Any, tag: str) -> Any:
    """The first child element with ``tag``, like ``element.find(tag)``.

    lxml runs ``find`` through its path engine in Python; iterating children stays in C,
    which matters at a few calls per run and paragraph.
    """
    for child in element.iterchildren(tag):
        return child
    return None


def _grandchild(element: Any, tag: str, grand_tag: str) -> Any:
    """Like ``element.find("tag/grand_tag")``: the first ``grand_tag`` under any ``tag``."""
    for child in element.iterchildren(tag):
        for grandchild in child.iterchildren(grand_tag):
            return grandchild
    return None


def _is_on(element: Any) -> bool:
    """A WordprocessingML on/off property (w:b, w:vMerge …): present and not switched off."""
    value = element.get(VAL)
    return value not in ("0", "false", "off")


def _run_is_bold(run: Any) -> bool:
    rpr = _child(run, RPR)
    if rpr is None:
        return False
    bold = _child(rpr, BOLD)
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
                content = _child(child, SDT_CONTENT)
                if content is not None:
                    visit(content)
            elif tag == MC_ALTERNATE:
                choice = _child(child, MC_CHOICE)
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
            choice = _child(node, MC_CHOICE)
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
            content = _child(child, SDT_CONTENT)
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
            content = _child(child, SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _children(content, tag)


TCPR, VMERGE = _w("tcPr"), _w("vMerge")


def _is_merge_continuation(cell: Any) -> bool:
    """A cell continuing a vertical merge repeats nothing new: its text was read above."""
    tcpr = _child(cell, TCPR)
    if tcpr is None:
        return False
    vmerge = _child(tcpr, VMERGE)
    return vmerge is not None and vmerge.get(VAL) in (None, "continue")


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


STYLE, STYLE_ID, NAME, BASED_ON = _w("style"), _w("styleId"), _w("name"), _w("basedOn")
OUTLINE_LVL, P_STYLE, NUM_PR = _w("outlineLvl"), _w("pStyle"), _w("numPr")


@dataclass(frozen=True)
class _Styles:
    """Paragraph style facts: display name, outline level and boldness, by style id."""

    names: dict[str, str]
    outline: dict[str, int]
    bold: set[str]

    @classmethod
    def from_package(cls, package: DocxPackage) -> _Styles:
        """The package's styles, as python-docx would have found them: its built-in styles
        for a package without a styles part, none for a styles part it could not use.

        Memoised by the styles part's content: every letter from one template carries the
        same styles part, often hundreds of kilobytes, and unpacking and parsing it cost
        more than reading the rest of the letter.
        """
        member = package.styles_member()
        if member is DEFAULT_STYLES:
            return _default_styles()
        if member is None:
            return cls({}, {}, set())
        small = package.archive.NameToInfo[member].file_size <= STYLES_CACHE_MAX_PART_BYTES
        key = package.content_key(member) if small else None
        cached = _STYLES_CACHE.get(key) if key is not None else None
        if cached is not None:
            return cached
        data = package.read(member)
        styles = cls.from_root(package.parse(member, data))
        if key is not None and DOCTYPE not in data:  # never vouch for a part with a DTD
            if len(_STYLES_CACHE) >= STYLES_CACHE_SIZE:
                del _STYLES_CACHE[next(iter(_STYLES_CACHE))]
            _STYLES_CACHE[key] = styles
        return styles

    @classmethod
    def from_root(cls, styles_element: Any) -> _Styles:
        names: dict[str, str] = {}
        outline: dict[str, int] = {}
        based_on: dict[str, str] = {}
        bold_own: set[str] = set()
        for style in styles_element.iterchildren(STYLE):
            style_id = style.get(STYLE_ID)
            if not style_id:
                continue
            name = _child(style, NAME)
            names[style_id] = name.get(VAL) if name is not None else style_id
            parent = _child(style, BASED_ON)
            if parent is not None and parent.get(VAL):
                based_on[style_id] = parent.get(VAL)
            level = _grandchild(style, PPR, OUTLINE_LVL)
            if level is not None and (level.get(VAL) or "").isdigit():
                outline[style_id] = int(level.get(VAL))
            bold = _grandchild(style, RPR, BOLD)
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


STYLES_CACHE_SIZE = 16
STYLES_CACHE_MAX_PART_BYTES = 4 * 1024 * 1024
"""Only styles parts up to this size are remembered (Word's own are well under 1 MB), so a
batch of hostile letters cannot make the cache hold on to much memory."""
_STYLES_CACHE: dict[tuple[Any, ...], _Styles] = {}
"""Styles by :meth:`DocxPackage.content_key` of their part, oldest first."""


@functools.cache
def _default_styles() -> _Styles:
    """python-docx's built-in styles, parsed once per process."""
    xml = default_styles_xml()
    if xml is None:
        return _Styles({}, {}, set())
    return _Styles.from_root(etree.fromstring(xml, OXML_PARSER))


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
    style = _grandchild(paragraph, PPR, P_STYLE)
    return style.get(VAL) if style is not None else None


def _paragraph_outline(paragraph: Any) -> int | None:
    level = _grandchild(paragraph, PPR, OUTLINE_LVL)
    if level is not None and (level.get(VAL) or "").isdigit():
        return int(level.get(VAL))
    return None


def _has_numbering(paragraph: Any) -> bool:
    return _grandchild(paragraph, PPR, NUM_PR) is not None


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
    return etree.fromstring(part.blob, PLAIN_PARSER)


def _section_references(body: Any, kind: str) -> Iterator[str]:
    """Relationship ids of the header or footer references of every section, in order."""
    reference_tag = _w(f"{kind}Reference")
    for sect_pr in body.iter(_w("sectPr")):
        for reference in sect_pr.iterchildren(reference_tag):
            rid = reference.get(f"{{{R_NS}}}id")
            if rid:
                yield rid


def _header_footer_parts(document: Any, kind: str) -> list[Any]:
    """Header or footer parts in section order, each once (linked sections share parts)."""
    seen: set[str] = set()
    parts: list[Any] = []
    rels = document.part.rels
    for rid in _section_references(document.element.body, kind):
        if rid not in rels:
            continue
        part = rels[rid].target_part
        if str(part.partname) not in seen:
            seen.add(str(part.partname))
            parts.append(part)
    return parts


def _header_footer_roots(package: DocxPackage, body: Any, kind: str) -> list[Any]:
    """Like :func:`_header_footer_parts`, from the reader's own package."""
    seen: set[str] = set()
    roots: list[Any] = []
    for rid in _section_references(body, kind):
        rel = package.rels.get(rid)
        if rel is None:
            continue
        member, root = package.part_root(rel)
        if member not in seen:
            seen.add(member)
            roots.append(root)
    return roots


def _note_paragraphs(root: Any, note_tag: str) -> Iterator[Any]:
    for note in root.iterchildren(_w(note_tag)):
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        yield note


NOTES = ((RT_FOOTNOTES, "footnote", Part.FOOTNOTE), (RT_ENDNOTES, "endnote", Part.ENDNOTE))


def _story_roots(document: Any) -> tuple[list[Any], Any, list[Any], list[tuple[Part, Any]]]:
    """(header roots, body, footer roots, (part, note) pairs) of a package.

    ``document`` is the reader's :class:`DocxPackage` or a python-docx document (the
    annotator's); both resolve relationships the same way, so both give the same stories.
    """
    notes: list[tuple[Part, Any]] = []
    if isinstance(document, DocxPackage):
        body = document.body
        headers = _header_footer_roots(document, body, "header")
        footers = _header_footer_roots(document, body, "footer")
        for reltype, note_tag, note_part in NOTES:
            for root in document.roots_of_type(reltype):
                notes.extend((note_part, note) for note in _note_paragraphs(root, note_tag))
        return headers, body, footers, notes
    headers = [_part_element(part) for part in _header_footer_parts(document, "header")]
    footers = [_part_element(part) for part in _header_footer_parts(document, "footer")]
    for reltype, note_tag, note_part in NOTES:
        for part in _related_parts(document, reltype):
            notes.extend((note_part, note) for note in _note_paragraphs(_part_element(part), note_tag))
    return headers, document.element.body, footers, notes


def walk_docx(document: Any, keep_elements: bool = False) -> tuple[list[WalkedParagraph], list[str]]:
    """Visit every paragraph a reader sees, in reading order.

    Order: headers (each part once), body (tables and text boxes in place), footers,
    footnotes, endnotes. ``document`` is a :class:`DocxPackage` (reading) or a python-docx
    document (the annotator, which needs live elements it can change).
    """
    state = _WalkState(keep_elements)
    walked: list[WalkedParagraph] = []
    headers, body, footers, notes = _story_roots(document)
    sources: list[tuple[Part, Any]] = [(Part.HEADER, root) for root in headers]
    sources.append((Part.BODY, body))
    sources.extend((Part.FOOTER, root) for root in footers)
    sources.extend(notes)
    for part_kind, root in sources:
        walked.extend(_walk_container(root, part_kind, state))
    return walked, state.warnings


def open_package(data: bytes) -> Any:
    """Open .docx bytes with python-docx, for the annotator, which writes into the package.

    python-docx unpacks and parses every part, each in one read, so every part is verified
    first (declared sizes, CRCs, no DTD), as the reader itself only verifies the parts it
    reads. Whatever python-docx still cannot open is a damaged letter, said in Danish.
    """
    from docx import Document as open_docx

    verify_every_part(open_archive(data))
    try:
        return open_docx(io.BytesIO(data))
    except (DocumentReadError, MemoryError):
        raise
    except Exception as error:  # python-docx: KeyError, ValueError, XMLSyntaxError …
        raise DocumentReadError(
            "Word-dokumentet er beskadiget og kan ikke læses. Åbn det i Word, og gem det igen.",
            code="corrupt",
        ) from error


def read_docx(
    data: bytes,
    path: str,
    max_paragraphs: int | None = None,
    *,
    refuse_dtd: bool = False,
    archive: zipfile.ZipFile | None = None,
) -> Document:
    """Build the document model from .docx bytes.

    ``max_paragraphs`` (the loader's cap) refuses a body with more w:p elements before the
    walk: counting is cheap in lxml, reading every paragraph is not (a 60 MB part of
    one-letter paragraphs would take minutes). ``refuse_dtd`` refuses a part with a DTD
    before it is parsed (the loader's policy; without it the parser still resolves no
    entities and fetches nothing). ``archive``: ``data`` already opened and vetted with
    :func:`~brevtjek.document.package.open_archive`, so the zip directory is read once.
    """
    if archive is None:
        archive = open_archive(data)
    package = DocxPackage.open(archive, refuse_dtd=refuse_dtd)
    body = package.body
    if body is None:  # the main part's root is not a w:document, or it has no w:body
        raise DocumentReadError(
            f"Word-dokumentet er beskadiget: hoveddelen ({package.main}) har ingen brødtekst. "
            "Åbn det i Word, og gem det igen.",
            code="corrupt",
        )
    if max_paragraphs is not None:
        count = sum(1 for _ in body.iter(P))
        if count > max_paragraphs:
            raise DocumentReadError(
                f"Brevet har for mange afsnit ({count:,}); brevtjek læser højst "
                f"{max_paragraphs:,} afsnit (ca. 10.000 sider). Del det op.".replace(",", "."),
                code="too_long",
            )
    styles = _Styles.from_package(package)
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
