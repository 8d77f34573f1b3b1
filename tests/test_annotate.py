"""Annotated copies: one Word comment on exactly the flagged words per finding, split runs
that keep their formatting, tracked changes only where safe, and an untouched original.

Every test opens the written copy again and reads the XML itself: the text between each
``commentRangeStart``/``commentRangeEnd`` pair must be exactly the finding's text.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from brevtjek.cli import app
from brevtjek.cli_options import fill_optional_values
from brevtjek.document.docx_reader import read_docx
from brevtjek.document.model import Document
from brevtjek.findings import Finding, Location, Severity
from brevtjek.privacy import mask_cpr
from brevtjek.report import FileReport
from brevtjek.reporters.docx_annotate import ANCHORED_PARTS, annotate_bytes, split_run
from tests.docx_factory import NAMESPACES, cell, package, para, run, table, text_para, textbox
from tests.packs import JARGON_RULE, write_pack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted((REPO / "corpora" / "letters").glob("*.docx"))
runner = CliRunner()


# ----------------------------------------------------------------------------- reading back


def _xml(data: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _char_text(element: etree._Element) -> str:
    """Text of a run child as brevtjek's reader counts it."""
    tag = element.tag
    if tag == f"{W}t":
        return element.text or ""
    if tag == f"{W}tab":
        return "\t"
    if tag in (f"{W}br", f"{W}cr"):
        return "\n"
    if tag == f"{W}noBreakHyphen":
        return "-"
    return ""


def comment_spans(data: bytes) -> dict[str, str]:
    """Comment id → the text between its range start and end (w:t, tabs, breaks; never
    w:delText), in document order."""
    root = _xml(data)
    open_ranges: dict[str, list[str]] = {}
    spans: dict[str, str] = {}
    for element in root.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ranges[element.get(f"{W}id")] = []
        elif element.tag == f"{W}commentRangeEnd":
            comment_id = element.get(f"{W}id")
            spans[comment_id] = "".join(open_ranges.pop(comment_id))
        elif element.getparent() is not None and element.getparent().tag == f"{W}r":
            piece = _char_text(element)
            for collected in open_ranges.values():
                collected.append(piece)
    assert not open_ranges, f"comment ranges never closed: {sorted(open_ranges)}"
    return spans


def comment_texts(data: bytes) -> dict[str, str]:
    """Comment id → its text, paragraphs joined by newlines."""
    root = _xml(data, "word/comments.xml")
    texts = {}
    for comment in root.findall(f"{W}comment"):
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in comment.iter(f"{W}p")]
        texts[comment.get(f"{W}id")] = "\n".join(paragraphs)
        if comment.get(f"{W}author") != "Kollega":
            assert comment.get(f"{W}author") == "brevtjek"
            assert comment.get(f"{W}initials") == "BT"
    return texts


def first_comment_id(data: bytes) -> str:
    return _xml(data).find(f".//{W}commentRangeStart").get(f"{W}id")


def rule_of(comment: str) -> str:
    match = re.search(r"^Regel: (\S+)$", comment, re.MULTILINE)
    assert match, comment
    return match.group(1)


def rejected(data: bytes) -> bytes:
    """The copy with every tracked change rejected: insertions dropped, deletions restored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(files["word/document.xml"])
    for insertion in list(root.iter(f"{W}ins")):
        insertion.getparent().remove(insertion)
    for deletion in list(root.iter(f"{W}del")):
        for text in deletion.iter(f"{W}delText"):
            text.tag = f"{W}t"
        parent = deletion.getparent()
        index = parent.index(deletion)
        for offset, child in enumerate(list(deletion)):
            parent.insert(index + offset, child)
        parent.remove(deletion)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def block_texts(data: bytes) -> list[str]:
    return [block.text for block in read_docx(data, "x.docx").blocks]


# ----------------------------------------------------------------------------- building reports


def find(document: Document, text: str, occurrence: int = 0,
         severity: Severity = Severity.WARNING, replacement: str | None = None,
         rule: str = "test.regel", in_block: int | None = None) -> Finding:
    """A finding on the ``occurrence``-th appearance of ``text`` in the letter."""
    seen = 0
    for block in document.blocks:
        if in_block is not None and block.index != in_block:
            continue
        for match in re.finditer(re.escape(text), block.text):
            if seen == occurrence:
                return Finding(
                    rule=rule, severity=severity, message=f"«{text}» er et testord.",
                    suggestion="Skriv noget enklere.", text=text,
                    location=Location(block.index, block.part.value, block.section,
                                      match.start(), match.end()),
                    replacement=replacement,
                )
            seen += 1
    raise AssertionError(f"{text!r} not in the letter")


def report_for(data: bytes, *specs: tuple, facts=None, metrics=None) -> FileReport:
    document = read_docx(data, "brev.docx")
    findings = [find(document, *spec) if isinstance(spec, tuple) else spec(document)
                for spec in specs]
    return FileReport(path="brev.docx", findings=findings, document=document,
                      facts=facts or {}, metrics=metrics or {})


def assert_each_finding_commented(data: bytes, report: FileReport) -> None:
    """One comment per anchored finding (+1 summary), each spanning exactly its text."""
    spans, texts = comment_spans(data), comment_texts(data)
    summary = first_comment_id(data)
    anchored = [f for f in report.findings if f.location.part in {p.value for p in ANCHORED_PARTS}]
    assert len(texts) == len(anchored) + 1
    got = Counter((mask_cpr(spans[cid]), rule_of(text))  # finding texts are CPR-masked
                  for cid, text in texts.items() if cid != summary)
    want = Counter((f.text, f.rule) for f in anchored)
    assert got == want


# ----------------------------------------------------------------------------- run surgery


def test_comments_span_exactly_the_flagged_words_inside_and_across_runs():
    data = package(para(run("Vi har fremsendt ", bold=True), run("papirerne i henhold", italic=True),
                        run(" til loven.")))
    report = report_for(data, ("fremsendt",), ("i henhold til",), ("papirerne",), ("Vi",),
                        ("loven.",))
    result = annotate_bytes(data, report)
    assert result.comments == 5
    assert_each_finding_commented(result.data, report)
    comments = comment_texts(result.data)
    fremsendt = next(text for text in comments.values() if "«fremsendt»" in text)
    assert fremsendt.splitlines() == ["Advarsel: «fremsendt» er et testord.",
                                      "Forslag: Skriv noget enklere.", "Regel: test.regel"]


def test_split_runs_keep_all_their_formatting():
    props = '<w:rPr><w:b/><w:i/><w:color w:val="C00000"/><w:sz w:val="28"/></w:rPr>'
    body = f'<w:p><w:r w:rsidR="00AB12CD">{props}<w:t>Vi har fremsendt papirerne.</w:t></w:r></w:p>'
    data = package(body)
    result = annotate_bytes(data, report_for(data, ("fremsendt",)))
    paragraph = docx.Document(io.BytesIO(result.data)).paragraphs[0]
    texts = [r.text for r in paragraph.runs if r.text]
    assert texts == ["Vi har ", "fremsendt", " papirerne."]
    for piece in (r for r in paragraph.runs if r.text):
        assert piece.bold and piece.italic
        assert str(piece.font.color.rgb) == "C00000" and piece.font.size.pt == 14
        assert piece._r.get(f"{W}rsidR") == "00AB12CD"


def test_split_run_divides_text_tabs_and_breaks_like_the_reader():
    root = etree.fromstring(
        f"<w:p {NAMESPACES}><w:r><w:rPr><w:b/></w:rPr><w:t>Dato:</w:t><w:tab/>"
        "<w:t>3. maj</w:t><w:br/><w:t>2025</w:t></w:r></w:p>"
    )
    original = root[0]
    right = split_run(original, 7)  # "Dato:\t3" | ". maj\n2025"
    text = "".join(_char_text(c) for c in original)
    assert (text, "".join(_char_text(c) for c in right)) == ("Dato:\t3", ". maj\n2025")
    assert right.find(f"{W}rPr/{W}b") is not None
    assert right.getprevious() is original


def test_flagged_text_with_tabs_and_line_breaks():
    body = ("<w:p><w:r><w:t>Dato:</w:t><w:tab/><w:t>fremsendt i dag</w:t><w:br/>"
            "<w:t>og såfremt muligt</w:t></w:r></w:p>")
    data = package(body)
    report = report_for(data, ("Dato:\tfrem",), ("dag\nog",), ("såfremt",))
    result = annotate_bytes(data, report)
    assert_each_finding_commented(result.data, report)
    assert block_texts(result.data) == block_texts(data)


def test_runs_inside_hyperlinks_and_tracked_insertions_stay_in_their_container():
    body = (
        '<w:p><w:hyperlink w:anchor="klage"><w:r><w:t>Læs om din bevilling her</w:t></w:r>'
        '</w:hyperlink><w:ins w:id="7" w:author="Sagsbehandler" w:date="2025-01-01T00:00:00Z">'
        "<w:r><w:t> og såfremt du vil klage</w:t></w:r></w:ins></w:p>"
    )
    data = package(body)
    report = report_for(data, ("bevilling",), ("såfremt",), ("her og",))
    result = annotate_bytes(data, report)
    assert_each_finding_commented(result.data, report)
    root = _xml(result.data)
    link = root.find(f".//{W}hyperlink")
    assert [t.text for t in link.iter(f"{W}t")] == ["Læs om din ", "bevilling", " ", "her"]
    insertion = root.find(f".//{W}ins")
    assert [t.text for t in insertion.iter(f"{W}t")] == [" og", " ", "såfremt", " du vil klage"]
    assert block_texts(result.data) == block_texts(data)


def test_overlapping_and_repeated_findings_each_get_their_own_comment():
    data = package(text_para("Vi har i henhold til loven i henhold til reglerne."))
    report = report_for(data, ("i henhold til",), ("henhold",), ("i henhold til", 1),
                        ("i henhold til loven",))
    result = annotate_bytes(data, report)
    assert result.comments == 4
    assert_each_finding_commented(result.data, report)


def test_a_finding_with_an_empty_span_covers_its_whole_block():
    data = package(text_para("Overskrift", style="Heading1") + text_para("Du får en rollator."))
    document = read_docx(data, "brev.docx")
    block = document.blocks[1]
    missing = Finding("test.mangler", Severity.ERROR, "Der mangler en klagevejledning.", None, "",
                      Location(1, "body", block.section, 0, 0))
    report = FileReport(path="brev.docx", findings=[missing], document=document)
    result = annotate_bytes(data, report)
    spans, texts = comment_spans(result.data), comment_texts(result.data)
    (comment_id,) = [cid for cid, text in texts.items() if "Regel: test.mangler" in text]
    assert spans[comment_id] == "Du får en rollator."
    assert texts[comment_id].startswith("Fejl: Der mangler en klagevejledning.")


def test_comments_already_in_the_letter_are_kept():
    original = docx.Document(io.BytesIO(package(text_para("Du kan fremsende en klage."))))
    original.add_comment(original.paragraphs[0].runs, text="Husk bilag.", author="Kollega")
    buffer = io.BytesIO()
    original.save(buffer)
    data = buffer.getvalue()
    result = annotate_bytes(data, report_for(data, ("fremsende",)))
    reopened = docx.Document(io.BytesIO(result.data))
    assert sorted(c.author for c in reopened.comments) == ["Kollega", "brevtjek", "brevtjek"]
    assert len({c.comment_id for c in reopened.comments}) == 3
    spans = comment_spans(result.data)
    assert sorted(spans.values()) == ["Du kan fremsende en klage.", "Du kan fremsende en klage.",
                                      "fremsende"]


# ----------------------------------------------------------------------------- where comments go


def test_tables_anchor_and_headers_footers_notes_and_textboxes_are_gathered():
    body = (
        text_para("Du får ikke en bevilling.")
        + table([cell(text_para("Ydelse")), cell(text_para("Bevilling af rollator"))])
        + para(run("Se boksen."), textbox(text_para("Husk bevilling i boksen.")))
    )
    data = package(body, headers=["Bevilling og hjælp"], footers=["Sagsnr. bevilling"],
                   footnotes=["Om bevilling se loven."])
    document = read_docx(data, "brev.docx")
    parts = [b.part.value for b in document.blocks]
    report = report_for(data, *[("evilling", 0, Severity.WARNING, None, "test.regel", index)
                                for index in range(len(parts))
                                if "evilling" in document.blocks[index].text])
    assert {f.location.part for f in report.findings} == {
        "header", "body", "table", "textbox", "footer", "footnote"}
    result = annotate_bytes(data, report)
    assert (result.comments, result.gathered) == (2, 4)
    assert_each_finding_commented(result.data, report)
    summary = comment_texts(result.data)[first_comment_id(result.data)]
    for label in ("Sidehoved: «evilling»", "Sidefod: «evilling»", "Fodnote: «evilling»",
                  "Tekstboks: «evilling»"):
        assert label in summary
    # nothing was written into the header, footer, footnotes or text box
    for name in ("word/header1.xml", "word/footer1.xml", "word/footnotes.xml"):
        assert _xml(result.data, name).find(f".//{W}commentRangeStart") is None
    assert not any(t.getparent().tag == f"{W}txbxContent"
                   for t in _xml(result.data).iter(f"{W}commentRangeStart"))
    assert block_texts(result.data) == block_texts(data)


def test_summary_comment_first_with_counts_lix_and_missing_parts():
    data = package(text_para("Kære Jens") + text_para("Såfremt du vil, kan du fremsende et brev."))
    report = report_for(
        data, ("Såfremt", 0, Severity.ERROR), ("fremsende", 0, Severity.WARNING),
        ("brev", 0, Severity.INFO),
        metrics={"lix": 47.4, "words": 9}, facts={"appeal_guidance": {"present": False}},
    )
    result = annotate_bytes(data, report)
    summary_id = first_comment_id(result.data)
    assert summary_id == min(comment_texts(result.data), key=int)
    assert comment_spans(result.data)[summary_id] == "Kære Jens"
    summary = comment_texts(result.data)[summary_id]
    assert "3 fund: 1 fejl, 1 advarsel, 1 info" in summary
    assert "LIX 47 (svær)" in summary
    assert "Mangler i brevet: klagevejledning." in summary


@pytest.mark.parametrize(("metrics", "facts", "expected", "absent"), [
    ({}, {}, [], ["LIX", "Mangler"]),
    ({"lix": {"value": 30.2, "band": "let"}}, {"appeal_guidance": {"present": True}},
     ["LIX 30 (let)"], ["Mangler"]),
    ({"lix": None}, {"appeal_guidance": "ukendt form", "legal_basis": {"present": False}},
     ["Mangler i brevet: hjemmel"], ["LIX"]),
])
def test_summary_handles_absent_or_differently_shaped_metrics_and_facts(metrics, facts, expected,
                                                                        absent):
    data = package(text_para("Du får en rollator."))
    result = annotate_bytes(data, report_for(data, metrics=metrics, facts=facts))
    (summary,) = comment_texts(result.data).values()
    assert "brevtjek fandt ingen problemer" in summary
    assert all(text in summary for text in expected)
    assert not any(text in summary for text in absent)


def test_letter_text_that_moved_is_listed_not_misplaced():
    data = package(text_para("Du kan fremsende klagen."))
    report = report_for(data, ("fremsende",))
    stale = Finding("test.regel", Severity.WARNING, "Gammelt fund.", None, "skrivelse",
                    Location(0, "body", None, 7, 16))
    report = FileReport(path="brev.docx", findings=[*report.findings, stale])
    result = annotate_bytes(data, report)
    assert (result.comments, result.unplaced) == (1, 1)
    summary = comment_texts(result.data)[first_comment_id(result.data)]
    assert "ikke kunne placeres" in summary and "«skrivelse»" in summary


# ----------------------------------------------------------------------------- tracked changes


def test_suggested_replacement_is_a_tracked_change_and_accept_all_shows_it():
    data = package(para(run("Såfremt", bold=True), run(" du er uenig, kan du fremsende en klage.")))
    report = report_for(data, ("Såfremt", 0, Severity.WARNING, "Hvis"),
                        ("fremsende", 0, Severity.WARNING, "sende"), ("klage",))
    result = annotate_bytes(data, report, suggest_changes=True)
    assert result.changes == 2
    assert block_texts(result.data) == ["Hvis du er uenig, kan du sende en klage."]
    assert block_texts(rejected(result.data)) == block_texts(data)
    root = _xml(result.data)
    deletions, insertions = root.findall(f".//{W}del"), root.findall(f".//{W}ins")
    assert ["".join(t.text for t in d.iter(f"{W}delText")) for d in deletions] == [
        "Såfremt", "fremsende"]
    for change in deletions + insertions:
        assert change.get(f"{W}author") == "brevtjek"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", change.get(f"{W}date"))
    ids = [int(c.get(f"{W}id")) for c in deletions + insertions]
    comment_ids = [int(cid) for cid in comment_texts(result.data)]
    assert len(set(ids)) == 4 and not set(ids) & set(comment_ids)
    # the replacement keeps the formatting of the text it replaces
    assert insertions[0].find(f"{W}r/{W}rPr/{W}b") is not None
    # comments cover deletion and insertion; their markers sit outside the change
    spans = comment_spans(result.data)
    texts = comment_texts(result.data)
    changed = {spans[cid] for cid, text in texts.items() if "sporet ændring" in text}
    assert changed == {"Hvis", "sende"}
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        for marker in root.iter(f"{W}{tag}"):
            assert marker.xpath("ancestor::w:del or ancestor::w:ins",
                                namespaces={"w": W[1:-1]}) is False


def test_no_tracked_change_without_a_safe_replacement():
    body = (
        "<w:p><w:r><w:t>Vi vil fremsende</w:t><w:tab/><w:t>papirerne.</w:t></w:r></w:p>"
        + text_para("Du skal fremsende en ansøgning.")
        + text_para("Såfremt du vil.")
    )
    data = package(body)
    report = report_for(
        data,
        ("fremsende\tpapirerne", 0, Severity.WARNING, "sende papirerne"),  # crosses a tab
        ("fremsende", 1, Severity.WARNING, None),  # no replacement: comment only
        ("Såfremt", 0, Severity.WARNING, "Hvis"),
        ("Såfremt du", 0, Severity.INFO, "Hvis du"),  # overlaps a change: comment only
    )
    result = annotate_bytes(data, report, suggest_changes=True)
    assert result.changes == 1
    assert block_texts(result.data) == ["Vi vil fremsende\tpapirerne.",
                                        "Du skal fremsende en ansøgning.", "Hvis du vil."]
    assert result.comments == 4


def test_tracked_changes_only_when_asked():
    data = package(text_para("Såfremt du vil."))
    result = annotate_bytes(data, report_for(data, ("Såfremt", 0, Severity.WARNING, "Hvis")))
    assert result.changes == 0 and _xml(result.data).find(f".//{W}ins") is None
    assert block_texts(result.data) == ["Såfremt du vil."]


# ----------------------------------------------------------------------------- real letters


@pytest.fixture(scope="module")
def corpus_checker():
    from brevtjek.checker import Checker
    from brevtjek.config import load_config

    if not CORPUS:
        pytest.skip("corpora/letters has no .docx letters")
    return Checker(load_config(None, CORPUS[0]))


@pytest.mark.parametrize("letter", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_letters_annotated_exactly_and_still_readable(corpus_checker, letter):
    data = letter.read_bytes()
    report = corpus_checker.check_source(letter)
    assert report.status == "ok"
    result = annotate_bytes(data, report)
    assert result.unplaced == 0
    assert_each_finding_commented(result.data, report)
    assert block_texts(result.data) == [b.text for b in report.document.blocks]
    reopened = docx.Document(io.BytesIO(result.data))
    assert len(reopened.comments) == result.comments + 1


@pytest.mark.parametrize("letter", CORPUS[:6], ids=[p.stem for p in CORPUS[:6]])
def test_corpus_letters_with_suggested_changes(corpus_checker, letter):
    data = letter.read_bytes()
    report = corpus_checker.check_source(letter)
    result = annotate_bytes(data, report, suggest_changes=True)
    original = [b.text for b in report.document.blocks]
    assert block_texts(rejected(result.data)) == original
    root = _xml(result.data)
    pairs = [("".join(t.text for t in d.iter(f"{W}delText")),
              "".join(t.text for t in d.getnext().iter(f"{W}t")))
             for d in root.iter(f"{W}del")]
    assert len(pairs) == result.changes
    offered = {(f.text, f.replacement) for f in report.findings if f.replacement}
    assert set(pairs) <= offered
    accepted = block_texts(result.data)
    growth = sum(len(new) - len(old) for old, new in pairs)
    assert sum(map(len, accepted)) - sum(map(len, original)) == growth
    assert len(comment_texts(result.data)) == len(
        [f for f in report.findings if f.location.part in ("body", "table")]) + 1


# ----------------------------------------------------------------------------- the command line


@pytest.fixture()
def workspace(tmp_path):
    write_pack(tmp_path / "packs", rules=[JARGON_RULE])
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump({"packs": ["packs/test"]}), "utf-8")
    (tmp_path / "brev.docx").write_bytes(package(para(
        run("Såfremt", bold=True), run(" du vil, kan du fremsende papirerne i henhold til loven."))))
    (tmp_path / "noter.txt").write_text("Såfremt du vil.\n", "utf-8")
    return tmp_path


def invoke(workspace, *args):
    old = os.getcwd()
    os.chdir(workspace)
    try:
        return runner.invoke(app, list(args))
    finally:
        os.chdir(old)


def test_optional_value_of_annotate():
    assert fill_optional_values(["a.docx", "--annotate"]) == ["a.docx", "--annotate="]
    assert fill_optional_values(["a.docx", "--annotate", "--force"]) == [
        "a.docx", "--annotate=", "--force"]
    assert fill_optional_values(["a.docx", "--annotate", "ud.docx"]) == [
        "a.docx", "--annotate", "ud.docx"]
    assert fill_optional_values(["--", "--annotate"]) == ["--", "--annotate"]


def test_cli_writes_copy_beside_the_letter_and_never_touches_it(workspace):
    letter = workspace / "brev.docx"
    before = (letter.read_bytes(), letter.stat().st_mtime_ns)
    result = invoke(workspace, "check", "brev.docx", "--annotate")
    assert result.exit_code == 0, result.output
    target = workspace / "brev.brevtjek.docx"
    assert "Kommenteret kopi" in result.output
    assert (letter.read_bytes(), letter.stat().st_mtime_ns) == before
    texts = comment_texts(target.read_bytes())
    assert len(texts) == 3 + 1
    assert block_texts(target.read_bytes()) == block_texts(before[0])
    assert not [p.name for p in workspace.iterdir() if p.name.endswith(".tmp")]


def test_cli_refuses_to_overwrite_without_force(workspace):
    target = workspace / "ud.docx"
    target.write_bytes(b"mit eget dokument")
    result = invoke(workspace, "check", "brev.docx", "--annotate", "ud.docx")
    assert result.exit_code == 2
    assert "findes allerede" in result.output and "--force" in result.output
    assert target.read_bytes() == b"mit eget dokument"
    result = invoke(workspace, "check", "brev.docx", "--annotate", "ud.docx", "--force",
                    "--suggest-changes")
    assert result.exit_code == 0, result.output
    assert block_texts(target.read_bytes()) == [
        "Hvis du vil, kan du sende papirerne efter loven."]


def test_cli_never_writes_into_the_letter_even_with_force(workspace):
    letter = workspace / "brev.docx"
    before = letter.read_bytes()
    for args in (("--annotate", "brev.docx", "--force"), ("--annotate", "./brev.docx")):
        result = invoke(workspace, "check", "brev.docx", *args)
        assert result.exit_code == 2
        assert "aldrig i det brev" in result.output
    assert letter.read_bytes() == before


def test_cli_usage_errors_in_danish(workspace):
    result = invoke(workspace, "check", "brev.docx", "--suggest-changes")
    assert result.exit_code == 2 and "kræver --annotate" in result.output
    result = invoke(workspace, "check", "noter.txt", "--annotate")
    assert result.exit_code == 2 and "kun Word-dokumenter" in result.output
    (workspace / "andet.docx").write_bytes((workspace / "brev.docx").read_bytes())
    result = invoke(workspace, "check", "brev.docx", "andet.docx", "--annotate", "ud.docx")
    assert result.exit_code == 2 and "--annotate-dir" in result.output
    assert "Traceback" not in result.output


def test_cli_annotate_dir_keeps_subfolders_and_skips_text_files(workspace):
    for folder in ("a", "b"):
        (workspace / "breve" / folder).mkdir(parents=True)
        shutil.copy(workspace / "brev.docx", workspace / "breve" / folder / "brev.docx")
    shutil.copy(workspace / "noter.txt", workspace / "breve" / "noter.txt")
    result = invoke(workspace, "check", "breve/a/brev.docx", "breve/b/brev.docx",
                    "breve/noter.txt", "--annotate-dir", "kommenteret")
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(workspace / "kommenteret").as_posix()
                     for p in (workspace / "kommenteret").rglob("*.docx"))
    assert written == ["a/brev.brevtjek.docx", "b/brev.brevtjek.docx"]
    assert "kun Word-dokumenter" in result.output


# ----------------------------------------------------------------------------- LibreOffice


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None,
                    reason="LibreOffice (soffice) is not installed; apt-get install "
                           "libreoffice-writer-nogui to run this check")
def test_libreoffice_opens_the_annotated_copy(corpus_checker, tmp_path):
    letter = CORPUS[0]
    report = corpus_checker.check_source(letter)
    result = annotate_bytes(letter.read_bytes(), report, suggest_changes=True)
    copy = tmp_path / "kommenteret.docx"
    copy.write_bytes(result.data)
    profile = (tmp_path / "profile").as_uri()
    process = subprocess.run(
        [_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
         "--outdir", str(tmp_path), str(copy)],
        capture_output=True, text=True, timeout=300,
    )
    pdf = tmp_path / "kommenteret.pdf"
    assert pdf.is_file(), process.stdout + process.stderr
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    # LibreOffice exports every Word comment it read as a PDF text annotation
    assert len(re.findall(rb"/Subtype\s*/Text\b", content)) == result.comments + 1
