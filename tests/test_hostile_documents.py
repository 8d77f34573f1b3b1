"""Hostile letters: each gives a correct result or one clear Danish error, exit code 2 —
never a traceback, never a hang, never a file read or a network request on the letter's
behalf, and never a blow-up in memory.

Most cases run the ``check`` command in-process (fast, and an exception escaping would
show as ``result.exception``) under a deadline; one test runs them all through the real
console entry point in a subprocess, with strict UTF-8 output streams and a timeout.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brevtjek.document import load_document
from brevtjek.document.loader import MAX_TEXT_CHARS, read_capped
from brevtjek.errors import DocumentReadError
from brevtjek.nlp.language import MIN_DANISH_SHARE, guess_language
from tests import hostile
from tests.docx_factory import package, text_para
from tests.hostile import invoke

runner = CliRunner()


@dataclass(frozen=True)
class Case:
    build: Callable[[], bytes]
    name: str
    code: str
    message: str
    """A fragment of the Danish message the user must see."""


CASES: dict[str, Case] = {
    "truncated-zip": Case(hostile.truncated_zip, "brev.docx", "corrupt", "beskadiget"),
    "zip-not-docx": Case(hostile.zip_that_is_not_docx, "brev.docx", "not_docx",
                         "zip-fil, men ikke et Word-dokument"),
    "no-document-xml": Case(hostile.docx_without_document_xml, "brev.docx", "not_docx",
                            "mangler word/document.xml"),
    "encrypted": Case(hostile.encrypted_docx, "brev.docx", "encrypted", "adgangskode"),
    "doc-renamed": Case(hostile.legacy_doc, "brev.docx", "legacy_doc", "gammelt Word-dokument"),
    "rtf-renamed": Case(hostile.rtf_document, "brev.docx", "rtf", "RTF-fil"),
    "pdf-renamed": Case(lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "brev.docx", "pdf", "PDF"),
    "text-renamed": Case(lambda: b"Bare tekst.", "brev.docx", "not_docx",
                         "hedder .docx, men er ikke"),
    "binary-txt": Case(lambda: b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "brev.txt", "binary",
                       "ikke en tekstfil"),
    "empty-file": Case(lambda: b"", "brev.docx", "empty", "Filen er tom"),
    "declared-zip-bomb": Case(hostile.declared_zip_bomb, "brev.docx", "too_large_unpacked",
                              "zip-bombe"),
    "zip-bomb": Case(hostile.honest_zip_bomb, "brev.docx", "too_large_unpacked",
                     "word/document.xml fylder 61 MB"),
    "lying-zip-directory": Case(hostile.lying_zip_bomb, "brev.docx", "zip_mismatch",
                                "mere udpakket, end zip-filens indholdsfortegnelse angiver"),
    "too-many-parts": Case(hostile.many_parts_zip, "brev.docx", "too_many_parts",
                           "et Word-dokument har højst nogle hundrede"),
    "bzip2-parts": Case(hostile.bzip2_docx, "brev.docx", "corrupt", "komprimeringsmetode 12"),
    "external-entity": Case(lambda: hostile.external_entity_docx("file:///etc/hostname"),
                            "brev.docx", "unsafe_xml", "DTD"),
    "billion-laughs": Case(hostile.billion_laughs_docx, "brev.docx", "unsafe_xml", "DTD"),
    "nested-tables-100": Case(lambda: hostile.nested_tables_docx(100), "brev.docx", "too_deep",
                              "indlejret for dybt"),
    "empty-docx": Case(hostile.empty_docx, "brev.docx", "no_text", "Brevet indeholder ingen tekst."),
    "images-only": Case(hostile.images_only_docx, "brev.docx", "no_text", "kun billeder"),
    "blank-text": Case(lambda: "\ufeff \n\t\n".encode(), "brev.txt", "no_text",
                       "Brevet indeholder ingen tekst."),
    "english-letter": Case(lambda: hostile.ENGLISH_LETTER.encode(), "letter.txt", "not_danish",
                           "Brevet ser ikke ud til at være skrevet på dansk"),
}




@pytest.mark.parametrize("case_id", sorted(CASES))
def test_hostile_letter_gives_one_danish_error_and_exit_2(tmp_path, case_id):
    case = CASES[case_id]
    (tmp_path / case.name).write_bytes(case.build())
    started = time.monotonic()
    with hostile.deadline(30):
        result = invoke(tmp_path, "check", case.name, "--format", "json")
    assert time.monotonic() - started < 30
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    entry = json.loads(result.stdout)["files"][0]
    assert entry["status"] == "error"
    assert entry["error"]["code"] == case.code
    assert case.message in entry["error"]["message"]
    assert "Traceback" not in result.output


def test_every_hostile_letter_at_once_through_the_console_entry_point(tmp_path):
    """The real ``brevtjek`` process, one run over all of them: no traceback, bounded time."""
    names = []
    for case_id, case in sorted(CASES.items()):
        name = f"{case_id}{Path(case.name).suffix}"
        (tmp_path / name).write_bytes(case.build())
        names.append(name)
    result = hostile.run_cli("check", *names, "--format", "json", "-j", "1", "-q",
                             cwd=tmp_path, timeout=180)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    codes = {Path(entry["path"]).stem: entry["error"]["code"]
             for entry in json.loads(result.stdout)["files"]}
    assert codes == {case_id: case.code for case_id, case in CASES.items()}


def test_terminal_output_shows_the_message_on_stderr(tmp_path):
    (tmp_path / "tom.docx").write_bytes(hostile.empty_docx())
    result = hostile.run_cli("check", "tom.docx", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "tom.docx: Brevet indeholder ingen tekst." in result.stderr
    assert "Traceback" not in result.stderr


# --- zip bombs ---------------------------------------------------------------------------

def _peak_memory_mb(path: Path) -> tuple[str, float]:
    """Load a letter in a fresh interpreter; return its error code and peak RSS in MB."""
    script = (
        "import resource, sys\n"
        "from brevtjek.document import load_document\n"
        "from brevtjek.errors import DocumentReadError\n"
        "import docx, lxml.etree\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    load_document(sys.argv[1]); code = 'ok'\n"
        "except DocumentReadError as error:\n"
        "    code = error.code\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(code, (peak - base) / 1024)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                               text=True, timeout=60, check=True)
    code, growth = completed.stdout.split()
    return code, float(growth)


def test_lying_zip_directory_is_caught_with_bounded_memory(tmp_path):
    """The directory says 2 kB, the part inflates to 150 MB. python-docx would inflate it in
    one call before zipfile cuts it to the declared size; the loader reads it in 64 kB
    chunks and stops one byte past the declared size."""
    path = tmp_path / "brev.docx"
    path.write_bytes(hostile.lying_zip_bomb(150))
    code, growth_mb = _peak_memory_mb(path)
    assert code == "zip_mismatch"
    assert growth_mb < 40, f"loading grew the process by {growth_mb:.0f} MB"


def test_declared_sizes_are_believed_only_up_to_the_caps(tmp_path):
    with pytest.raises(DocumentReadError) as caught:
        load_document(hostile.declared_zip_bomb())
    assert caught.value.code == "too_large_unpacked"
    assert "300 MB udpakket" in caught.value.message


def test_a_zip_with_too_many_parts_is_refused_before_its_directory_is_parsed():
    data = hostile.many_parts_zip(20_000)
    started = time.monotonic()
    with pytest.raises(DocumentReadError) as caught:
        load_document(data)
    assert caught.value.code == "too_many_parts"
    assert time.monotonic() - started < 10  # ~0.01 s; parsing the directory would take ~1 s


# --- XML entities ------------------------------------------------------------------------

SECRET = "HEMMELIGT-INDHOLD-7731"


@pytest.fixture()
def secret_file(tmp_path) -> Path:
    path = tmp_path / "hemmelig.txt"
    path.write_text(SECRET, "utf-8")
    return path


def test_external_entity_to_a_local_file_is_refused_and_never_read(tmp_path, secret_file):
    letter = tmp_path / "brev.docx"
    letter.write_bytes(hostile.external_entity_docx(secret_file.as_uri()))
    result = hostile.run_cli("check", "brev.docx", "--format", "json", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    assert json.loads(result.stdout)["files"][0]["error"]["code"] == "unsafe_xml"


def test_python_docx_parser_leaves_entities_unresolved(secret_file):
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    xml = (f'<!DOCTYPE a [<!ENTITY x SYSTEM "{secret_file.as_uri()}">]><a>&x;Hej</a>').encode()
    root = etree.fromstring(xml, oxml_parser)
    assert SECRET not in etree.tostring(root, encoding="unicode")
    assert root.text is None and root[0].tail == "Hej"  # an unexpanded entity node, then text


def test_the_docx_reader_itself_does_not_resolve_entities(secret_file):
    """Defence in depth: even past the loader's DOCTYPE check, python-docx's parser
    (resolve_entities=False) leaves the entity unexpanded and the file unread."""
    from brevtjek.document.docx_reader import read_docx

    document = read_docx(hostile.external_entity_docx(secret_file.as_uri()), "brev.docx")
    texts = " ".join(block.text for block in document.blocks)
    assert "Du får en rollator" in texts
    assert SECRET not in texts


class _Listener:
    """A local HTTP port that records whether anything connected to it."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(5)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=2)
        self.server.close()


@pytest.fixture()
def listener():
    server = _Listener()
    yield server
    server.close()


def test_no_network_request_for_external_entities_or_dtds(tmp_path, listener):
    from brevtjek.document.docx_reader import read_docx

    url = f"http://127.0.0.1:{listener.port}/x"
    attacks = [hostile.external_entity_docx(url), hostile.external_dtd_docx(url)]
    for data in attacks:
        with pytest.raises(DocumentReadError) as caught:
            load_document(data)
        assert caught.value.code == "unsafe_xml"
        read_docx(data, "brev.docx")  # the reader alone: parses, fetches nothing
    time.sleep(0.5)
    assert listener.connections == 0


def test_billion_laughs_is_refused_fast_at_both_layers():
    from lxml import etree

    from brevtjek.document.docx_reader import read_docx
    from brevtjek.document.loader import _read_docx_safely

    data = hostile.billion_laughs_docx()
    with hostile.deadline(10):
        with pytest.raises(DocumentReadError) as caught:
            load_document(data)
        assert caught.value.code == "unsafe_xml"
        # Past the loader's check, libxml2's amplification limit stops the expansion …
        with pytest.raises(etree.XMLSyntaxError, match="amplification"):
            read_docx(data, "brev.docx")
        # … and the loader's reader wrapper names it.
        with pytest.raises(DocumentReadError) as wrapped:
            _read_docx_safely(data, "brev.docx")
        assert wrapped.value.code == "unsafe_xml"


# --- depth -------------------------------------------------------------------------------

def test_tables_nested_within_the_reader_limit_are_read():
    document = load_document(hostile.nested_tables_docx(39))
    assert [block.text for block in document.blocks] == ["Yderste afsnit.", "Inderste celle."]
    assert document.warnings == ()


def test_tables_nested_past_the_reader_limit_are_skipped_with_a_note():
    from brevtjek.document.docx_reader import MAX_TABLE_DEPTH

    document = load_document(hostile.nested_tables_docx(MAX_TABLE_DEPTH + 5))
    assert [block.text for block in document.blocks] == ["Yderste afsnit."]
    assert document.warnings == (
        f"Tabeller indlejret mere end {MAX_TABLE_DEPTH} niveauer dybt er ikke læst.",
    )


def test_lxml_stops_at_256_levels_with_python_docx_parser():
    """python-docx's parser has no huge_tree: libxml2 refuses documents deeper than 256."""
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    etree.fromstring(b"<a>" * 250 + b"</a>" * 250, oxml_parser)
    with pytest.raises(etree.XMLSyntaxError, match="Excessive depth"):
        etree.fromstring(b"<a>" * 300 + b"</a>" * 300, oxml_parser)


def test_deeply_nested_tables_give_too_deep_not_a_crash():
    started = time.monotonic()
    with pytest.raises(DocumentReadError) as caught:
        load_document(hostile.nested_tables_docx(1000))
    assert caught.value.code == "too_deep"
    assert time.monotonic() - started < 15


# --- size and time -----------------------------------------------------------------------

def test_a_300_page_letter_finishes_in_bounded_time(tmp_path):
    hostile.pack_workspace(tmp_path)
    (tmp_path / "lang.docx").write_bytes(hostile.long_letter(300))
    started = time.monotonic()
    result = hostile.run_cli("check", "lang.docx", "--format", "json", cwd=tmp_path, timeout=240)
    elapsed = time.monotonic() - started
    assert result.returncode in (0, 1), result.stderr
    entry = json.loads(result.stdout)["files"][0]
    assert entry["status"] == "ok"
    assert len(entry["findings"]) >= 2400  # at least one per paragraph: nothing was cut off
    assert elapsed < 240


def test_text_beyond_the_length_cap_is_refused(tmp_path):
    path = tmp_path / "kæmpe.txt"
    path.write_text("Du får en rollator. " * (MAX_TEXT_CHARS // 20 + 1), "utf-8")
    with pytest.raises(DocumentReadError) as caught:
        load_document(path)
    assert caught.value.code == "too_long"
    assert "5.000.000 tegn" in caught.value.message


def test_endless_device_is_not_read(tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this platform")
    with hostile.deadline(5), pytest.raises(DocumentReadError) as caught:
        load_document("/dev/zero")
    assert caught.value.code == "not_regular_file"


def test_standard_input_is_read_with_a_cap():
    import io

    assert read_capped(io.BytesIO(b"x" * 10), limit=10) == b"x" * 10
    with pytest.raises(DocumentReadError) as caught:
        read_capped(io.BytesIO(b"x" * 11), limit=10)
    assert caught.value.code == "too_large"


# --- text encodings and language ------------------------------------------------------------

def test_windows_1252_text_is_read_with_a_note(tmp_path):
    hostile.pack_workspace(tmp_path)
    (tmp_path / "brev.txt").write_bytes(hostile.DANISH_LETTER.encode("cp1252"))
    result = invoke(tmp_path, "check", "brev.txt", "--format", "json")
    entry = json.loads(result.stdout)["files"][0]
    assert entry["status"] == "ok"
    assert any("Windows-1252" in note for note in entry["warnings"])
    assert any("fremsendt" in finding["text"] for finding in entry["findings"])


def test_every_corpus_letter_is_recognised_as_danish():
    letters = hostile.corpus_letters()
    if not letters:
        pytest.skip("no corpus letters")
    for path in letters:
        guess = guess_language(block.text for block in load_document(path).blocks)
        assert guess.is_danish, (path.name, guess)
        assert guess.danish_share > 2 * MIN_DANISH_SHARE


@pytest.mark.parametrize("text, danish", [
    (hostile.ENGLISH_LETTER, False),
    ("Wir haben Ihren Antrag auf einen Rollator erhalten. Wir haben entschieden, dass Sie "
     "keinen Rollator bekommen, weil Sie ohne Hilfe gehen können. Sie können innerhalb von "
     "vier Wochen gegen die Entscheidung Beschwerde einlegen. Wenn Sie sich beschweren, prüfen "
     "wir den Fall erneut. Bitte kontaktieren Sie uns, wenn Sie Fragen haben.", False),
    ("Vi har mottatt søknaden din om en rullator. Vi har bestemt at du ikke får en rullator "
     "fordi du kan gå uten hjelp. Du kan klage på vedtaket innen fire uker. Hvis du klager, vil "
     "vi se på saken igjen. Kontakt oss hvis du har spørsmål om dette brevet eller saken.", True),
    ("We have received your application.", True),  # too short to judge: checked as Danish
])
def test_language_guess(text, danish):
    assert guess_language([text]).is_danish is danish


def test_a_foreign_letter_is_not_checked(tmp_path):
    (tmp_path / "letter.txt").write_text(hostile.ENGLISH_LETTER, "utf-8")
    result = invoke(tmp_path, "check", "letter.txt")
    assert result.exit_code == 2
    assert "Brevet ser ikke ud til at være skrevet på dansk" in result.stderr


# --- file names ---------------------------------------------------------------------------

def test_file_names_with_spaces_and_danish_letters(tmp_path):
    name = "Afgørelse om hjælp – Åse Ørum (kopi).docx"
    (tmp_path / name).write_bytes(hostile.plain_letter())
    result = hostile.run_cli("check", name, "--format", "json", cwd=tmp_path, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    entry = json.loads(result.stdout)["files"][0]
    assert (entry["path"], entry["status"]) == (name, "ok")
    text = hostile.run_cli("check", name, cwd=tmp_path, timeout=60)
    assert name in text.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes only on Linux")
def test_undecodable_file_name_does_not_crash_strict_output(tmp_path):
    name = os.fsdecode(b"brev \xff\xfe.txt")
    (tmp_path / name).write_text(hostile.DANISH_LETTER, "utf-8")
    for output in ("json", "text"):
        result = hostile.run_cli("check", name, "--format", output, cwd=tmp_path, timeout=60)
        assert result.returncode in (0, 1), result.stderr
        assert "brev \ufffd\ufffd.txt" in result.stdout


def test_control_characters_in_a_letter_never_reach_the_terminal(tmp_path):
    hostile.pack_workspace(tmp_path)
    (tmp_path / "brev.txt").write_text(
        "Vi har fremsendt \x1b]0;OVERTAGET\x07 papirerne \x1b[2J til dig.\n", "utf-8")
    result = hostile.run_cli("check", "brev.txt", cwd=tmp_path, timeout=60)
    assert "fremsendt" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    structured = hostile.run_cli("check", "brev.txt", "--format", "json", cwd=tmp_path, timeout=60)
    sentence = json.loads(structured.stdout)["files"][0]["findings"][0]["sentence"]
    assert "\x1b[2J" in sentence  # JSON keeps the exact text, escaped


def test_a_real_letter_still_reads(tmp_path):
    """The hardening must not cost a normal letter anything."""
    data = package(text_para("Afgørelse", style="Heading1") + text_para("Du får en rollator."))
    document = load_document(data)
    assert [block.text for block in document.blocks] == ["Afgørelse", "Du får en rollator."]


def test_a_small_file_with_very_many_paragraphs_is_refused_quickly():
    """17 kB of zip, 100,000 paragraphs: the rules would run for minutes."""
    from brevtjek.document.loader import MAX_BLOCKS

    body = "<w:p><w:r><w:t>Du får en rollator.</w:t></w:r></w:p>" * (MAX_BLOCKS + 1)
    started = time.monotonic()
    with pytest.raises(DocumentReadError) as caught:
        load_document(package(body))
    assert caught.value.code == "too_long"
    assert "20.000 afsnit" in caught.value.message
    assert time.monotonic() - started < 20


def test_a_body_of_a_million_paragraphs_is_refused_before_it_is_walked():
    from brevtjek.document.loader import MAX_PARAGRAPH_ELEMENTS

    body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (MAX_PARAGRAPH_ELEMENTS * 3)
    started = time.monotonic()
    with pytest.raises(DocumentReadError) as caught:
        load_document(package(body))
    assert caught.value.code == "too_long"
    assert "100.000 afsnit" in caught.value.message
    assert time.monotonic() - started < 20


def test_a_main_part_without_a_document_root_is_corrupt_not_a_hidden_crash():
    """Found by the fuzzer: python-docx hands back a plain element without .body."""
    from brevtjek.document.docx_reader import read_docx

    data = hostile.replace_in_part(hostile.plain_letter(), "word/document.xml",
                                   b"<w:document ", b"<w:dokument ")
    data = hostile.replace_in_part(data, "word/document.xml", b"</w:document>", b"</w:dokument>")
    with pytest.raises(DocumentReadError) as caught:
        read_docx(data, "brev.docx")
    assert caught.value.code == "corrupt"
    assert "ingen brødtekst" in caught.value.message
    with pytest.raises(DocumentReadError) as loaded:
        load_document(data)
    assert loaded.value.__cause__ is None  # raised on purpose, not caught from an AttributeError
