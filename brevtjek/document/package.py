"""Open a .docx package safely and read only the parts the reader needs.

Why not python-docx for reading: ``docx.Document()`` unmarshals *every* part of the package
(styles, settings, fonts, theme, numbering, images …) into its own element classes, and for a
short letter that is most of the reading time. The walk needs the main part, its
relationships, the styles, and the header, footer, footnote and endnote parts the main part
refers to — nothing else — so only those are unpacked and parsed, with plain lxml.

The package is resolved the way python-docx resolves it (the officeDocument relationship in
``_rels/.rels``, the main part's relationships, content types from ``[Content_Types].xml``,
python-docx's default styles when a package has none), because the annotator still opens
the letter with python-docx to write comments and must walk the very same paragraphs.

Safety, cheapest first:

* :func:`open_archive` checks what the zip directory declares — number of entries (read
  from the end record before zipfile builds an object per entry), total and per-part
  unpacked sizes, encryption flags, compression methods — without unpacking anything.
* :func:`read_part` unpacks one part with a read bounded by its declared size, so a
  directory that lies about a size is caught with bounded memory and an honest part has its
  CRC checked; it refuses a DTD (``<!DOCTYPE``) before the part reaches a parser.
* Every part is parsed with entities unresolved, no network, no DTD loading and lxml's
  default depth and size limits (no ``huge_tree``).

Parts the reader never opens are never unpacked: a damaged image cannot hurt the text. The
annotator, which hands the whole package to python-docx, first runs
:func:`verify_every_part` over all of them.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from lxml import etree

from brevtjek.errors import DocumentReadError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XML_PART_BYTES = 60 * 1024 * 1024
"""Caps against zip bombs: a real 300-page letter's document.xml is a few megabytes."""
MAX_ZIP_ENTRIES = 10_000
"""A .docx has tens of parts (hundreds with many images). Python's zipfile builds an object
per central-directory entry, so a million empty entries would cost a gigabyte before any
other check could run: the count is read from the end record first."""
VERIFY_CHUNK = 64 * 1024
WORD_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
"""Word writes only these. bzip2 and LZMA can expand a few bytes into gigabytes in a single
decompression call, so other methods are refused before anything is unpacked."""
DOCTYPE = b"<!DOCTYPE"

CONTENT_TYPES = "[Content_Types].xml"
WORD_MAIN = "word/document.xml"
"""Where Word puts the main part. Only used to tell a non-Word zip from a broken .docx; the
main part itself is found through the package relationships."""

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_DOCUMENT, W_BODY = f"{{{_W_NS}}}document", f"{{{_W_NS}}}body"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_OFFICE_DOCUMENT = f"{_RT}/officeDocument"
RT_STYLES = f"{_RT}/styles"
RT_FOOTNOTES = f"{_RT}/footnotes"
RT_ENDNOTES = f"{_RT}/endnotes"

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CT_DOCUMENT_MAIN = f"{_WML}.document.main+xml"
CT_STYLES = f"{_WML}.styles+xml"
PYTHON_DOCX_XML_PARTS = frozenset({
    "application/vnd.openxmlformats-package.core-properties+xml",
    f"{_WML}.comments+xml", CT_DOCUMENT_MAIN, f"{_WML}.footer+xml", f"{_WML}.header+xml",
    f"{_WML}.numbering+xml", f"{_WML}.settings+xml", CT_STYLES,
})
"""Content types python-docx parses with its own parser (blank text removed); it reads other
parts as raw bytes, which the walk then parses keeping blank text. Reading each part with
the same settings keeps every text node — and so every offset — identical to the annotator's."""

# One parser per setting, built once: creating an lxml parser costs more than parsing a
# header. Entities stay unresolved, nothing is fetched, no DTD is loaded, huge_tree is off
# (libxml2 refuses more than 256 levels and text nodes over 10 MB). Like python-docx's own
# module-level parser, they are not for concurrent use by threads (brevtjek uses processes).
OXML_PARSER = etree.XMLParser(
    remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False,
    huge_tree=False,
)
PLAIN_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
)


def _fail(code: str, message: str) -> DocumentReadError:
    return DocumentReadError(message, code=code)


def corrupt_zip() -> DocumentReadError:
    return _fail(
        "corrupt",
        "Filen er beskadiget og kan ikke åbnes som et Word-dokument (.docx). "
        "Åbn den i Word, og gem den igen.",
    )


def corrupt_document() -> DocumentReadError:
    """The message python-docx's failures always got: the package is not a readable .docx."""
    return _fail(
        "corrupt",
        "Word-dokumentet er beskadiget og kan ikke læses. Åbn det i Word, og gem det igen.",
    )


def not_office_docx(missing: str) -> DocumentReadError:
    return _fail(
        "not_docx",
        f"Filen er en Office-fil, men ikke et Word-dokument (mangler {missing}).",
    )


# --- the zip directory ----------------------------------------------------------------------

def declared_entries(data: bytes) -> int | None:
    """Entries the zip's end record announces, read before zipfile parses the directory."""
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:  # pragma: no cover - private helper of every CPython so far
        return None
    try:
        record = end_record(BytesIO(data))
    except (OSError, ValueError, zipfile.BadZipFile):
        return None
    return int(record[4]) if record else None


def open_archive(data: bytes) -> zipfile.ZipFile:
    """Open a .docx's zip and check everything its directory declares, unpacking nothing.

    Refuses zip bombs by their declared sizes, too many entries, encrypted entries and
    compression methods Word never writes. Lies in the directory are caught by
    :func:`read_part` when (and only if) a part is read.
    """
    entries = declared_entries(data)
    if entries is not None and entries > MAX_ZIP_ENTRIES:
        raise _fail(
            "too_many_parts",
            f"Filen består af {entries} dele; et Word-dokument har højst nogle hundrede "
            f"(brevtjek læser højst {MAX_ZIP_ENTRIES}). Den kan være beskadiget eller en "
            "såkaldt zip-bombe.",
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as error:
        raise corrupt_zip() from error
    names = archive.NameToInfo
    if WORD_MAIN not in names and CONTENT_TYPES not in names:
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
            raise _part_too_large(info)
    for info in infos:
        _check_entry(info)
    return archive


def _part_too_large(info: zipfile.ZipInfo) -> DocumentReadError:
    return _fail(
        "too_large_unpacked",
        f"Delen {info.filename} fylder {info.file_size // (1024 * 1024)} MB udpakket; "
        f"brevtjek læser højst {MAX_XML_PART_BYTES // (1024 * 1024)} MB pr. del.",
    )


def _check_entry(info: zipfile.ZipInfo) -> None:
    """What one directory entry says about encryption and compression."""
    if info.is_dir():
        return
    if info.flag_bits & 0x1:
        raise _fail(
            "encrypted",
            "Filen er beskyttet med adgangskode (krypteret zip). Gem den i Word uden "
            "adgangskode, og prøv igen.",
        )
    if info.compress_type not in WORD_COMPRESSION:
        raise _fail(
            "corrupt",
            f"Delen {info.filename} er pakket på en måde, Word ikke bruger "
            f"(komprimeringsmetode {info.compress_type}). Åbn filen i Word, og gem den igen.",
        )


# --- unpacking parts ------------------------------------------------------------------------

def _zip_mismatch(info: zipfile.ZipInfo) -> DocumentReadError:
    return _fail(
        "zip_mismatch",
        f"Delen {info.filename} fylder mere udpakket, end zip-filens "
        f"indholdsfortegnelse angiver ({info.file_size} byte). Filen er "
        "beskadiget eller en såkaldt zip-bombe og læses ikke.",
    )


def _unsafe_xml(info: zipfile.ZipInfo) -> DocumentReadError:
    return _fail(
        "unsafe_xml",
        f"Delen {info.filename} indeholder en DTD (<!DOCTYPE …>). Det "
        "må et Word-dokument ikke, og det bruges til angreb med "
        "XML-entiteter, så filen læses ikke. Åbn den i Word, og gem den "
        "igen.",
    )


def _encrypted_entry() -> DocumentReadError:
    return _fail("encrypted", "Filen er beskyttet med adgangskode (krypteret zip).")


def _probe(info: zipfile.ZipInfo, room: int) -> zipfile.ZipInfo:
    """A copy of ``info`` that lets zipfile read ``room`` bytes past the declared size.

    zipfile stops at the size it was told and then checks the CRC, so a part whose
    directory entry understates its size would surface as a CRC error; told a little more,
    the reader sees the extra bytes and can name the lie for what it is.
    """
    _check_entry(info)
    probe = copy.copy(info)
    probe.file_size = info.file_size + room
    return probe


def read_part(archive: zipfile.ZipFile, name: str, *, refuse_dtd: bool) -> bytes:
    """Unpack one part, never more than its declared size plus one byte.

    A single bounded read: zlib inflates at most that much, so a lying directory costs no
    more memory than an honest one, and reading to the end of the stream checks the CRC.
    ``refuse_dtd``: Office packages must not contain a DOCTYPE (ECMA-376 Part 2, Open
    Packaging Conventions), and it is how entity-expansion and external-entity attacks
    begin, so the loader refuses the part before any parser sees it.
    """
    info = archive.NameToInfo.get(name)
    if info is None:
        raise corrupt_document()
    if info.file_size > MAX_XML_PART_BYTES:
        raise _part_too_large(info)
    try:
        # The probe's room must exceed what one inflate step may return past the bytes asked
        # for (zipfile inflates at least 4 kB a step), or zipfile would stop first and
        # report a lie as a CRC error.
        with archive.open(_probe(info, VERIFY_CHUNK + 1)) as stream:
            data = stream.read(info.file_size + 1)
    except RuntimeError as error:  # zipfile: "password required" for encrypted entries
        raise _encrypted_entry() from error
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError) as error:
        raise corrupt_zip() from error
    if len(data) > info.file_size:
        raise _zip_mismatch(info)
    if len(data) < info.file_size:  # shorter than declared: truncated or damaged
        raise corrupt_zip()
    if refuse_dtd and DOCTYPE in data:
        raise _unsafe_xml(info)
    return data


def verify_every_part(archive: zipfile.ZipFile) -> None:
    """Unpack every part in 64 kB chunks and check it against the zip's directory.

    For callers that hand the whole package to python-docx (the annotator): python-docx
    reads each part whole, and a single read may inflate up to 2 GB before zipfile cuts it
    to the declared size. Here each part is inflated a chunk at a time and reading stops as
    soon as it passes its declared size; reading to the end verifies the CRC, and XML parts
    are scanned for a DTD.
    """
    for info in archive.infolist():
        if info.is_dir():
            continue
        probe = _probe(info, VERIFY_CHUNK + 1)
        is_xml = info.filename.endswith((".xml", ".rels"))
        unpacked = 0
        tail = b""
        try:
            with archive.open(probe) as stream:
                while chunk := stream.read(VERIFY_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > info.file_size:
                        raise _zip_mismatch(info)
                    if is_xml:
                        if DOCTYPE in tail + chunk:
                            raise _unsafe_xml(info)
                        tail = chunk[-len(DOCTYPE):]
        except DocumentReadError:
            raise
        except RuntimeError as error:
            raise _encrypted_entry() from error
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError) as error:
            raise corrupt_zip() from error
        if unpacked != info.file_size:
            raise corrupt_zip()


# --- the package ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Relationship:
    """One ``<Relationship>`` of a .rels part, as python-docx reads it."""

    rid: str | None
    reltype: str | None
    target: str | None
    external: bool


def _parse_rels(data: bytes | None) -> dict[str | None, Relationship]:
    """Relationships by id, in file order; a repeated id keeps its first place and last
    value (python-docx stores them in a dict)."""
    rels: dict[str | None, Relationship] = {}
    if data is None:
        return rels
    for element in etree.fromstring(data, OXML_PARSER).iterchildren(f"{{{_PR_NS}}}Relationship"):
        rid = element.get("Id")
        rels[rid] = Relationship(rid, element.get("Type"), element.get("Target"),
                                 element.get("TargetMode", "Internal") == "External")
    return rels


def _rels_name(member: str) -> str:
    """The .rels member of a part ('' for the package itself)."""
    folder, filename = posixpath.split(member)
    return posixpath.join(folder, "_rels", f"{filename}.rels")


def _target_member(source_member: str, rel: Relationship) -> str:
    """The zip member a relationship points to, resolved like python-docx's PackURI."""
    if rel.external or rel.target is None:
        raise corrupt_document()
    base = posixpath.split("/" + source_member)[0]
    return posixpath.abspath(posixpath.join(base, rel.target))[1:]


@dataclass
class _ContentTypes:
    """[Content_Types].xml: overrides by part name and defaults by extension, matched
    without regard to case."""

    overrides: dict[str, str | None]
    defaults: dict[str, str | None]

    @classmethod
    def parse(cls, data: bytes) -> _ContentTypes:
        root = etree.fromstring(data, OXML_PARSER)
        overrides: dict[str, str | None] = {}
        defaults: dict[str, str | None] = {}
        for element in root.iterchildren(f"{{{_CT_NS}}}Override"):
            overrides[_lower(element.get("PartName"))] = element.get("ContentType")
        for element in root.iterchildren(f"{{{_CT_NS}}}Default"):
            defaults[_lower(element.get("Extension"))] = element.get("ContentType")
        return cls(overrides, defaults)

    def of(self, member: str) -> str | None:
        """The content type of a part; a part without one is a broken package."""
        partname = ("/" + member).lower()
        if partname in self.overrides:
            return self.overrides[partname]
        extension = posixpath.splitext(partname)[1]
        extension = extension[1:] if extension.startswith(".") else extension
        if extension in self.defaults:
            return self.defaults[extension]
        raise corrupt_document()


def _lower(value: str | None) -> str:
    if value is None:
        raise corrupt_document()
    return value.lower()


DEFAULT_STYLES = object()
"""Marker: the package has no styles part, so python-docx's built-in styles apply."""


@dataclass
class DocxPackage:
    """The parts of a .docx the walk reads, each unpacked and parsed once, on demand."""

    archive: zipfile.ZipFile
    main: str
    """Zip member name of the main part (normally word/document.xml)."""
    root: Any
    """Root element of the main part."""
    rels: dict[str | None, Relationship]
    content_types: _ContentTypes
    refuse_dtd: bool = False
    parsed: dict[str, Any] = field(default_factory=dict)
    """Zip member name → parsed root: a part several relationships point to is one part."""

    @classmethod
    def open(cls, archive: zipfile.ZipFile, *, refuse_dtd: bool = False) -> DocxPackage:
        """Find and parse the main part; nothing else is unpacked yet."""
        names = archive.NameToInfo

        def read(name: str) -> bytes:
            return read_part(archive, name, refuse_dtd=refuse_dtd)

        package_rels = _parse_rels(read("_rels/.rels") if "_rels/.rels" in names else None)
        main_rels = [rel for rel in package_rels.values() if rel.reltype == RT_OFFICE_DOCUMENT]
        if len(main_rels) != 1 or main_rels[0].external or main_rels[0].target is None:
            if WORD_MAIN not in names:
                raise not_office_docx(WORD_MAIN)
            raise corrupt_document()
        main = _target_member("", main_rels[0])
        if main not in names:
            if WORD_MAIN not in names:
                raise not_office_docx(main)
            raise corrupt_document()
        if CONTENT_TYPES not in names:
            raise corrupt_document()
        content_types = _ContentTypes.parse(read(CONTENT_TYPES))
        if content_types.of(main) != CT_DOCUMENT_MAIN:  # python-docx: "not a Word file"
            raise corrupt_document()
        rels_name = _rels_name(main)
        rels = _parse_rels(read(rels_name) if rels_name in names else None)
        root = etree.fromstring(read(main), OXML_PARSER)
        package = cls(archive, main, root, rels, content_types, refuse_dtd)
        package.parsed[main] = root
        return package

    @property
    def body(self) -> Any | None:
        """The w:body of a w:document root (None if the main part is not a document)."""
        if self.root.tag != W_DOCUMENT:
            return None
        return self.root.find(W_BODY)

    def member(self, rel: Relationship) -> str:
        """The zip member ``rel`` points to; one that is not there is a broken package."""
        member = _target_member(self.main, rel)
        if member not in self.archive.NameToInfo:
            raise corrupt_document()
        return member

    def read(self, member: str) -> bytes:
        return read_part(self.archive, member, refuse_dtd=self.refuse_dtd)

    def parse(self, member: str, data: bytes | None = None) -> Any:
        """The root element of a part, parsed once (``data``: its bytes, if already read)."""
        root = self.parsed.get(member)
        if root is None:
            content_type = self.content_types.of(member)
            parser = OXML_PARSER if content_type in PYTHON_DOCX_XML_PARTS else PLAIN_PARSER
            root = etree.fromstring(self.read(member) if data is None else data, parser)
            self.parsed[member] = root
        return root

    def part_root(self, rel: Relationship) -> tuple[str, Any]:
        """(member name, root element) of the part ``rel`` points to."""
        member = self.member(rel)
        return member, self.parse(member)

    def roots_of_type(self, reltype: str) -> list[Any]:
        """Roots of the internal parts related by ``reltype``, in relationship order."""
        return [self.part_root(rel)[1] for rel in self.rels.values()
                if rel.reltype == reltype and not rel.external]

    def styles_member(self) -> Any:
        """The styles part's member name; :data:`DEFAULT_STYLES` without a styles part, or
        None when python-docx could not use it (several, external, or not a styles part)."""
        styles = [rel for rel in self.rels.values() if rel.reltype == RT_STYLES]
        if not styles:
            return DEFAULT_STYLES
        if len(styles) > 1 or styles[0].external:
            return None
        member = self.member(styles[0])
        return member if self.content_types.of(member) == CT_STYLES else None

    def content_key(self, member: str) -> tuple[Any, ...] | None:
        """A key equal for two parts exactly when they unpack to the same bytes, without
        unpacking: compression method, declared size and CRC, and the compressed bytes.

        For memoising what is derived from a part many letters share (a municipality's
        styles part is the same in every letter from its template), so the part need not
        be unpacked and parsed again. Identical compressed bytes under an identical
        directory entry unpack identically, so a part that passed :func:`read_part` once
        would pass again. None if the local header does not look right: then the part is
        read the ordinary way, which says what is wrong with it.
        """
        info = self.archive.NameToInfo[member]
        stream = self.archive.fp
        if stream is None:
            return None
        try:
            stream.seek(info.header_offset)
            header = stream.read(30)
            if len(header) != 30 or header[:4] != b"PK\x03\x04":
                return None
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            stream.seek(name_length + extra_length, 1)
            compressed = stream.read(info.compress_size)
        except (OSError, ValueError):
            return None
        if len(compressed) != info.compress_size:
            return None
        return (info.compress_type, info.file_size, info.CRC, compressed)


@functools.cache
def default_styles_xml() -> bytes | None:
    """python-docx's built-in styles (templates/default-styles.xml), read without importing
    python-docx: it is what python-docx uses for a package without a styles part."""
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "templates" / "default-styles.xml"
    try:
        return path.read_bytes()
    except OSError:
        return None
