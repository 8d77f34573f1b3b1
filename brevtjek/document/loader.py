"""Open a letter from a path, from bytes or from standard input, whatever its format.

The loader decides the format from the bytes, not only from the file name (a caseworker's
"brev.docx" may really be an old .doc or an RTF file), vets a .docx package's zip directory
before anything is unpacked (zip bombs, encrypted files; :mod:`brevtjek.document.package`
checks each part as it is read) and turns every failure into a :class:`DocumentReadError`
with a Danish message that says what to do.
"""

from __future__ import annotations

import sys
import zipfile
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from brevtjek.document.model import Document
from brevtjek.document.package import open_archive
from brevtjek.document.text_reader import decode_text, read_text
from brevtjek.errors import DocumentReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
PDF_MAGIC = b"%PDF"

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_TEXT_CHARS = 5_000_000
"""About 1,500 pages. A 300-page letter is under a million characters; beyond the cap the
language pipeline would run for many minutes, so such a file is refused up front."""
MAX_PARAGRAPH_ELEMENTS = 100_000
"""Paragraph elements (empty ones too) a .docx body may have before it is even walked."""
MAX_BLOCKS = 20_000
"""About 2,500 pages of ordinary paragraphs. The rules cost time per paragraph, so a small
file with 100,000 one-line paragraphs would otherwise keep the checker busy for minutes."""
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
        return read_capped(sys.stdin.buffer), "<stdin>"
    path = Path(source)
    if not path.exists():
        raise _fail("not_found", "Filen findes ikke. Tjek stien og navnet.")
    if path.is_dir():
        raise _fail("is_directory", "Stien er en mappe, ikke en fil.")
    try:
        if not path.is_file():  # /dev/zero, a named pipe …: could be endless or block
            raise _fail(
                "not_regular_file",
                "Stien er ikke en almindelig fil (fx en enhed eller et rør). Brug - for at "
                "læse brevet fra standard input.",
            )
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(size)
        with path.open("rb") as stream:  # capped: the file may grow while we read it
            return read_capped(stream), name
    except PermissionError as error:
        raise _fail("permission", "brevtjek har ikke adgang til at læse filen.") from error
    except OSError as error:
        raise _fail("os_error", f"Filen kunne ikke læses ({error.strerror}).") from error


def _too_large(size: int) -> DocumentReadError:
    return _fail(
        "too_large",
        f"Filen er for stor ({size // (1024 * 1024)} MB); brevtjek læser højst "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB.",
    )


def read_capped(stream: BinaryIO, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a whole stream, but never more than ``limit`` bytes into memory."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _fail(
            "too_large",
            f"Inddata er for store; brevtjek læser højst {limit // (1024 * 1024)} MB.",
        )
    return data


def _is_encrypted_ole(data: bytes) -> bool:
    """An encrypted .docx is an OLE container holding an 'EncryptedPackage' stream."""
    return "EncryptedPackage".encode("utf-16-le") in data or b"EncryptionInfo" in data


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
        archive = open_archive(data)
        return _require_text(_read_docx_safely(data, name, archive), data)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail("binary", "Filen er ikke en tekstfil eller et Word-dokument.")
    text, warnings = decode_text(data)
    if len(text) > MAX_TEXT_CHARS:
        raise _too_long(len(text))
    document = read_text(text, name, markdown=suffix in MARKDOWN_SUFFIXES, warnings=warnings)
    return _require_text(document, None)


def _thousands(number: int) -> str:
    """Danish digit grouping: 5.000.000."""
    return f"{number:,}".replace(",", ".")


def _too_long(chars: int) -> DocumentReadError:
    return _fail(
        "too_long",
        f"Brevet er for langt ({_thousands(chars)} tegn); brevtjek tjekker højst "
        f"{_thousands(MAX_TEXT_CHARS)} tegn (ca. 1.500 sider). Del det op.",
    )


def _require_text(document: Document, docx: bytes | None) -> Document:
    """A letter without a single word cannot be checked: say so instead of passing it.

    Without this an empty template or a scanned letter (only images) would come out with
    no findings and exit code 0, as if it were a perfect letter.
    """
    chars = sum(len(block.text) for block in document.blocks)
    if chars > MAX_TEXT_CHARS:
        raise _too_long(chars)
    if len(document.blocks) > MAX_BLOCKS:
        raise _fail(
            "too_long",
            f"Brevet har for mange afsnit ({_thousands(len(document.blocks))}); brevtjek tjekker "
            f"højst {_thousands(MAX_BLOCKS)} afsnit (ca. 2.500 sider). Del det op.",
        )
    if any(block.text.strip() for block in document.blocks):
        return document
    if docx is not None and _has_images(docx):
        raise _fail(
            "no_text",
            "Brevet indeholder ingen tekst, kun billeder. brevtjek kan ikke læse tekst i "
            "billeder (fx en skannet side); gem brevet med tekst, og prøv igen.",
        )
    raise _fail("no_text", "Brevet indeholder ingen tekst.")


def _has_images(data: bytes) -> bool:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return any(name.startswith("word/media/") for name in archive.namelist())


def _read_docx_safely(data: bytes, name: str, archive: zipfile.ZipFile | None = None) -> Document:
    """Read a .docx (DTDs refused), turning library errors on bad input into Danish ones."""
    from brevtjek.document.docx_reader import read_docx

    try:
        return read_docx(data, name, max_paragraphs=MAX_PARAGRAPH_ELEMENTS, refuse_dtd=True,
                         archive=archive)
    except (DocumentReadError, MemoryError):
        raise  # MemoryError: the batch's memory budget reports it as such
    except RecursionError as error:
        raise _fail("too_deep", "Dokumentet er indlejret for dybt til at kunne læses.") from error
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError, TypeError) as error:
        raise _fail(
            "corrupt",
            "Word-dokumentet er beskadiget og kan ikke læses. Åbn det i Word, og gem det igen.",
        ) from error
    except Exception as error:  # lxml.etree.XMLSyntaxError and python-docx's own errors
        if getattr(error, "code", None) == 2 and type(error).__name__ == "XMLSyntaxError":
            # libxml2's XML_ERR_NO_MEMORY: out of memory (a letter's memory budget), not bad XML
            raise MemoryError("libxml2 ran out of memory") from error
        if "Excessive depth" in str(error):  # lxml stops at 256 levels (no huge_tree)
            raise _fail(
                "too_deep",
                "Word-dokumentet er indlejret for dybt (over 256 niveauer XML, fx tabeller i "
                "tabeller) og kan ikke læses. Åbn det i Word, og gem det igen.",
            ) from error
        if "amplification" in str(error) or "entity reference loop" in str(error).lower():
            raise _fail(
                "unsafe_xml",
                "Word-dokumentet indeholder XML-entiteter, der udvider sig eksplosivt eller "
                "peger på andre filer, og læses ikke af sikkerhedshensyn.",
            ) from error
        raise _fail(
            "corrupt",
            "Word-dokumentet indeholder ugyldig XML og kan ikke læses. Åbn det i Word, "
            "og gem det igen.",
        ) from error


def load_document(source: str | Path | bytes) -> Document:
    """Read a letter from a path, '-' for standard input, or raw bytes."""
    data, name = read_source(source)
    return parse_bytes(data, name)
