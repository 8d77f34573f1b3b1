"""Output formats for CI: SARIF, JUnit, GitHub annotations, CSV, JSON, and the batch summary."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from brevtjek.cli import app
from brevtjek.findings import Finding, Location, Severity
from brevtjek.report import FileReport, Report
from brevtjek.reporters import FORMATS, at_least
from brevtjek.reporters.terminal import print_report
from tests.packs import JARGON_RULE, write_pack

CPR = "010203-1234"
runner = CliRunner()


def finding(rule: str, severity: Severity, text: str, sentence: str, block: int, start: int,
            section: str | None = "Afgørelse", suggestion: str | None = "Skriv «hvis».") -> Finding:
    return Finding(rule=rule, severity=severity, message=f"«{text}» er et gammeldags ord.",
                   suggestion=suggestion, text=text,
                   location=Location(block, "body", section, start, start + len(text)),
                   sentence=sentence)


@pytest.fixture()
def report() -> Report:
    """Two readable letters (one with a duplicate finding and CPR numbers) and a broken one."""
    sentence = f"Såfremt du, CPR {CPR}, er uenig, kan du klage, såfremt du vil."
    first = FileReport(path=f"breve/{CPR} afslag.docx", metrics={"lix": 40.0}, findings=[
        finding("test.papirord", Severity.WARNING, "Såfremt", sentence, 2, 0),
        finding("test.papirord", Severity.WARNING, "såfremt", sentence, 2, 49),
        finding("test.forbudt", Severity.ERROR, f"skrivelse {CPR}", f"Tak for din skrivelse {CPR}.",
                4, 12, section=None, suggestion=None),
        finding("test.fagord", Severity.INFO, "=bevilling", "Din =bevilling, ja.", 5, 4),
    ])
    second = FileReport(path="breve/ren.txt", metrics={"lix": 30.0})
    broken = FileReport.failed("breve/gammel.doc", "legacy_doc",
                               "Filen er et gammelt Word-dokument (.doc).")
    return Report(files=[first, second, broken], model={"name": "blank:da", "version": "0"})


def render(name: str, report: Report, **options) -> str:
    renderer = FORMATS[name]
    assert renderer is not None
    return renderer(report, **options)


@pytest.mark.parametrize("name", ["json", "sarif", "junit", "github", "csv"])
def test_every_format_masks_cpr_numbers(report, name):
    output = render(name, report, fail_on="warning", baseline_suppressed=2)
    assert CPR not in output
    assert "010203-XXXX" in output


# --- SARIF ------------------------------------------------------------------------------

@pytest.fixture()
def rules(tmp_path):
    from tests.packs import checker_for

    return checker_for(write_pack(tmp_path / "packs")).engine.enabled_rules()


def test_sarif_is_valid_sarif_2_1_0(report, rules, shared_data):
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = shared_data / "sarif" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip(f"the SARIF schema is absent ({schema_path})")
    schema = json.loads(schema_path.read_text("utf-8"))
    log = json.loads(render("sarif", report, rules=rules))
    jsonschema.validate(log, schema)
    assert log["version"] == "2.1.0"


def test_sarif_rules_results_and_locations(report, rules):
    run = json.loads(render("sarif", report, rules=rules))["runs"][0]
    descriptors = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    papirord = descriptors["test.papirord"]
    assert papirord["shortDescription"]["text"]
    assert "Forslag: Skriv «…»." in papirord["help"]["text"]
    assert papirord["defaultConfiguration"]["level"] == "warning"
    # rules a finding uses but the caller did not describe still get a descriptor
    assert descriptors["test.fagord"]["defaultConfiguration"]["level"] == "note"

    results = run["results"]
    assert [result["level"] for result in results] == ["warning", "warning", "error", "note"]
    first = results[0]
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == first["ruleId"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "breve/010203-XXXX%20afslag.docx",
                                            "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 1, "endLine": 3,
                                  "endColumn": 8, "snippet": {"text": "Såfremt"}}
    assert location["contextRegion"]["snippet"]["text"].startswith("Såfremt du, CPR 010203-XXXX")
    assert first["message"]["text"] == "«Såfremt» er et gammeldags ord. Forslag: Skriv «hvis»."
    # a broken letter is a notification, not a result
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "legacy_doc"
    assert run["properties"]["summary"]["files"] == 3


def test_sarif_fingerprints_are_stable_distinct_and_ignore_offsets(report):
    def prints(rep: Report) -> list[str]:
        run = json.loads(render("sarif", rep))["runs"][0]
        return [result["partialFingerprints"]["brevtjekFinding/v1"] for result in run["results"]]

    before = prints(report)
    assert len(set(before)) == len(before)
    # the letter grows a paragraph at the top: blocks and offsets move, fingerprints do not
    moved = [Finding(f.rule, f.severity, f.message, f.suggestion, f.text,
                     Location(f.location.block + 1, f.location.part, f.location.section,
                              f.location.start + 5, f.location.end + 5), f.sentence)
             for f in report.files[0].findings]
    shifted = Report(files=[FileReport(report.files[0].path, findings=moved), *report.files[1:]])
    assert prints(shifted) == before


# --- JUnit ------------------------------------------------------------------------------

def test_junit_one_testcase_per_letter(report):
    root = ET.fromstring(render("junit", report, fail_on="warning"))
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert list(cases) == ["breve/010203-XXXX afslag.docx", "breve/ren.txt", "breve/gammel.doc"]
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("errors") == "1"
    failure = cases["breve/010203-XXXX afslag.docx"].find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == "3 fund (1 fejl, 2 advarsel)"
    assert len(failure.text.splitlines()) == 3 and "test.forbudt" in failure.text
    out = cases["breve/010203-XXXX afslag.docx"].find("system-out")
    assert out is not None and "test.fagord" in (out.text or "")  # below the fail level
    assert cases["breve/ren.txt"].find("failure") is None
    error = cases["breve/gammel.doc"].find("error")
    assert error is not None and error.get("type") == "legacy_doc"


def test_junit_follows_fail_on(report):
    root = ET.fromstring(render("junit", report, fail_on="never"))
    assert root.get("failures") == "0"
    root = ET.fromstring(render("junit", report, fail_on="error"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == "1 fund (1 fejl)"


def test_junit_drops_characters_xml_cannot_carry():
    bad = FileReport("brev.txt", findings=[
        finding("test.x", Severity.ERROR, "a\x07b", "a\x07b\x1b c", 0, 0)])
    root = ET.fromstring(render("junit", Report(files=[bad])))
    text = root.find("testsuite/testcase/failure")
    assert text is not None and "«ab»" in (text.text or "")


# --- GitHub workflow commands -----------------------------------------------------------

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line

    def unescape(text: str) -> str:
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            text = text.replace(code, char)
        return text

    props = dict(item.split("=", 1) for item in match["props"].split(","))
    return match["level"], {key: unescape(value) for key, value in props.items()}, unescape(
        match["message"])


def test_github_annotations(report):
    lines = render("github", report).splitlines()
    parsed = [parse_command(line) for line in lines]
    assert [level for level, _, _ in parsed] == ["warning", "warning", "error", "notice", "error"]
    _, props, message = parsed[0]
    assert props == {"file": "breve/010203-XXXX afslag.docx", "line": "3", "endLine": "3",
                     "col": "1", "endColumn": "8", "title": "brevtjek test.papirord"}
    assert message == "«Såfremt» er et gammeldags ord. → Skriv «hvis»."
    assert parsed[-1][1]["file"] == "breve/gammel.doc"
    assert parsed[-1][1]["title"] == "brevtjek: legacy_doc"


def test_github_escapes_newlines_commas_and_colons():
    tricky = FileReport("a,b:c.txt", findings=[Finding(
        "test.x", Severity.WARNING, "linje 1\nlinje 2 100%", None, "x",
        Location(0, "body", None, 0, 1))])
    (line,) = render("github", Report(files=[tricky])).splitlines()
    _, props, message = parse_command(line)
    assert props["file"] == "a,b:c.txt"
    assert message == "linje 1 linje 2 100%"  # one line: messages are flattened, % escaped
    assert "%25" in line


# --- CSV --------------------------------------------------------------------------------

def test_csv_one_row_per_finding(report):
    rows = list(csv.DictReader(io.StringIO(render("csv", report))))
    assert list(rows[0]) == ["file", "rule", "severity", "part", "section", "block", "start",
                             "end", "text", "message", "suggestion"]
    assert len(rows) == 5  # four findings and the unreadable letter
    assert rows[0] == {
        "file": "breve/010203-XXXX afslag.docx", "rule": "test.papirord", "severity": "warning",
        "part": "body", "section": "Afgørelse", "block": "2", "start": "0", "end": "7",
        "text": "Såfremt", "message": "«Såfremt» er et gammeldags ord.",
        "suggestion": "Skriv «hvis».",
    }
    assert rows[2]["suggestion"] == "" and rows[2]["section"] == ""
    assert rows[3]["text"] == "'=bevilling"  # never a spreadsheet formula
    assert rows[4]["rule"] == "" and rows[4]["message"].startswith("[legacy_doc]")


# --- JSON, min-severity, summary --------------------------------------------------------

def test_json_adds_baseline_count_only_when_a_baseline_is_used(report):
    assert "baseline" not in json.loads(render("json", report))["summary"]
    summary = json.loads(render("json", report, baseline_suppressed=4))["summary"]
    assert summary["baseline"] == {"suppressed": 4} and summary["error"] == 1


def test_min_severity_filters_every_format(report):
    shown = at_least(report, Severity.ERROR)
    assert [f.rule for f in shown.findings] == ["test.forbudt"]
    assert len(report.findings) == 4  # the original is untouched
    for name in ("json", "sarif", "junit", "github", "csv"):
        output = render(name, shown, fail_on="info")
        assert "test.forbudt" in output and "test.papirord\"" not in output
        assert "Såfremt" not in output


def test_batch_summary_table_with_and_without_lix(report):
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=100, no_color=True), baseline_suppressed=5)
    text = buffer.getvalue()
    rows = {line.split("  ")[0].strip(): line.split()[-1] for line in text.splitlines()
            if line.startswith(("Breve", "Gennemsnitlig"))}
    assert rows["Breve tjekket"] == "3"
    assert rows["Breve med fejl"] == "1"
    assert rows["Breve der ikke kunne læses"] == "1"
    assert rows["Gennemsnitlig LIX"] == "35,0"
    ranking = text.split("Hyppigste regler")[1]
    assert ranking.index("test.papirord") < ranking.index("test.forbudt")
    assert "5 kendte fund er skjult" in text
    no_lix = Report(files=[FileReport("a.txt"), FileReport("b.txt")])
    buffer = io.StringIO()
    print_report(no_lix, Console(file=buffer, width=100, no_color=True))
    assert re.search(r"Gennemsnitlig LIX\s+–", buffer.getvalue())


# --- through the command line -----------------------------------------------------------

@pytest.fixture()
def workspace(tmp_path, monkeypatch):
    error_rule = dict(JARGON_RULE, id="test.forbudt", severity="error",
                      entries=[{"term": "skrivelse", "alternative": "brev", "reason": "et papirord"}],
                      examples={"bad": ["Tak for din skrivelse."], "good": ["Tak for dit brev."]})
    write_pack(tmp_path / "packs", rules=[JARGON_RULE, error_rule])
    config = {"packs": ["packs/test"], "model": "blank"}
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump(config), "utf-8")
    (tmp_path / f"{CPR}.txt").write_text(
        f"Såfremt du er uenig, kan du klage.\n\nTak for din skrivelse om {CPR}.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", ["sarif", "junit", "github", "csv", "json", "text"])
def test_cli_formats_apply_min_severity_and_keep_the_exit_code(workspace, name):
    result = runner.invoke(app, ["check", f"{CPR}.txt", "--format", name,
                                 "--min-severity", "error", "--fail-on", "warning"])
    assert result.exit_code == 1  # the hidden warning still fails the run
    assert "test.forbudt" in result.stdout
    assert "test.papirord" not in result.stdout.replace('"id": "test.papirord"', "")
    assert CPR not in result.stdout


def test_cli_output_file_is_written_atomically(workspace):
    result = runner.invoke(app, ["check", f"{CPR}.txt", "--format", "sarif", "--output",
                                 "brevtjek.sarif"])
    assert result.exit_code == 1 and result.stdout == ""
    log = json.loads((workspace / "brevtjek.sarif").read_text("utf-8"))
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"test.papirord", "test.forbudt"}
    assert not list(workspace.glob(".brevtjek.sarif.*"))  # no temporary file left behind
