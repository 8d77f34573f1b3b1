"""Unreadable letters: one clear Danish reason each, a stable code, no traceback."""

from __future__ import annotations

import io
import zipfile

import pytest

from brevtjek.document import load_document
from brevtjek.errors import DocumentReadError
from tests.docx_factory import package, text_para


def encrypted_docx() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(package(text_para("Hemmelig afgørelse.")))
    out = io.BytesIO()
    OOXMLFile(plain).encrypt("kodeord", out)
    return out.getvalue()


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hej.txt", "ikke et Word-dokument")
    return buffer.getvalue()


CASES = {
    "corrupt": lambda: package(text_para("Afgørelse."))[:300],
    "legacy_doc": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le"),
    "encrypted": encrypted_docx,
    "empty": lambda: b"",
    "not_docx": zip_without_document,
    "rtf": lambda: b"{\\rtf1\\ansi Afg\\'f8relse}",
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_unreadable_letters(tmp_path, code):
    path = tmp_path / "brev.docx"
    path.write_bytes(CASES[code]())
    with pytest.raises(DocumentReadError) as caught:
        load_document(path)
    assert caught.value.code == code
    assert caught.value.message and "Traceback" not in caught.value.message


def test_missing_path(tmp_path):
    with pytest.raises(DocumentReadError) as caught:
        load_document(tmp_path / "findes-ikke.docx")
    assert caught.value.code == "not_found"
    assert "findes ikke" in caught.value.message


def test_docx_named_file_with_text_content(tmp_path):
    path = tmp_path / "brev.docx"
    path.write_text("Bare tekst", "utf-8")
    with pytest.raises(DocumentReadError) as caught:
        load_document(path)
    assert caught.value.code == "not_docx"


def test_invalid_xml_inside_docx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package(text_para("x")))) as source, \
            zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    with pytest.raises(DocumentReadError) as caught:
        load_document(buffer.getvalue())
    assert caught.value.code == "corrupt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / "brev.txt"
    path.write_bytes("Du får en rollator på grund af dit knæ.".encode(encoding))
    document = load_document(path)
    assert document.blocks[0].text == "Du får en rollator på grund af dit knæ."
    assert bool(document.warnings) == (encoding == "cp1252")


def test_markdown_headings_and_bullets(tmp_path):
    path = tmp_path / "brev.md"
    path.write_text("# Afgørelse\n\nDu får:\n\n- en rollator\n- en stok\n", "utf-8")
    document = load_document(path)
    assert [(b.text, b.role.value, b.section) for b in document.blocks] == [
        ("Afgørelse", "heading", "Afgørelse"),
        ("Du får:", "paragraph", "Afgørelse"),
        ("en rollator", "list_item", "Afgørelse"),
        ("en stok", "list_item", "Afgørelse"),
    ]
