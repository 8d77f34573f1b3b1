"""The reader's own package access: only the parts the walk needs are unpacked, the
annotator's python-docx view walks the very same paragraphs, and parts the reader never
reads cannot break a letter (but are still vetted before python-docx sees them)."""

from __future__ import annotations

import io
import zipfile

import pytest

from brevtjek.document import Part, Role, docx_reader, load_document, package
from brevtjek.document.docx_reader import open_package, read_docx, walk_docx
from brevtjek.document.package import DocxPackage, open_archive
from brevtjek.errors import DocumentReadError
from tests import hostile
from tests.docx_factory import CT_MAIN, REL, STYLES, cell, para, run, table, text_para, textbox
from tests.docx_factory import package as make_package

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
NUMBERING = XML_DECLARATION + (
    b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
NUMBERING_REL = f'<Relationship Id="rIdNum" Type="{REL}/numbering" Target="numbering.xml"/>'
NUMBERING_TYPE = f'<Override PartName="/word/numbering.xml" ContentType="{CT_MAIN}.numbering+xml"/>'


def read_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def rich_letter() -> bytes:
    """Headers, footers, notes, a table, a text box, a heading and a list: every story."""
    body = (
        text_para("Afgørelse om rollator", style="Heading1")
        + para(run("Du får "), run("ikke", bold=True), run(" en rollator."))
        + table([cell(text_para("Ydelse")), cell(text_para("Beløb"))])
        + para(run("Før boksen."), textbox(text_para("I tekstboksen.")))
        + text_para("Punkt et", style="ListBullet")
    )
    return make_package(body, headers=["Solbjerg Kommune"], footers=["Sagsnr. 1"],
                        footnotes=["Fodnote."], endnotes=["Slutnote."])


def with_parts(data: bytes, extra: dict[str, bytes], rels: str = "", overrides: str = "") -> bytes:
    """Add parts to a package, with relationships from the main part and content types."""

    def mutate(name: str, content: bytes) -> bytes:
        if name == "word/_rels/document.xml.rels" and rels:
            return content.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
        if name == "[Content_Types].xml" and overrides:
            return content.replace(b"</Types>", overrides.encode() + b"</Types>")
        return content

    return hostile.rezip(data, mutate, extra=extra)


def walked(document) -> list[tuple[Part, str, list[tuple[int, int, int]], object]]:
    paragraphs, _ = walk_docx(document)
    return [(p.part, p.text.text, [(s.start, s.end, s.run) for s in p.text.segments], p.table)
            for p in paragraphs]


@pytest.mark.parametrize("letter", ["rich", *[path.name for path in hostile.corpus_letters()[:8]]])
def test_the_annotator_walks_the_same_paragraphs_as_the_reader(letter):
    """The annotator finds a finding's words again by paragraph ordinal and run ordinal in
    its python-docx copy: both views of the package must give identical walks."""
    data = rich_letter() if letter == "rich" else (hostile.CORPUS / letter).read_bytes()
    ours = walked(DocxPackage.open(open_archive(data)))
    assert ours == walked(open_package(data))
    assert any(text.strip() for _, text, _, _ in ours)


def test_only_the_parts_the_walk_needs_are_unpacked(monkeypatch):
    data = with_parts(
        rich_letter(),
        {"word/numbering.xml": NUMBERING, "word/media/image1.png": b"\x89PNG" + b"\x00" * 64,
         "docProps/core.xml": b"<ikke-laest/>"},
        rels=(f'<Relationship Id="rIdNum" Type="{REL}/numbering" Target="numbering.xml"/>'
              f'<Relationship Id="rIdImg" Type="{REL}/image" Target="media/image1.png"/>'),
    )
    unpacked: list[str] = []
    original = package.read_part

    def spy(archive, name, *, refuse_dtd):
        unpacked.append(name)
        return original(archive, name, refuse_dtd=refuse_dtd)

    monkeypatch.setattr(package, "read_part", spy)
    docx_reader._STYLES_CACHE.clear()
    load_document(data)
    assert sorted(unpacked) == sorted([
        "_rels/.rels", "[Content_Types].xml", "word/_rels/document.xml.rels",
        "word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml",
        "word/footnotes.xml", "word/endnotes.xml",
    ])


def test_a_package_with_an_unknown_part_still_reads():
    data = with_parts(
        rich_letter(), {"customXml/ukendt.bin": b"\x00\x01binaer", "word/x-ukendt.xml": b"<x/>"},
        rels='<Relationship Id="rIdX" Type="urn:ukendt" Target="x-ukendt.xml"/>',
        overrides='<Override PartName="/word/x-ukendt.xml" ContentType="application/x-ukendt+xml"/>',
    )
    document = load_document(data)
    assert [b.text for b in document.blocks if b.part is Part.HEADER] == ["Solbjerg Kommune"]
    assert [b.text for b in document.blocks if b.part is Part.ENDNOTE] == ["Slutnote."]


@pytest.mark.parametrize("numbering, code", [
    (NUMBERING[:-2] + b">", "corrupt"),  # not well-formed: python-docx cannot open the package
    (NUMBERING.replace(b"<w:numbering", b'<!DOCTYPE w:numbering [<!ENTITY x "y">]><w:numbering'),
     "unsafe_xml"),
])
def test_damage_in_a_part_the_reader_never_reads(numbering, code):
    """A broken numbering part cannot change the text, so the letter is read; the annotator
    hands the whole package to python-docx and gets a clear Danish error instead."""
    data = with_parts(rich_letter(), {"word/numbering.xml": numbering},
                      rels=NUMBERING_REL, overrides=NUMBERING_TYPE)
    assert [b.text for b in load_document(data).blocks][:2] == [
        "Solbjerg Kommune", "Afgørelse om rollator"]
    with pytest.raises(DocumentReadError) as caught:
        open_package(data)
    assert caught.value.code == code


def test_a_lying_directory_in_an_unread_part_is_caught_before_python_docx():
    data = hostile.set_declared_size(
        with_parts(rich_letter(), {"word/media/image1.png": b"\x89PNG" + b"\x00" * 5000}),
        "word/media/image1.png", 100,
    )
    assert load_document(data).blocks  # the image is never unpacked by the reader
    with pytest.raises(DocumentReadError) as caught:
        open_package(data)
    assert caught.value.code == "zip_mismatch"


def test_the_main_part_is_found_through_the_package_relationships():
    """Word names it word/document.xml, but the relationships decide."""

    def rename(name: str, content: bytes) -> bytes | None:
        if name == "_rels/.rels":
            return content.replace(b"word/document.xml", b"word/hoveddel.xml")
        if name == "[Content_Types].xml":
            return content.replace(b"/word/document.xml", b"/word/hoveddel.xml")
        return None if name in ("word/document.xml", "word/_rels/document.xml.rels") else content

    original = rich_letter()
    data = hostile.rezip(original, rename, extra={
        "word/hoveddel.xml": read_member(original, "word/document.xml"),
        "word/_rels/hoveddel.xml.rels": read_member(original, "word/_rels/document.xml.rels"),
    })
    assert [b.text for b in load_document(data).blocks] == [
        b.text for b in load_document(original).blocks]


def test_a_main_part_the_relationships_point_to_but_the_zip_lacks_is_named():
    def point_elsewhere(name: str, content: bytes) -> bytes:
        return content.replace(b"word/document.xml", b"word/findes-ikke.xml") if name == "_rels/.rels" else content

    with pytest.raises(DocumentReadError) as caught:
        load_document(hostile.rezip(rich_letter(), point_elsewhere))
    assert caught.value.code == "corrupt"  # word/document.xml is there: a broken package
    data = hostile.rezip(hostile.docx_without_document_xml(), point_elsewhere)
    with pytest.raises(DocumentReadError) as caught:
        load_document(data)
    assert (caught.value.code, caught.value.message) == (
        "not_docx", "Filen er en Office-fil, men ikke et Word-dokument (mangler word/findes-ikke.xml).")


def test_a_main_part_that_is_not_a_word_document_is_refused():
    def retype(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return content.replace(b"document.main+xml", b"template.main+xml")
        return content

    with pytest.raises(DocumentReadError) as caught:
        load_document(hostile.rezip(rich_letter(), retype))
    assert caught.value.code == "corrupt"


def test_styles_are_remembered_by_content_not_by_name():
    """Letters from one template share a styles part, parsed once; a different styles part
    under the same name is read afresh."""
    docx_reader._STYLES_CACHE.clear()
    first = load_document(rich_letter())
    assert len(docx_reader._STYLES_CACHE) == 1
    load_document(make_package(text_para("Et andet brev.")))  # same styles part
    assert len(docx_reader._STYLES_CACHE) == 1
    assert first.blocks[1].role is Role.HEADING

    renamed = STYLES.replace('w:styleId="Heading1"><w:name w:val="heading 1"/>',
                             'w:styleId="Heading1"><w:name w:val="Brødtekst"/>')
    renamed = renamed.replace('<w:outlineLvl w:val="0"/>', "")
    data = hostile.replace_in_part(rich_letter(), "word/styles.xml", STYLES.encode(), renamed.encode())
    again = load_document(data)
    assert len(docx_reader._STYLES_CACHE) == 2
    heading = next(b for b in again.blocks if b.text == "Afgørelse om rollator")
    assert (heading.role, heading.style) == (Role.PARAGRAPH, "Brødtekst")


def test_a_styles_part_with_a_dtd_is_never_remembered():
    docx_reader._STYLES_CACHE.clear()
    doctype = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:styles>'
    data = hostile.replace_in_part(
        rich_letter(), "word/styles.xml",
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', doctype)
    assert read_docx(data, "brev.docx").blocks  # the reader alone parses it, resolving nothing
    assert docx_reader._STYLES_CACHE == {}
    with pytest.raises(DocumentReadError) as caught:
        load_document(data)  # so the loader still refuses it
    assert caught.value.code == "unsafe_xml"


def test_large_styles_parts_are_not_remembered(monkeypatch):
    monkeypatch.setattr(docx_reader, "STYLES_CACHE_MAX_PART_BYTES", 100)
    docx_reader._STYLES_CACHE.clear()
    document = load_document(rich_letter())
    assert document.blocks[1].role is Role.HEADING  # still read, just not kept
    assert docx_reader._STYLES_CACHE == {}
