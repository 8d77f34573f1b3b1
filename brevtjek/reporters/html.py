"""``--format html``: one self-contained page a caseworker can open in any browser.

The page shows the letter's own text (blocks in reading order, headings as headings, tables
as tables) with every finding highlighted where it is, a list of the findings beside it
(clicking one scrolls to its place), the readability figures and the facts about the
decision. Everything is inline — CSS, JavaScript, no fonts, images or links to load — and a
Content-Security-Policy forbids the page to fetch anything, so it can be mailed, archived
or opened offline. All text is HTML-escaped and CPR numbers are masked (masking keeps the
length, so finding offsets still point at the right characters).

The letter's text comes from ``FileReport.document``, which the checker keeps in-process;
a report without it (built elsewhere) still shows the findings, only not in their context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape
from itertools import pairwise
from typing import Any

from brevtjek import __version__
from brevtjek.document.model import Block, Part, Role
from brevtjek.findings import Finding, Severity
from brevtjek.privacy import mask_cpr
from brevtjek.report import FileReport, Report
from brevtjek.reporters.overview import (
    PART_NAMES,
    SEVERITIES,
    lix_band,
    lix_value,
    missing_parts,
    severity_counts,
    severity_name,
    severity_summary,
)

SEVERITY_LABELS = {Severity.ERROR: "Fejl", Severity.WARNING: "Advarsel", Severity.INFO: "Info"}
SIDE_PARTS = (Part.HEADER, Part.FOOTER, Part.FOOTNOTE, Part.ENDNOTE)
"""Parts shown in labelled boxes around the letter body (body, tables, text boxes in place)."""

FACT_LABELS = {
    "letter_kind": "Brevtype",
    "outcome": "Afgørelse",
    "decision_block": "Afgørelsen står i",
    "legal_citations": "Hjemmel",
    "reasoning_present": "Begrundelse",
    "appeal_guidance": "Klagevejledning",
    "address_form": "Tiltaleform",
    "present": "Til stede",
    "deadline": "Klagefrist",
    "body": "Klageinstans",
    "how": "Forklarer, hvordan man klager",
    "block": "Står i",
}
METRIC_LABELS = {
    "words": "Ord",
    "sentences": "Sætninger",
    "avg_sentence_words": "Ord pr. sætning (gennemsnit)",
    "max_sentence_words": "Ord i længste sætning",
    "long_word_share": "Lange ord (over 6 bogstaver)",
    "long_sentence_share": "Lange sætninger",
    "passive_share": "Sætninger i passiv",
    "nominal_share": "Substantiveringer",
}
EXCLUDED_NAMES = {
    "address": "adresse og brevhoved",
    "signature": "underskrift",
    "appeal_guidance": "klagevejledning",
    "law_quote": "lovcitater",
    "notes": "noter",
}
SKIPPED_METRICS = frozenset({"lix", "lix_band", "style_detection", "sections", "paragraphs",
                             "excluded", "hardest_sentences"})
VALUE_WORDS = {"delvis": "delvis bevilling"}
MAX_DEPTH = 4
MAX_HARD_SENTENCES = 3
WIDE_SPAN = 60
"""Findings longer than this (characters) are underlined, not filled: whole sentences."""
PART_BY_VALUE = {part.value: name for part, name in PART_NAMES.items()}

CSS = """
:root{--err:#b3261e;--err-bg:#fde7e4;--warn:#8a5a00;--warn-bg:#fff1c2;--info:#1d5fa8;
--info-bg:#e3efff;--ink:#1f1f1f;--muted:#5f6368;--line:#d9d9d9;--paper:#fff;--bg:#f4f4f1}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:var(--ink);background:var(--bg)}
header.top{background:#20303c;color:#fff;padding:1rem 1.5rem}
header.top h1{margin:0 0 .25rem;font-size:1.4rem}
header.top p{margin:0}
.filters{margin-top:.6rem;display:flex;gap:1rem;flex-wrap:wrap;font-size:.95rem}
.filters label{cursor:pointer}
main{padding:1rem 1.5rem;max-width:1400px;margin:0 auto}
section.file{margin-bottom:2.5rem}
section.file>h2{font-size:1.15rem;word-break:break-all}
.status{margin:.2rem 0 1rem;color:var(--muted)}
.overview{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem;
margin-bottom:1rem}
.overview .panel{margin-bottom:0}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(18rem,2fr);gap:1.5rem;
align-items:start}
@media (max-width:900px){.layout{grid-template-columns:1fr}}
article.letter{background:var(--paper);border:1px solid var(--line);border-radius:6px;
padding:2rem 2.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.block{margin:0 0 .8rem;white-space:pre-wrap;overflow-wrap:anywhere}
h3.block,h4.block,h5.block,h6.block{margin:1.2rem 0 .5rem;line-height:1.3}
.block.list-item{padding-left:1.2rem;position:relative}
.block.list-item::before{content:"•";position:absolute;left:.2rem}
blockquote.block{border-left:3px solid var(--line);margin-left:0;padding-left:1rem;
color:var(--muted)}
.part-box{border:1px dashed var(--line);border-radius:4px;padding:.5rem .8rem;margin:0 0 1rem;
font-size:.9rem;background:#fafafa}
.part-box>.part-label,.textbox>.part-label{display:block;font-size:.75rem;color:var(--muted);
text-transform:uppercase;letter-spacing:.04em;margin-bottom:.3rem}
.textbox{border:1px solid var(--line);padding:.5rem .8rem;margin:0 0 .8rem;border-radius:4px}
table.letter-table{border-collapse:collapse;margin:0 0 1rem;width:100%}
table.letter-table td{border:1px solid var(--line);padding:.3rem .5rem;vertical-align:top}
table.letter-table td .block{margin:0}
mark{border-radius:2px;padding:0 1px;cursor:pointer;color:inherit}
mark.sev-error{background:var(--err-bg);border-bottom:2px solid var(--err)}
mark.sev-warning{background:var(--warn-bg);border-bottom:2px solid var(--warn)}
mark.sev-info{background:var(--info-bg);border-bottom:2px dotted var(--info)}
mark.wide{background:none;border-bottom-width:2px}
mark.wide.sev-info{border-bottom-style:dotted}
mark.active{outline:3px solid #20303c;outline-offset:1px}
.anchor{scroll-margin-top:40vh}
aside.side{position:sticky;top:.5rem;max-height:calc(100vh - 1rem);overflow:auto}
.panel{background:var(--paper);border:1px solid var(--line);border-radius:6px;
padding:.8rem 1rem;margin-bottom:1rem}
.panel h3{margin:0 0 .5rem;font-size:1.05rem}
ol.findings{list-style:none;margin:0;padding:0}
li.finding{border-left:4px solid var(--line);padding:.4rem .6rem;margin:0 0 .5rem;
background:#fcfcfc;border-radius:0 4px 4px 0}
li.finding.sev-error{border-left-color:var(--err)}
li.finding.sev-warning{border-left-color:var(--warn)}
li.finding.sev-info{border-left-color:var(--info)}
li.finding.active{background:#eef3f7}
li.finding a{color:inherit;text-decoration:none;display:block}
li.finding a:hover .message,li.finding a:focus .message{text-decoration:underline}
.badge{display:inline-block;font-size:.72rem;font-weight:600;padding:0 .4rem;
border-radius:3px;margin-right:.4rem;color:#fff;vertical-align:1px}
.badge.sev-error{background:var(--err)}
.badge.sev-warning{background:var(--warn)}
.badge.sev-info{background:var(--info)}
.flagged{font-style:italic}
.suggestion{margin-top:.2rem}
.meta{font-size:.8rem;color:var(--muted)}
.missing{background:var(--err-bg);border:1px solid var(--err);border-radius:4px;
padding:.4rem .6rem;margin-bottom:.6rem}
.lix{font-size:2rem;font-weight:700;line-height:1.1}
dl.facts{margin:0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem .9rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
dl.facts ul{margin:0;padding-left:1.1rem}
table.metrics{border-collapse:collapse;width:100%;font-size:.92rem}
table.metrics td{padding:.15rem .3rem;border-bottom:1px solid #eee}
table.metrics td.num{text-align:right;font-variant-numeric:tabular-nums}
.error-box{background:var(--err-bg);border:1px solid var(--err);border-radius:6px;padding:1rem}
footer{color:var(--muted);font-size:.8rem;text-align:center;padding:1rem}
body.hide-error li.finding.sev-error,body.hide-warning li.finding.sev-warning,
body.hide-info li.finding.sev-info{display:none}
body.hide-error mark.sev-error,body.hide-warning mark.sev-warning,
body.hide-info mark.sev-info{background:none;border-bottom:none}
@media print{.filters,aside.side{position:static;max-height:none}.filters{display:none}
.layout{grid-template-columns:1fr}}
"""

SCRIPT = """
(function () {
  "use strict";
  function marksFor(id) {
    return document.querySelectorAll('mark[data-findings~="' + id + '"]');
  }
  function clearActive() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }
  function activate(id, scrollTarget) {
    clearActive();
    marksFor(id).forEach(function (m) { m.classList.add("active"); });
    var item = document.getElementById("item-" + id);
    if (item) { item.classList.add("active"); }
    var target = scrollTarget === "item" ? item : document.getElementById(id);
    if (target && target.scrollIntoView) {
      target.scrollIntoView({ behavior: "smooth", block: "center" });
    }
  }
  document.querySelectorAll("li.finding a[data-target]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      activate(link.getAttribute("data-target"), "mark");
    });
  });
  document.querySelectorAll("mark[data-findings]").forEach(function (mark) {
    mark.addEventListener("click", function () {
      var ids = mark.getAttribute("data-findings").split(" ");
      activate(ids[0], "item");
    });
  });
  document.querySelectorAll(".filters input[data-severity]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-severity"), !box.checked);
    });
  });
}());
"""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")

Span = tuple[int, int, str, Finding]
"""(start, end, DOM id, finding) of one highlighted finding in a block's text."""


def _e(text: Any) -> str:
    """Escape for text and attribute values, with CPR numbers masked."""
    return escape(mask_cpr(str(text)), quote=True)


def _danish_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.1f}".replace(".", ",")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def finding_id(file_index: int, finding_index: int) -> str:
    """The DOM id of a finding's anchor in the letter (list items use ``item-`` + this)."""
    return f"f-{file_index}-{finding_index}"


def block_id(file_index: int, block_index: int) -> str:
    return f"b-{file_index}-{block_index}"


def _span(finding: Finding, block: Block) -> tuple[int, int]:
    """The finding's span in its block; an empty span highlights the whole block."""
    start = max(0, min(finding.location.start, len(block.text)))
    end = max(start, min(finding.location.end, len(block.text)))
    if start < end:
        return start, end
    return 0, len(block.text)


def highlight(text: str, spans: Sequence[Span]) -> str:
    """The block text as HTML with ``<mark>`` around every flagged stretch.

    Overlapping findings split the text into stretches; each stretch is marked with the
    most serious severity covering it and lists every finding it belongs to in
    ``data-findings``. An empty anchor with the finding's id is placed where it starts, so
    links can scroll to it.
    """
    masked = mask_cpr(text)
    points = sorted({0, len(masked), *(point for s, e, _, _ in spans for point in (s, e))})
    starts: dict[int, list[str]] = {}
    for start, _, dom_id, _ in spans:
        starts.setdefault(start, []).append(dom_id)
    out: list[str] = []
    for left, right in pairwise(points):
        for dom_id in starts.get(left, []):
            out.append(f'<span class="anchor" id="{dom_id}"></span>')
        piece = escape(masked[left:right])
        covering = [(dom_id, finding, e - s) for s, e, dom_id, finding in spans
                    if s <= left and right <= e]
        if not covering:
            out.append(piece)
            continue
        # the narrowest finding decides the look, so a flagged word stays visible inside a
        # flagged sentence; findings as long as a sentence are only underlined
        covering.sort(key=lambda item: item[2])
        _, primary, width = covering[0]
        css = f"sev-{primary.severity.value}" + (" wide" if width > WIDE_SPAN else "")
        ids = " ".join(dom_id for dom_id, _, _ in covering)
        title = "\n".join(
            f"{SEVERITY_LABELS[finding.severity]}: {finding.message}" for _, finding, _ in covering
        )
        out.append(f'<mark class="{css}" data-findings="{ids}" title="{_e(title)}">{piece}</mark>')
    return "".join(out)


class _FileView:
    """Renders one checked letter: its text with highlights, and the panels beside it."""

    def __init__(self, file_index: int, file: FileReport) -> None:
        self.index = file_index
        self.file = file
        self.document = file.document
        self.dom_ids = [finding_id(file_index, n) for n in range(len(file.findings))]
        self.spans: dict[int, list[Span]] = {}
        blocks = self.document.blocks if self.document is not None else ()
        for dom_id, finding in zip(self.dom_ids, file.findings, strict=True):
            number = finding.location.block
            if 0 <= number < len(blocks):
                start, end = _span(finding, blocks[number])
                self.spans.setdefault(number, []).append((start, end, dom_id, finding))

    # -- the letter ------------------------------------------------------------------

    def block(self, block: Block) -> str:
        inner = highlight(block.text, self.spans.get(block.index, []))
        anchor = f'id="{block_id(self.index, block.index)}"'
        if block.role is Role.HEADING:
            level = min(6, 2 + (block.heading_level or 1))
            return f'<h{level} class="block" {anchor}>{inner}</h{level}>'
        if block.role is Role.QUOTE:
            return f'<blockquote class="block" {anchor}>{inner}</blockquote>'
        css = "block list-item" if block.role is Role.LIST_ITEM else "block"
        return f'<p class="{css}" {anchor}>{inner}</p>'

    def table(self, blocks: Sequence[Block]) -> str:
        """Blocks of one table (same ordinal) laid out by their (row, column)."""
        rows: dict[int, dict[int, list[str]]] = {}
        for block in blocks:
            _, row, column = block.table or (0, 0, 0)
            rows.setdefault(row, {}).setdefault(column, []).append(self.block(block))
        width = max((max(cells) + 1 for cells in rows.values()), default=1)
        lines = ['<table class="letter-table"><tbody>']
        for row in sorted(rows):
            cells = rows[row]
            lines.append("<tr>" + "".join(
                f"<td>{''.join(cells.get(column, []))}</td>" for column in range(width)
            ) + "</tr>")
        lines.append("</tbody></table>")
        return "".join(lines)

    def flow(self, blocks: Sequence[Block]) -> str:
        """Body, tables and text boxes in reading order."""
        out: list[str] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            group = [block]
            index += 1
            if block.table is not None:
                while (index < len(blocks) and blocks[index].table is not None
                       and (blocks[index].table or (0,))[0] == block.table[0]):
                    group.append(blocks[index])
                    index += 1
                out.append(self.table(group))
            elif block.part is Part.TEXTBOX:
                while (index < len(blocks) and blocks[index].part is Part.TEXTBOX
                       and blocks[index].table is None):
                    group.append(blocks[index])
                    index += 1
                inner = "".join(self.block(b) for b in group)
                out.append(f'<div class="textbox"><span class="part-label">Tekstboks</span>'
                           f"{inner}</div>")
            else:
                out.append(self.block(block))
        return "".join(out)

    def part_box(self, part: Part, blocks: Sequence[Block]) -> str:
        inner = "".join(self.block(block) for block in blocks)
        return (f'<div class="part-box"><span class="part-label">{_e(PART_NAMES[part])}</span>'
                f"{inner}</div>")

    def letter(self) -> str:
        if self.document is None:
            return '<p class="meta">Brevets tekst er ikke med i denne rapport; se fundene.</p>'
        blocks = self.document.blocks
        out: list[str] = []
        headers = [b for b in blocks if b.part is Part.HEADER]
        if headers:
            out.append(self.part_box(Part.HEADER, headers))
        flow = [b for b in blocks if b.part not in SIDE_PARTS]
        out.append(self.flow(flow) or '<p class="meta">Brevet har ingen brødtekst.</p>')
        for part in SIDE_PARTS[1:]:
            side = [b for b in blocks if b.part is part]
            if side:
                out.append(self.part_box(part, side))
        return "".join(out)

    def block_link(self, number: Any) -> str:
        """A link to block ``number`` of the letter ('afsnit 12'), or plain text."""
        if not isinstance(number, int) or isinstance(number, bool):
            return "–"
        label = f"afsnit {number + 1}"
        if self.document is None or not 0 <= number < len(self.document.blocks):
            return _e(label)
        return f'<a href="#{block_id(self.index, number)}">{_e(label)}</a>'

    # -- the findings ----------------------------------------------------------------

    def finding_item(self, finding: Finding, dom_id: str) -> str:
        severity = finding.severity.value
        text = " ".join(finding.text.split())
        parts = [
            f'<span class="badge sev-{severity}">{_e(SEVERITY_LABELS[finding.severity])}</span>',
            f'<span class="message">{_e(finding.message)}</span>',
        ]
        if text:
            parts.append(f'<div class="flagged">«{_e(text)}»</div>')
        if finding.suggestion:
            parts.append(f'<div class="suggestion">Forslag: {_e(finding.suggestion)}</div>')
        where = [finding.location.section or ""]
        if finding.location.part != Part.BODY.value:
            where.append(PART_BY_VALUE.get(finding.location.part, finding.location.part))
        meta = " · ".join([*filter(None, where), f"regel {finding.rule}"])
        parts.append(f'<div class="meta">{_e(meta)}</div>')
        body = "".join(parts)
        if finding.location.block in self.spans:
            body = f'<a href="#{dom_id}" data-target="{dom_id}">{body}</a>'
        return f'<li class="finding sev-{severity}" id="item-{dom_id}">{body}</li>'

    def findings_panel(self) -> str:
        findings = self.file.findings
        if not findings:
            items = "<p>Ingen fund.</p>"
        else:
            items = '<ol class="findings">' + "".join(
                self.finding_item(finding, dom_id)
                for dom_id, finding in zip(self.dom_ids, findings, strict=True)
            ) + "</ol>"
        counts = _e(severity_counts(findings)) if findings else ""
        return (f'<section class="panel"><h3>Fund ({len(findings)})</h3>'
                f'<p class="meta">{counts}</p>{items}</section>')

    # -- readability -----------------------------------------------------------------

    def readability_panel(self) -> str:
        metrics = self.file.metrics if isinstance(self.file.metrics, dict) else {}
        lix = lix_value(metrics)
        out = ['<section class="panel readability"><h3>Læsbarhed</h3>']
        if lix is not None:
            band = metrics.get("lix_band")
            band = band if isinstance(band, str) and band else lix_band(lix)
            out.append(f'<div class="lix">LIX {_e(_danish_number(round(lix)))}</div>'
                       f"<p>{_e(band.capitalize())} at læse. Breve til borgere bør helst "
                       "ligge under 40.</p>")
        rows = [_metric_row(key, value) for key, value in metrics.items()
                if key not in SKIPPED_METRICS and (_is_number(value) or isinstance(value, str))]
        if rows:
            out.append('<table class="metrics"><tbody>' + "".join(rows) + "</tbody></table>")
        excluded = metrics.get("excluded")
        if isinstance(excluded, dict):
            names = [EXCLUDED_NAMES.get(str(key), str(key)) for key, value in excluded.items()
                     if isinstance(value, dict) and value.get("blocks")]
            if names:
                out.append(f'<p class="meta">Målt på brødteksten uden {_e(", ".join(names))}.</p>')
        hardest = metrics.get("hardest_sentences")
        if isinstance(hardest, list) and hardest:
            out.append("<h4>Sværeste sætninger</h4><ol class=\"hard\">")
            for sentence in hardest[:MAX_HARD_SENTENCES]:
                if not isinstance(sentence, dict):
                    continue
                figure = sentence.get("lix")
                figure_text = f" (LIX {_danish_number(round(figure))})" if figure is not None \
                    and _is_number(figure) else ""
                out.append(f"<li>{_e(sentence.get('text', ''))}{_e(figure_text)} · "
                           f"{self.block_link(sentence.get('block'))}</li>")
            out.append("</ol>")
        if lix is None and not rows:
            out.append('<p class="meta">Læsbarheden er ikke målt for dette brev.</p>')
        out.append("</section>")
        return "".join(out)

    # -- facts -----------------------------------------------------------------------

    def value(self, key: str, value: Any, depth: int = 0) -> str:
        """A fact value as HTML: Ja/Nej, numbers, block links, lists and nested facts."""
        if depth > MAX_DEPTH:
            return "…"
        if key in ("block", "decision_block", "heading_block"):
            return self.block_link(value)
        if isinstance(value, bool):
            return "Ja" if value else "Nej"
        if value is None:
            return "–"
        if _is_number(value):
            return _e(_danish_number(value))
        if isinstance(value, str):
            return _e(VALUE_WORDS.get(value, value))
        if isinstance(value, dict):
            if not value:
                return "–"
            return '<dl class="facts">' + "".join(
                f"<dt>{_e(_label(str(k)))}</dt><dd>{self.value(str(k), v, depth + 1)}</dd>"
                for k, v in value.items()
            ) + "</dl>"
        if isinstance(value, list | tuple):
            if not value:
                return "Ingen fundet"
            return "<ul>" + "".join(
                f"<li>{self.list_item(item, depth + 1)}</li>" for item in value) + "</ul>"
        return _e(value)

    def list_item(self, item: Any, depth: int) -> str:
        """A citation-like dict shows as its text with a link to where it stands."""
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            where = f" · {self.block_link(item['block'])}" if "block" in item else ""
            return f"{_e(item['text'])}{where}"
        return self.value("", item, depth)

    def facts_panel(self) -> str:
        facts = self.file.facts if isinstance(self.file.facts, dict) else {}
        out = ['<section class="panel facts"><h3>Afgørelsen</h3>']
        missing = missing_parts(facts)
        if missing:
            out.append(f'<div class="missing"><strong>Mangler:</strong> '
                       f"{_e(', '.join(missing))}</div>")
        if facts:
            out.append(self.value("", facts))
        else:
            out.append('<p class="meta">Fakta om afgørelsen er ikke udtrukket for dette brev.</p>')
        out.append("</section>")
        return "".join(out)

    # -- the whole section -----------------------------------------------------------

    def render(self) -> str:
        file = self.file
        title = f"<h2>{_e(file.path)}</h2>"
        if file.status != "ok":
            message = file.error.message if file.error else "Brevet kunne ikke læses."
            return (f'<section class="file" id="fil-{self.index}">{title}'
                    f'<div class="error-box">{_e(message)}</div></section>')
        warnings = ""
        if file.warnings:
            warnings = ('<section class="panel"><h3>Bemærkninger om filen</h3><ul>'
                        + "".join(f"<li>{_e(w)}</li>" for w in file.warnings) + "</ul></section>")
        return (
            f'<section class="file" id="fil-{self.index}">{title}'
            f'<p class="status">{_e(severity_summary(file.findings))}</p>'
            f'<div class="overview">{self.readability_panel()}{self.facts_panel()}</div>'
            '<div class="layout">'
            f'<article class="letter" aria-label="Brevets tekst">{self.letter()}</article>'
            f'<aside class="side">{self.findings_panel()}{warnings}</aside>'
            "</div></section>"
        )


def _label(key: str) -> str:
    return FACT_LABELS.get(key) or key.replace("_", " ").capitalize()


def _metric_row(key: str, value: Any) -> str:
    label = METRIC_LABELS.get(key) or key.replace("_", " ").capitalize()
    if key.endswith("_share") and _is_number(value):
        shown = f"{round(value * 100)} %"
    elif _is_number(value):
        shown = _danish_number(value)
    else:
        shown = str(value)
    return f'<tr><td>{_e(label)}</td><td class="num">{_e(shown)}</td></tr>'


def _sorted(file: FileReport) -> FileReport:
    """The same report with findings in reading order (the side list follows the letter)."""
    return replace(file, findings=sorted(file.findings, key=lambda f: f.sort_key))


def render(report: Report, **_: Any) -> str:
    """The whole report as one HTML page (UTF-8, no external resources)."""
    files = [_sorted(file) for file in report.files]
    findings = [finding for file in files for finding in file.findings]
    letters = len(files)
    heading = "Rapport fra brevtjek"
    overview = f"{letters} {'brev' if letters == 1 else 'breve'} tjekket · {len(findings)} fund"
    if findings:
        overview += f" ({severity_counts(findings)})"
    if report.failed_files:
        overview += f" · {report.failed_files} kunne ikke læses"
    filters = "".join(
        f'<label><input type="checkbox" checked data-severity="{severity.value}"> '
        f"Vis {_e(severity_name(severity, 2))}</label>"
        for severity in SEVERITIES
    )
    model = report.model.get("name") if report.model else None
    made_by = f"Lavet af brevtjek {__version__}" + (f" · sprogmodel {model}" if model else "")
    body = "".join(_FileView(index, file).render() for index, file in enumerate(files))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="da"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(heading)}</title><style>{CSS}</style></head>"
        f'<body><header class="top"><h1>{_e(heading)}</h1><p>{_e(overview)}</p>'
        f'<div class="filters" role="group" aria-label="Filtrér fund">{filters}</div></header>'
        f"<main>{body}</main><footer>{_e(made_by)}</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
