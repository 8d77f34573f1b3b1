"""Builders for hostile inputs and helpers to run brevtjek against them with a time limit.

Used by the hostile-document, privacy, nothing-lost and fuzz tests. Every builder returns
bytes made here, from the invented-letter factory in tests/docx_factory.py: no fixture
files, so each attack is readable in one place.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tests.docx_factory import package, table, text_para

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "letters"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


# --- running brevtjek --------------------------------------------------------------------

@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError if the block runs longer than ``seconds`` (main thread only)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120,
            stdin: bytes | None = None, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point (``main``: its last line of defence included).

    Output streams are strict UTF-8, as on a developer's machine or in CI, so a character
    that cannot be encoded (a surrogate from an undecodable file name) fails loudly here.
    """
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "COLUMNS": "200",
                   **(env or {})}
    environment.pop("BREVTJEK_DEBUG", None)
    command = [sys.executable, "-c", "from brevtjek.cli import main; main()", *args]
    completed = subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=environment,
    )
    return subprocess.CompletedProcess(
        completed.args, completed.returncode,
        completed.stdout.decode("utf-8", errors="strict"),
        completed.stderr.decode("utf-8", errors="strict"),
    )


# --- zip surgery ---------------------------------------------------------------------------

def rezip(data: bytes, mutate: Callable[[str, bytes], bytes | None],
          extra: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Copy a package, passing each part through ``mutate`` (None drops the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            changed = mutate(info.filename, source.read(info.filename))
            if changed is not None:
                target.writestr(info.filename, changed)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def replace_in_part(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    def mutate(name: str, content: bytes) -> bytes:
        if name != part:
            return content
        assert old in content, f"{old!r} not in {part}"
        return content.replace(old, new, 1)

    return rezip(data, mutate)


def set_declared_size(data: bytes, part: str, size: int) -> bytes:
    """Rewrite the uncompressed size the zip directory (and local header) claims for a part.

    The compressed bytes and the CRC stay as they were: this is a zip directory that lies.
    """
    patched = bytearray(data)
    encoded = part.encode()
    position = 0
    while (position := patched.find(b"PK\x01\x02", position)) >= 0:  # central directory
        name_length = struct.unpack_from("<H", patched, position + 28)[0]
        if bytes(patched[position + 46:position + 46 + name_length]) == encoded:
            struct.pack_into("<I", patched, position + 24, size)
            local = struct.unpack_from("<I", patched, position + 42)[0]
            struct.pack_into("<I", patched, local + 22, size)
            return bytes(patched)
        position += 4
    raise AssertionError(f"{part} not in package")


# --- the attacks ---------------------------------------------------------------------------

def plain_letter(text: str = "Du får en rollator. Vi har fremsendt papirerne til dig.") -> bytes:
    return package(text_para("Afgørelse om hjælpemiddel", style="Heading1") + text_para(text))


def truncated_zip() -> bytes:
    data = plain_letter()
    return data[: len(data) // 2]


def zip_that_is_not_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("regnskab.csv", "navn;beløb\n")
    return out.getvalue()


def docx_without_document_xml() -> bytes:
    return rezip(plain_letter(), lambda name, content: None if name == "word/document.xml" else content)


def encrypted_docx() -> bytes:
    """A real password-protected Word file: an OLE container with an EncryptedPackage."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain_letter())).encrypt("kodeord", out)
    return out.getvalue()


def legacy_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le")


def rtf_document() -> bytes:
    return b"{\\rtf1\\ansi\\deff0 Afg\\'f8relse om hj\\'e6lpemiddel\\par}"


def declared_zip_bomb() -> bytes:
    """A part whose declared unpacked size is 300 MB (the directory is believed)."""
    return set_declared_size(plain_letter(), "word/document.xml", 300 * 1024 * 1024)


def honest_zip_bomb(megabytes: int = 61) -> bytes:
    """A real bomb: document.xml inflates to ``megabytes`` MB of padding (~1000:1)."""
    padding = b"<!--" + b" " * (megabytes * 1024 * 1024) + b"-->"
    return replace_in_part(plain_letter(), "word/document.xml", XML_DECLARATION,
                           XML_DECLARATION + padding)


def lying_zip_bomb(megabytes: int = 50) -> bytes:
    """document.xml really inflates to ``megabytes`` MB, but the directory says 2 kB."""
    return set_declared_size(honest_zip_bomb(megabytes), "word/document.xml", 2048)


def many_parts_zip(parts: int = 10_001) -> bytes:
    return rezip(plain_letter(), lambda name, content: content,
                 extra={f"customXml/item{index}.bin": b"" for index in range(parts)},
                 compression=zipfile.ZIP_STORED)


def bzip2_docx() -> bytes:
    """Word never uses bzip2; it can expand a few bytes into gigabytes in one call."""
    return rezip(plain_letter(), lambda name, content: content, compression=zipfile.ZIP_BZIP2)


def external_entity_docx(target: str, marker: bytes = b"Afg") -> bytes:
    """document.xml declares an external entity (a local file or a URL) and uses it."""
    doctype = (f'<!DOCTYPE w:document [<!ENTITY ekstern SYSTEM "{target}">]>').encode()
    data = replace_in_part(plain_letter(), "word/document.xml", XML_DECLARATION,
                           b'<?xml version="1.0" encoding="UTF-8"?>' + doctype)
    return replace_in_part(data, "word/document.xml", marker, b"&ekstern;" + marker)


def external_dtd_docx(url: str) -> bytes:
    """document.xml names an external DTD to load from ``url``."""
    return replace_in_part(plain_letter(), "word/document.xml", XML_DECLARATION,
                           b'<?xml version="1.0" encoding="UTF-8"?>'
                           + f'<!DOCTYPE w:document SYSTEM "{url}">'.encode())


def billion_laughs_docx(levels: int = 10) -> bytes:
    """The classic entity expansion: 10^levels copies of 'ha' from a few hundred bytes."""
    entities = '<!ENTITY ha0 "ha">' + "".join(
        f'<!ENTITY ha{level} "{f"&ha{level - 1};" * 10}">' for level in range(1, levels)
    )
    doctype = f"<!DOCTYPE w:document [{entities}]>".encode()
    data = replace_in_part(plain_letter(), "word/document.xml", XML_DECLARATION,
                           b'<?xml version="1.0" encoding="UTF-8"?>' + doctype)
    return replace_in_part(data, "word/document.xml", b"Afg", f"&ha{levels - 1};Afg".encode())


def nested_tables_docx(depth: int, inner: str = "Inderste celle.") -> bytes:
    content = text_para(inner)
    for _ in range(depth):
        content = table([f"<w:tc>{content}</w:tc>"])
    return package(text_para("Yderste afsnit.") + content)


def empty_docx() -> bytes:
    return package("<w:p/><w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>")


def images_only_docx() -> bytes:
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
           b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
           b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    body = package("<w:p><w:r><w:drawing/></w:r></w:p>")
    return rezip(body, lambda name, content: content, extra={"word/media/image1.png": png})


def long_letter(pages: int = 300) -> bytes:
    """About ``pages`` pages (8 paragraphs of ~50 words each), with findings on every page."""
    paragraph = (
        "Vi har behandlet din ansøgning om et hjælpemiddel efter servicelovens § 112, og "
        "såfremt du er uenig i afgørelsen, kan du klage inden fire uger. Kommunen har i "
        "henhold til reglerne vurderet, at du ikke opfylder betingelserne for at få "
        "bevilget en rollator, fordi du kan gå uden hjælp."
    )
    body = "".join(text_para(f"Afsnit {index}. {paragraph}") for index in range(pages * 8))
    return package(text_para("Afgørelse om hjælpemiddel", style="Heading1") + body)


ENGLISH_LETTER = (
    "We have received your application for a walker. We have decided that you will not get "
    "a walker because you can walk without help. You can complain about the decision within "
    "four weeks. If you complain, we will look at the case again. The municipality has "
    "assessed your situation and found that the conditions are not met. Please contact us "
    "if you have any questions about this letter or about your case in general.\n"
)

DANISH_LETTER = (
    "Afgørelse om rollator\n\n"
    "Du får en rollator. Vi har fremsendt papirerne til dig, og såfremt du er uenig, kan du "
    "klage inden fire uger.\n\n"
    "Hvis du har spørgsmål, er du velkommen til at ringe til os på 12 34 56 78.\n"
)


def pack_workspace(folder: Path) -> Path:
    """A folder with a small test rule pack and a brevtjek.yaml that selects only it.

    Tests that need findings use it, so they do not depend on the shipped packs' wording.
    """
    import yaml

    from tests.packs import write_pack

    folder.mkdir(parents=True, exist_ok=True)
    write_pack(folder / "packs")
    (folder / "brevtjek.yaml").write_text(yaml.safe_dump({"packs": ["packs/test"]}), "utf-8")
    return folder


def corpus_letters() -> list[Path]:
    return sorted(CORPUS.glob("*.docx"))


def invoke(cwd: Path, *args: str) -> Any:
    """Run the CLI in-process with ``cwd`` as working directory (configuration is found
    by walking up from there, as for a caseworker)."""
    from typer.testing import CliRunner

    from brevtjek.cli import app

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)
