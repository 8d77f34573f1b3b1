"""CPR numbers never leave brevtjek unmasked: not in any output format, not in a file path,
not in an error message, not on stderr.

The letter and its file name hold three invented CPR numbers in the three shapes people
write them (with a dash, without, with a space). A test rule flags the numbers themselves
and another rule flags a word in the same sentence, so they reach every field a report
has: the flagged text, the message, the sentence, the section heading, the metrics'
hardest sentences, the path. Every format in the reporter registry is checked, so a format
added later is covered without touching this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from brevtjek.privacy import CPR, mask_cpr
from brevtjek.reporters import FORMATS
from tests import hostile
from tests.docx_factory import package, table, text_para
from tests.hostile import invoke
from tests.packs import JARGON_RULE, write_pack

runner = CliRunner()

CPRS = ("010190-4711", "2512857319", "150362 5523")
"""Invented, in three spellings. Their last four digits must never be printed."""
SECRET_DIGITS = ("4711", "7319", "5523")
MASKED = ("010190-XXXX", "251285XXXX", "150362 XXXX")

CPR_RULE = {
    "id": "test.cpr",
    "type": "existence",
    "severity": "error",
    "message": "«{match}» ligner et CPR-nummer.",
    "suggestion": "Fjern «{match}» fra brevet.",
    "patterns": [r"\b\d{6}[- ]?\d{4}\b"],
    "examples": {"bad": ["CPR-nr. 010190-4711."], "good": ["Sagsnr. 2024-1234."]},
}

LETTER = (
    "Afgørelse for 010190-4711\n\n"
    "Kære Åse Ørum, CPR-nr. 010190-4711. Såfremt du er uenig i afgørelsen om dit "
    "CPR 2512857319, kan du klage, og vi noterer 150362 5523 på sagen.\n"
)
LETTER_NAME = "afslag 010190-4711.txt"


@pytest.fixture()
def workspace(tmp_path) -> Path:
    write_pack(tmp_path / "packs", rules=[JARGON_RULE, CPR_RULE])
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump({"packs": ["packs/test"]}), "utf-8")
    (tmp_path / LETTER_NAME).write_text(LETTER, "utf-8")
    return tmp_path




def assert_masked(output: str, expect_masked: bool = True) -> None:
    for digits in SECRET_DIGITS:
        assert digits not in output, f"…{digits} printed unmasked"
    assert CPR.search(output) is None
    if expect_masked:
        assert any(masked in output for masked in MASKED)


def test_mask_cpr_keeps_length_and_offsets():
    for number, masked in zip(CPRS, MASKED, strict=True):
        text = f"Nr. {number}."
        assert mask_cpr(text) == f"Nr. {masked}."
        assert len(mask_cpr(text)) == len(text)
    assert mask_cpr("Sagsnr. 2024-12345 og tlf. 12 34 56 78") == "Sagsnr. 2024-12345 og tlf. 12 34 56 78"
    assert mask_cpr("320190-1234") == "320190-1234"  # day 32: not a CPR number
    assert mask_cpr("afslag-010190-4711-kopi.docx") == "afslag-010190-XXXX-kopi.docx"
    assert mask_cpr("brev \udcff 0101904711.txt") == "brev \ufffd 010190XXXX.txt"


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_every_format_masks_cpr_numbers(workspace, output_format):
    result = invoke(workspace, "check", LETTER_NAME, "--format", output_format)
    assert result.exit_code == 1, result.output  # the CPR rule's findings are errors
    assert "010190-XXXX" in result.stdout  # the path, the heading or the finding
    assert_masked(result.output)
    written = invoke(workspace, "check", LETTER_NAME, "--format", output_format,
                     "--output", f"rapport.{output_format}")
    assert written.exit_code == 1
    assert_masked((workspace / f"rapport.{output_format}").read_text("utf-8"))
    assert_masked(written.output, expect_masked=False)


def test_json_fields_are_masked_where_the_cpr_stood(workspace):
    result = invoke(workspace, "check", LETTER_NAME, "--format", "json")
    entry = json.loads(result.stdout)["files"][0]
    assert entry["path"] == "afslag 010190-XXXX.txt"
    flagged = {finding["text"] for finding in entry["findings"] if finding["rule"] == "test.cpr"}
    assert flagged == set(MASKED)
    for finding in entry["findings"]:
        assert "XXXX" in (finding["sentence"] or "") or finding["location"]["block"] == 0
        assert finding["location"]["end"] - finding["location"]["start"] == len(finding["text"])


def test_docx_parts_are_masked(tmp_path, workspace):
    body = (text_para("Afgørelse for 010190-4711", style="Heading1")
            + text_para("Såfremt du er uenig, kan du klage. CPR 2512857319.")
            + table([f"<w:tc>{text_para('Barn: 150362 5523')}</w:tc>"]))
    (workspace / "brev 150362-5523.docx").write_bytes(
        package(body, headers=["Sag om 010190-4711"], footers=["CPR 2512857319"],
                footnotes=["Jf. 150362 5523."]))
    for output_format in ("json", "text", "sarif", "html"):
        if output_format not in FORMATS:
            continue
        result = invoke(workspace, "check", "brev 150362-5523.docx", "--format", output_format)
        assert result.exit_code == 1, result.output
        assert_masked(result.output)


def test_error_messages_and_paths_on_stderr_are_masked(workspace):
    (workspace / "skadet 010190-4711.docx").write_bytes(hostile.truncated_zip())
    result = invoke(workspace, "check", "skadet 010190-4711.docx")
    assert result.exit_code == 2
    assert "skadet 010190-XXXX.docx" in result.stderr
    assert_masked(result.output)
    missing = invoke(workspace, "check", "mangler 2512857319.txt")
    assert missing.exit_code == 2
    assert_masked(missing.output)
    config = invoke(workspace, "check", LETTER_NAME, "--config", "konfig-150362 5523.yaml")
    assert config.exit_code == 2
    assert "konfig-150362 XXXX.yaml" in config.stderr
    assert_masked(config.output)


def test_broken_pack_problems_are_masked(workspace):
    folder = workspace / "pakke 010190-4711"
    write_pack(folder.parent, folder.name, rules=[dict(JARGON_RULE, severity="kritisk")])
    (workspace / "pakke.yaml").write_text(yaml.safe_dump({"packs": [str(folder)]}), "utf-8")
    result = invoke(workspace, "check", LETTER_NAME, "--config", "pakke.yaml")
    assert result.exit_code == 2
    assert "pakke 010190-XXXX" in result.stderr
    assert_masked(result.output)


def test_output_file_name_is_masked_in_write_errors(workspace):
    result = invoke(workspace, "check", LETTER_NAME, "--format", "json",
                    "--output", "mappe 2512857319/findes-ikke/rapport.json")
    assert result.exit_code == 2
    assert "Kunne ikke skrive" in result.stderr and "251285XXXX" in result.stderr
    assert_masked(result.output, expect_masked=False)


def test_batch_through_the_console_entry_point_masks_everything(workspace):
    second = workspace / "kopi 2512857319.txt"
    second.write_text(LETTER, "utf-8")
    (workspace / "skadet 150362-5523.docx").write_bytes(hostile.truncated_zip())
    for output_format in ("json", "text"):
        result = hostile.run_cli("check", LETTER_NAME, second.name, "skadet 150362-5523.docx",
                                 "--format", output_format, "-j", "2", "-q",
                                 cwd=workspace, timeout=180)
        assert result.returncode == 2, result.stderr
        assert_masked(result.stdout + result.stderr)


def test_internal_error_message_is_masked_on_stderr(workspace, monkeypatch, capsys):
    from brevtjek import cli

    def explode(*args, **kwargs):
        raise ValueError("uventet tekst: CPR 010190-4711")

    monkeypatch.setattr(cli, "app", explode)
    monkeypatch.delenv("BREVTJEK_DEBUG", raising=False)
    with pytest.raises(SystemExit):
        cli.main()
    captured = capsys.readouterr()
    assert "intern fejl" in captured.err
    assert_masked(captured.out + captured.err)
