"""Baselines: accept today's findings, report only new ones, survive edits elsewhere."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from brevtjek import baseline
from brevtjek.cli import app
from brevtjek.findings import Finding, Location, Severity
from brevtjek.report import FileReport, Report
from tests.docx_factory import package, text_para
from tests.packs import JARGON_RULE, write_pack

runner = CliRunner()


def jargon(text: str, sentence: str, block: int = 0, start: int = 0) -> Finding:
    return Finding("test.papirord", Severity.WARNING, f"«{text}» er et papirord.", None, text,
                   Location(block, "body", None, start, start + len(text)), sentence)


# --- the baseline itself ----------------------------------------------------------------

def test_suppression_counts_identical_findings(tmp_path):
    sentence = "Vi fremsender, fremsender og fremsender."
    before = Report(files=[FileReport(str(tmp_path / "brev.txt"), findings=[
        jargon("fremsender", sentence, start=3), jargon("fremsender", sentence, start=15)])])
    accepted = baseline.Baseline.from_report(before, tmp_path)
    assert accepted.total() == 2
    now = Report(files=[FileReport(str(tmp_path / "brev.txt"), findings=[
        jargon("fremsender", sentence, start=3), jargon("fremsender", sentence, start=15),
        jargon("fremsender", sentence, start=28)])])
    kept, suppressed = baseline.apply(now, accepted)
    assert suppressed == 2
    assert [f.location.start for f in kept.findings] == [28]  # the later occurrence is new
    assert len(now.findings) == 3  # apply never changes its input


def test_keys_ignore_offsets_and_whitespace_but_not_the_sentence(tmp_path):
    path = str(tmp_path / "brev.txt")
    accepted = baseline.Baseline.from_report(
        Report(files=[FileReport(path, findings=[jargon("fremsender", "Vi fremsender brevet.")])]),
        tmp_path)
    moved = jargon("fremsender", "Vi  fremsender\nbrevet.", block=7, start=40)
    changed = jargon("fremsender", "Vi fremsender brevet i dag.")
    kept, suppressed = baseline.apply(
        Report(files=[FileReport(path, findings=[moved, changed])]), accepted)
    assert suppressed == 1 and kept.findings == [changed]


def test_paths_are_relative_to_the_baseline_file(tmp_path, monkeypatch):
    letters = tmp_path / "breve"
    letters.mkdir()
    report = Report(files=[FileReport(str(letters / "a.txt"), findings=[jargon("x", "x.")])])
    target = tmp_path / "brevtjek-baseline.json"
    baseline.write(target, report)
    data = json.loads(target.read_text("utf-8"))
    assert [entry["file"] for entry in data["findings"]] == ["breve/a.txt"]
    # run from inside the folder, naming the letter relatively: still the same letter
    monkeypatch.chdir(letters)
    relative = Report(files=[FileReport("a.txt", findings=[jargon("x", "x.")])])
    _, suppressed = baseline.apply(relative, baseline.load(target))
    assert suppressed == 1


def test_file_is_sorted_and_reproducible(tmp_path):
    findings = [jargon("b", "b."), jargon("a", "a."), jargon("a", "a.")]
    report = Report(files=[FileReport(str(tmp_path / "z.txt"), findings=findings),
                           FileReport(str(tmp_path / "a.txt"), findings=findings[:1])])
    first = baseline.Baseline.from_report(report, tmp_path).dumps()
    second = baseline.Baseline.from_report(report, tmp_path).dumps()
    assert first == second
    entries = json.loads(first)["findings"]
    assert [entry["file"] for entry in entries] == ["a.txt", "z.txt", "z.txt"]
    assert sorted(entry["count"] for entry in entries) == [1, 1, 2]


@pytest.mark.parametrize(("content", "expected"), [
    (None, "findes ikke"),
    ("{ikke json", "ugyldig JSON"),
    ('{"tool": "andet"}', "ikke en brevtjek-baseline"),
    ('{"tool": "brevtjek", "format": 1, "findings": [{"file": "a"}]}', "mangler feltet"),
])
def test_broken_baseline_files_give_danish_errors(tmp_path, content, expected):
    target = tmp_path / "baseline.json"
    if content is not None:
        target.write_text(content, "utf-8")
    with pytest.raises(baseline.BaselineError) as raised:
        baseline.load(target)
    assert expected in raised.value.message


# --- round trip through the command line ------------------------------------------------

ORIGINAL = [
    "Vi har modtaget din ansøgning.",
    "Såfremt du er uenig, kan du klage.",
    "Vi har fremsendt papirerne.",
    "Du får en rollator.",
]


@pytest.fixture()
def workspace(tmp_path, monkeypatch):
    write_pack(tmp_path / "packs", rules=[JARGON_RULE])
    config = {"packs": ["packs/test"], "model": "blank"}
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump(config), "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_docx(path, paragraphs):
    path.write_bytes(package("".join(text_para(text) for text in paragraphs)))


def check_json(*args):
    result = runner.invoke(app, ["check", *args, "--format", "json", "-q"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_round_trip_with_an_edited_letter(workspace, suffix):
    letter = workspace / f"brev{suffix}"

    def write(paragraphs):
        if suffix == ".docx":
            write_docx(letter, paragraphs)
        else:
            letter.write_text("\n\n".join(paragraphs) + "\n", "utf-8")

    write(ORIGINAL)
    created = runner.invoke(app, ["baseline", "create", "baseline.json", letter.name])
    assert created.exit_code == 0, created.output
    assert json.loads((workspace / "baseline.json").read_text("utf-8"))["findings"]

    # one sentence is edited (now with a papirord) and a paragraph is added at the top,
    # which moves every block number and offset after it
    edited = ["Kære Jens Hansen", *ORIGINAL]
    edited[4] = "Du får en rollator i henhold til loven."
    write(edited)
    code, data = check_json(letter.name, "--baseline", "baseline.json", "--fail-on", "warning")
    (file,) = data["files"]
    assert [finding["text"] for finding in file["findings"]] == ["i henhold til"]
    assert data["summary"]["baseline"] == {"suppressed": 2}
    assert data["summary"]["warning"] == 1
    assert code == 1  # the new finding fails the run

    # without the baseline every finding is back
    code, data = check_json(letter.name, "--fail-on", "warning")
    assert len(data["files"][0]["findings"]) == 3 and "baseline" not in data["summary"]


def test_fully_baselined_letter_passes_and_terminal_says_so(workspace):
    (workspace / "brev.txt").write_text("\n\n".join(ORIGINAL) + "\n", "utf-8")
    runner.invoke(app, ["baseline", "create", "baseline.json", "brev.txt"])
    result = runner.invoke(app, ["check", "brev.txt", "--baseline", "baseline.json",
                                 "--fail-on", "warning"])
    assert result.exit_code == 0
    assert "2 kendte fund er skjult" in result.stdout
    assert "Ingen fund" in result.stdout


def test_count_aware_through_the_command_line(workspace):
    letter = workspace / "brev.txt"
    letter.write_text("Såfremt du vil. Såfremt du vil.\n", "utf-8")
    runner.invoke(app, ["baseline", "create", "baseline.json", "brev.txt"])
    letter.write_text("Såfremt du vil. Såfremt du vil. Såfremt du vil.\n", "utf-8")
    _, data = check_json("brev.txt", "--baseline", "baseline.json")
    assert len(data["files"][0]["findings"]) == 1
    assert data["summary"]["baseline"] == {"suppressed": 2}


def test_missing_baseline_is_a_usage_error(workspace):
    (workspace / "brev.txt").write_text("Hej.\n", "utf-8")
    result = runner.invoke(app, ["check", "brev.txt", "--baseline", "findes-ikke.json"])
    assert result.exit_code == 2
    assert "findes ikke" in result.output and "Traceback" not in result.output
