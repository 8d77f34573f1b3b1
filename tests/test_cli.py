"""The command line: exit codes, the JSON contract, standard input, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from brevtjek.cli import app
from tests.docx_factory import package, text_para
from tests.packs import JARGON_RULE, write_pack

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "brevtjek/schemas/report.schema.json").read_text()
)
runner = CliRunner()


@pytest.fixture()
def workspace(tmp_path):
    error_rule = dict(JARGON_RULE, id="test.forbudt", severity="error",
                      entries=[{"term": "skrivelse", "alternative": "brev", "reason": "et papirord"}],
                      examples={"bad": ["Tak for din skrivelse."], "good": ["Tak for dit brev."]})
    write_pack(tmp_path / "packs", rules=[JARGON_RULE, error_rule])
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump({"packs": ["packs/test"]}), "utf-8")
    (tmp_path / "ren.txt").write_text("Du får en rollator.\n", "utf-8")
    (tmp_path / "advarsel.txt").write_text("Såfremt du er uenig, kan du klage.\n", "utf-8")
    (tmp_path / "fejl.txt").write_text("Tak for din skrivelse.\n", "utf-8")
    (tmp_path / "brev.docx").write_bytes(package(text_para("Vi har fremsendt papirerne.")))
    (tmp_path / "gammel.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    return tmp_path


def invoke(workspace, *args, input=None):
    import os

    old = os.getcwd()
    os.chdir(workspace)
    try:
        return runner.invoke(app, list(args), input=input)
    finally:
        os.chdir(old)


def test_exit_0_when_nothing_at_fail_level(workspace):
    assert invoke(workspace, "check", "ren.txt").exit_code == 0
    assert invoke(workspace, "check", "advarsel.txt").exit_code == 0


def test_exit_1_on_error_findings_and_fail_on(workspace):
    assert invoke(workspace, "check", "fejl.txt").exit_code == 1
    assert invoke(workspace, "check", "advarsel.txt", "--fail-on", "warning").exit_code == 1
    assert invoke(workspace, "check", "fejl.txt", "--fail-on", "never").exit_code == 0


def test_exit_2_on_unreadable_file_with_danish_message(workspace):
    result = invoke(workspace, "check", "gammel.doc")
    assert result.exit_code == 2
    assert "gammelt Word-dokument" in result.output
    assert "Traceback" not in result.output


def test_exit_2_on_missing_file_and_usage_error(workspace):
    assert invoke(workspace, "check", "findes-ikke.docx").exit_code == 2
    assert invoke(workspace, "check", "ren.txt", "--format", "xml").exit_code == 2
    assert invoke(workspace, "check").exit_code == 2


def test_json_contract(workspace):
    result = invoke(workspace, "check", "brev.docx", "advarsel.txt", "gammel.doc",
                    "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["tool"]["name"] == "brevtjek"
    ok, _warned, failed = data["files"]
    assert ok["status"] == "ok" and ok["error"] is None
    (finding,) = ok["findings"]
    assert finding["rule"] == "test.papirord"
    assert finding["text"] == "fremsendt"
    assert finding["location"] == {"block": 0, "part": "body", "section": None,
                                   "start": 7, "end": 16}
    assert failed["status"] == "error" and failed["error"]["code"] == "legacy_doc"
    assert data["summary"] == {"files": 3, "failed_files": 1, "error": 0, "warning": 2, "info": 0}


def test_output_file_written(workspace):
    result = invoke(workspace, "check", "advarsel.txt", "--format", "json", "--output", "ud.json")
    assert result.exit_code == 0
    assert json.loads((workspace / "ud.json").read_text())["summary"]["warning"] == 1


def test_standard_input(workspace):
    result = invoke(workspace, "check", "-", "--format", "json",
                    input="Såfremt du vil, kan du klage.")
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "<stdin>"
    assert data["files"][0]["findings"][0]["text"] == "Såfremt"


def test_terminal_output_groups_by_section_and_highlights(workspace):
    (workspace / "sektioner.md").write_text(
        "# Afgørelse\n\nSåfremt du vil.\n\n# Klagevejledning\n\nTak for din skrivelse.\n", "utf-8")
    result = invoke(workspace, "check", "sektioner.md")
    assert result.exit_code == 1
    output = result.output
    assert output.index("Afgørelse") < output.index("Såfremt") < output.index("Klagevejledning")
    assert "Skriv «brev»" in output and "[test.forbudt]" in output


def test_broken_config_is_reported_with_location(workspace):
    (workspace / "brevtjek.yaml").write_text("packs: [packs/test]\nfail_on: sommetider\n", "utf-8")
    result = invoke(workspace, "check", "ren.txt")
    assert result.exit_code == 2
    assert "brevtjek.yaml:2" in result.output


def test_real_process_never_prints_traceback(workspace):
    process = subprocess.run(
        [sys.executable, "-m", "brevtjek", "check", "gammel.doc"],
        cwd=workspace, capture_output=True, text=True, timeout=120,
    )
    assert process.returncode == 2
    assert "Traceback" not in process.stderr + process.stdout
    assert "gammel.doc" in process.stderr


def test_version_and_help_do_not_load_spacy():
    process = subprocess.run(
        [sys.executable, "-c",
         "import sys; from brevtjek.cli import app; "
         "print('spacy' in sys.modules)"],
        capture_output=True, text=True, timeout=60,
    )
    assert process.stdout.strip() == "False"


def test_python_api_returns_the_json_data(workspace):
    import brevtjek

    report = brevtjek.check(workspace / "advarsel.txt", config=workspace / "brevtjek.yaml")
    data = report.to_dict()
    jsonschema.validate(data, SCHEMA)
    assert data["files"][0]["findings"][0]["rule"] == "test.papirord"
    from_bytes = brevtjek.check((workspace / "brev.docx").read_bytes(),
                                config=workspace / "brevtjek.yaml")
    assert from_bytes.files[0].findings[0].text == "fremsendt"
