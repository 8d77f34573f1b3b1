"""Open a letter from a path, from bytes or from standard input, whatever its format.

The loader decides the format from the bytes, not only from the file name (a caseworker's
"brev.docx" may really be an old .doc or an RTF file), vets a .docx package before
python-docx unpacks it (zip bombs, encrypted files) and turns every failure into a
:class:`DocumentReadError` with a Danish message that says what to do.
"""

from __future__ import annotations

import sys
import zipfile
from io import BytesIO
from pathlib import Path

from brevtjek.document.model import Document
from brevtjek.document.text_reader import decode_text, read_text
from brevtjek.errors import DocumentReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
PDF_MAGIC = b"%PDF"

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XML_PART_BYTES = 60 * 1024 * 1024
"""Caps against zip bombs: a real 300-page letter's document.xml is a few megabytes."""

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}


def _fail(code: str, message: str) -> DocumentReadError:
    return DocumentReadError(message, code=code)


def read_source(source: str | Path | bytes) -> tuple[bytes, str]:
    """Return (bytes, display name) for a path, '-' (standard input) or raw bytes."""
    if isinstance(source, bytes):
        return source, "<bytes>"
    name = str(source)
    if name == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    path = Path(source)
    if not path.exists():
        raise _fail("not_found", "Filen findes ikke. Tjek stien og navnet.")
    if path.is_dir():
        raise _fail("is_directory", "Stien er en mappe, ikke en fil.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(
                "too_large",
                f"Filen er for stor ({size // (1024 * 1024)} MB); brevtjek læser højst "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB.",
            )
        return path.read_bytes(), name
    except PermissionError as error:
        raise _fail("permission", "brevtjek har ikke adgang til at læse filen.") from error
    except OSError as error:
        raise _fail("os_error", f"Filen kunne ikke læses ({error.strerror}).") from error


def _is_encrypted_ole(data: bytes) -> bool:
    """An encrypted .docx is an OLE container holding an 'EncryptedPackage' stream."""
    return "EncryptedPackage".encode("utf-16-le") in data or b"EncryptionInfo" in data


def _vet_zip(data: bytes) -> None:
    """Reject packages that are not Word documents or would unpack to far too much."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _fail(
            "corrupt",
            "Filen er beskadiget og kan ikke åbnes som et Word-dokument (.docx). "
            "Åbn den i Word, og gem den igen.",
        ) from error
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        if "[Content_Types].xml" in names:
            raise _fail(
                "not_docx",
                "Filen er en Office-fil, men ikke et Word-dokument (mangler word/document.xml).",
            )
        raise _fail("not_docx", "Filen er en zip-fil, men ikke et Word-dokument (.docx).")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise _fail(
            "too_large_unpacked",
            f"Filen fylder {total // (1024 * 1024)} MB udpakket; brevtjek læser højst "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB. Den kan være beskadiget eller "
            "en såkaldt zip-bombe.",
        )
    for info in infos:
        if info.filename.endswith(".xml") and info.file_size > MAX_XML_PART_BYTES:
            raise _fail(
                "too_large_unpacked",
                f"Delen {info.filename} fylder {info.file_size // (1024 * 1024)} MB udpakket; "
                f"brevtjek læser højst {MAX_XML_PART_BYTES // (1024 * 1024)} MB pr. del.",
            )


def parse_bytes(data: bytes, name: str) -> Document:
    """Turn letter bytes into a document, choosing the reader from content and name."""
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise _fail("empty", "Filen er tom.")
    if data.startswith(OLE_MAGIC):
        if _is_encrypted_ole(data):
            raise _fail(
                "encrypted",
                "Filen er beskyttet med adgangskode (krypteret). Fjern adgangskoden i Word "
                "(Filer › Oplysninger › Beskyt dokument), gem, og prøv igen.",
            )
        raise _fail(
            "legacy_doc",
            "Filen er et gammelt Word-dokument (.doc). Åbn den i Word, og gem den som "
            "Word-dokument (.docx).",
        )
    if data.startswith(RTF_MAGIC):
        raise _fail(
            "rtf", "Filen er en RTF-fil. Åbn den i Word, og gem den som Word-dokument (.docx)."
        )
    if data.startswith(PDF_MAGIC):
        raise _fail(
            "pdf", "Filen er en PDF. brevtjek læser Word-dokumenter (.docx) og tekstfiler."
        )
    if data.startswith(ZIP_MAGIC) or suffix in {".docx", ".docm", ".dotx"}:
        if not data.startswith(ZIP_MAGIC):
            raise _fail(
                "not_docx",
                "Filen hedder .docx, men er ikke et Word-dokument. Åbn den i Word, og gem "
                "den som Word-dokument (.docx).",
            )
        _vet_zip(data)
        return _read_docx_safely(data, name)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail("binary", "Filen er ikke en tekstfil eller et Word-dokument.")
    text, warnings = decode_text(data)
    return read_text(text, name, markdown=suffix in MARKDOWN_SUFFIXES, warnings=warnings)


def _read_docx_safely(data: bytes, name: str) -> Document:
    from brevtjek.document.docx_reader import read_docx

    try:
        return read_docx(data, name)
    except DocumentReadError:
        raise
    except RecursionError as error:
        raise _fail("too_deep", "Dokumentet er indlejret for dybt til at kunne læses.") from error
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError, TypeError) as error:
        raise _fail(
            "corrupt",
            "Word-dokumentet er beskadiget og kan ikke læses. Åbn det i Word, og gem det igen.",
        ) from error
    except Exception as error:  # lxml.etree.XMLSyntaxError and python-docx's own errors
        raise _fail(
            "corrupt",
            "Word-dokumentet indeholder ugyldig XML og kan ikke læses. Åbn det i Word, "
            "og gem det igen.",
        ) from error


def load_document(source: str | Path | bytes) -> Document:
    """Read a letter from a path, '-' for standard input, or raw bytes."""
    data, name = read_source(source)
    return parse_bytes(data, name)
