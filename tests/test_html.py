"""The HTML report: the letter's own text with every finding highlighted where it is, a
clickable list beside it, readability and facts — self-contained, escaped, CPR-masked, and
loading without console errors in a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
import yaml
from typer.testing import CliRunner

from brevtjek.cli import app
from brevtjek.document.docx_reader import read_docx
from brevtjek.findings import Finding, Location, Severity
from brevtjek.report import FileReport, Report
from brevtjek.reporters import FORMATS
from brevtjek.reporters.html import finding_id, highlight, render
from tests.docx_factory import cell, package, para, run, table, text_para
from tests.packs import JARGON_RULE, checker_for, write_pack

REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted((REPO / "corpora" / "letters").glob("*.docx"))
CPR_LETTER = (
    text_para("Afgørelse om hjælpemiddel", style="Heading1")
    + text_para("Borger 010203-1234 skrev <script>alert('x')</script> & bad om en bevilling.")
    + table([cell(text_para("Ydelse")), cell(text_para("Bevilling af rollator"))])
    + para(run("Såfremt", bold=True), run(" du vil, kan du fremsende en klage i henhold til loven."))
)


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    folder = write_pack(tmp_path_factory.mktemp("packs"), rules=[JARGON_RULE])
    return checker_for(folder)


@pytest.fixture(scope="module")
def letter_report(checker, tmp_path_factory):
    path = tmp_path_factory.mktemp("breve") / "brev.docx"
    path.write_bytes(package(CPR_LETTER, headers=["Solbjerg Kommune"],
                             footers=["Sagsnr. 1 · bevilling"]))
    report = Report(files=[checker.check_source(path)])
    assert len(report.findings) >= 6
    return report


def marked_text(tree, dom_id: str) -> str:
    marks = tree.xpath(f'//mark[contains(concat(" ", @data-findings, " "), " {dom_id} ")]')
    return "".join(mark.text_content() for mark in marks)


def sorted_findings(report: Report, index: int = 0) -> list[Finding]:
    return sorted(report.files[index].findings, key=lambda f: f.sort_key)


# ----------------------------------------------------------------------------- content


def test_every_finding_is_highlighted_exactly_and_listed(letter_report):
    page = render(letter_report)
    tree = lxml.html.fromstring(page)
    for number, finding in enumerate(sorted_findings(letter_report)):
        dom_id = finding_id(0, number)
        assert tree.get_element_by_id(dom_id).tag == "span"  # the scroll anchor
        assert marked_text(tree, dom_id) == finding.text
        item = tree.get_element_by_id(f"item-{dom_id}")
        assert finding.message in item.text_content()
        assert item.xpath(".//a/@href") == [f"#{dom_id}"]
        severity = {"error": "Fejl", "warning": "Advarsel", "info": "Info"}[finding.severity.value]
        assert severity in item.text_content()


def test_letter_layout_headings_tables_header_and_footer(letter_report):
    tree = lxml.html.fromstring(render(letter_report))
    letter = tree.xpath("//article[@class='letter']")[0]
    assert [h.text_content() for h in letter.xpath(".//h3")] == ["Afgørelse om hjælpemiddel"]
    cells = [td.text_content() for td in letter.xpath(".//table[@class='letter-table']//td")]
    assert cells == ["Ydelse", "Bevilling af rollator"]
    labels = [label.text_content() for label in letter.xpath(".//span[@class='part-label']")]
    assert labels == ["Sidehoved", "Sidefod"]
    text = letter.text_content()
    assert text.index("Solbjerg Kommune") < text.index("Afgørelse om") < text.index("Sagsnr. 1")


def test_cpr_masked_and_everything_escaped(letter_report):
    page = render(letter_report)
    assert "010203-1234" not in page and "1234" not in page
    assert "010203-XXXX" in page
    tree = lxml.html.fromstring(page)
    assert len(tree.xpath("//script")) == 1  # only the page's own script
    assert "<script>alert('x')</script> &" in tree.xpath("//article")[0].text_content()
    assert "&lt;script&gt;alert" in page


def test_page_is_self_contained(letter_report):
    page = render(letter_report)
    tree = lxml.html.fromstring(page)
    assert not tree.xpath("//link | //img | //iframe | //object | //embed")
    assert not tree.xpath("//script[@src]")
    assert all(href.startswith("#") for href in tree.xpath("//a/@href"))
    assert not re.search(r"url\(|@import|https?://", page)
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]
    assert tree.xpath("/html/@lang") == ["da"]


def test_readability_and_facts_panels(letter_report):
    file = letter_report.files[0]
    file.metrics = {
        "lix": 47.3, "lix_band": "svær", "words": 120, "long_word_share": 0.41,
        "excluded": {"address": {"blocks": [0]}, "notes": {"blocks": []}},
        "hardest_sentences": [{"block": 2, "lix": 80.2, "text": "Borger 010203-1234 skrev."}],
    }
    file.facts = {
        "letter_kind": "afgørelse", "outcome": "afslag", "legal_citations": [],
        "reasoning_present": True, "decision_block": 2,
        "appeal_guidance": {"present": False, "deadline": None},
    }
    try:
        tree = lxml.html.fromstring(render(letter_report))
    finally:
        file.metrics, file.facts = {}, {}
    readability = tree.xpath("//section[contains(@class,'readability')]")[0].text_content()
    assert "LIX 47" in readability and "Svær at læse" in readability
    assert "41 %" in readability and "120" in readability
    assert "uden adresse og brevhoved." in readability
    assert "LIX 80" in readability and "010203-XXXX" in readability
    facts = tree.xpath("//section[contains(@class,'facts')]")[0]
    missing = facts.xpath(".//div[@class='missing']")[0].text_content()
    assert "klagevejledning" in missing and "hjemmel" in missing
    assert "afslag" in facts.text_content()
    link = facts.xpath(".//a/@href")[0]
    assert tree.get_element_by_id(link[1:]).text_content().startswith("Borger")


def test_absent_metrics_facts_and_document_are_said_plainly():
    finding = Finding("test.regel", Severity.WARNING, "En besked.", None, "ord",
                      Location(0, "body", None, 0, 3))
    report = Report(files=[FileReport(path="brev.txt", findings=[finding]),
                           FileReport.failed("gammel.doc", "legacy_doc", "Filen er en .doc-fil.")])
    tree = lxml.html.fromstring(render(report))
    text = tree.text_content()
    assert "Læsbarheden er ikke målt" in text
    assert "Fakta om afgørelsen er ikke udtrukket" in text
    assert "Brevets tekst er ikke med" in text
    assert "Filen er en .doc-fil." in text and "1 kunne ikke læses" in text
    item = tree.get_element_by_id("item-f-0-0")
    assert "En besked." in item.text_content() and not item.xpath(".//a")


def test_narrow_findings_stay_visible_inside_sentence_findings():
    text = "Det skal bemærkes, at ansøgningen om en bevilling af en rollator ikke kan imødekommes."
    word = (text.index("bevilling"), text.index("bevilling") + 9)
    spans = [
        (0, len(text), "f-0-0", Finding("s", Severity.ERROR, "Lang sætning.", None, text,
                                        Location(0, "body", None, 0, len(text)))),
        (*word, "f-0-1", Finding("w", Severity.INFO, "Fagord.", None, "bevilling",
                                 Location(0, "body", None, *word))),
    ]
    html = lxml.html.fromstring(f"<p>{highlight(text, spans)}</p>")
    marks = html.xpath("//mark")
    assert "".join(m.text_content() for m in marks) == text
    word_mark = next(m for m in marks if m.text_content() == "bevilling")
    assert word_mark.get("class") == "sev-info"
    assert word_mark.get("data-findings") == "f-0-1 f-0-0"  # narrowest first: a click picks it
    assert "Lang sætning." in word_mark.get("title") and "Fagord." in word_mark.get("title")
    assert all(m.get("class") == "sev-error wide" for m in marks if m is not word_mark)


@pytest.mark.skipif(not CORPUS, reason="corpora/letters has no .docx letters")
def test_corpus_letter_blocks_all_shown(checker):
    letter = CORPUS[0]
    report = Report(files=[checker.check_source(letter)])
    tree = lxml.html.fromstring(render(report))
    shown = tree.xpath("//article")[0].text_content()
    for block in read_docx(letter.read_bytes(), str(letter)).blocks:
        from brevtjek.privacy import mask_cpr

        assert mask_cpr(block.text) in shown


def test_registered_and_written_by_the_command_line(tmp_path):
    assert "html" in FORMATS
    write_pack(tmp_path / "packs", rules=[JARGON_RULE])
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump({"packs": ["packs/test"]}), "utf-8")
    (tmp_path / "brev.docx").write_bytes(package(CPR_LETTER))
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["check", "brev.docx", "--format", "html",
                                          "--output", "rapport.html"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "rapport.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Rapport fra brevtjek" in page
    assert lxml.html.fromstring(page).xpath("count(//li[contains(@class,'finding')])") >= 5


# ----------------------------------------------------------------------------- a real browser


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


TEST_HOOK = """<script>
(function () {
  var link = document.querySelector("li.finding a[data-target]");
  link.click();
  var active = document.querySelector("mark.active");
  document.body.setAttribute("data-test-active",
    active ? active.getAttribute("data-findings") : "none");
  var box = document.querySelector(".filters input[data-severity=warning]");
  box.click();
  document.body.setAttribute("data-test-hidden", String(document.body.classList.contains("hide-warning")));
}());
</script></body>"""


def _load(page: str, tmp_path: Path) -> tuple[str, list[str]]:
    """Open the page in headless Chromium: (DOM after scripts ran, console messages)."""
    path = tmp_path / "rapport.html"
    path.write_text(page, "utf-8")
    process = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profil'}", "--enable-logging=stderr",
         "--v=0", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    console = [line for line in process.stderr.splitlines() if ":CONSOLE" in line]
    return process.stdout, console


@pytest.mark.skipif(_chromium() is None,
                    reason="chromium is not installed; apt-get install chromium to run this check")
def test_loads_in_headless_chromium_without_console_errors(letter_report, tmp_path):
    page = render(letter_report)
    first = finding_id(0, 0)
    dom, console = _load(page.replace("</body>", TEST_HOOK), tmp_path)
    assert console == []
    tree = lxml.html.fromstring(dom)
    for number, finding in enumerate(sorted_findings(letter_report)):
        dom_id = finding_id(0, number)
        assert marked_text(tree, dom_id) == finding.text
        assert tree.get_element_by_id(f"item-{dom_id}") is not None
    body = tree.xpath("//body")[0]
    assert first in body.get("data-test-active").split()
    assert body.get("data-test-hidden") == "true"
    # the check itself notices a broken page
    _, broken = _load(page.replace("</body>", "<script>ikkeDefineret();</script></body>"), tmp_path)
    assert any("ikkeDefineret" in line for line in broken)
