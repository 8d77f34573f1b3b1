"""Rich terminal output for caseworkers: findings grouped by the letter's sections.

Each finding shows its severity in Danish, the rule id, the message, the concrete
suggestion and the sentence with the flagged words highlighted, so the writer can find and
fix the place without reading offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from rich.console import Console
from rich.text import Text

from brevtjek.findings import Finding, Severity
from brevtjek.report import FileReport, Report

SEVERITY_STYLE = {
    Severity.ERROR: "bold white on red",
    Severity.WARNING: "bold black on yellow",
    Severity.INFO: "bold white on blue",
}
PART_NAMES = {
    "body": "brødtekst",
    "table": "tabel",
    "header": "sidehoved",
    "footer": "sidefod",
    "footnote": "fodnote",
    "endnote": "slutnote",
    "textbox": "tekstboks",
}
MAX_SENTENCE_CHARS = 240


CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Letter text with terminal control characters shown as '�'.

    A letter (or a file name) can hold escape sequences that would clear a CI log, retitle
    the terminal or hide text when printed; the JSON and other formats escape them anyway.
    """
    return CONTROL_CHARS.sub("\ufffd", text)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def counts_line(errors: int, warnings: int, infos: int) -> str:
    return ", ".join(
        (
            _plural(errors, "fejl", "fejl"),
            _plural(warnings, "advarsel", "advarsler"),
            _plural(infos, "info", "info"),
        )
    )


def highlighted_sentence(finding: Finding) -> Text:
    """The sentence with the flagged words in reverse video (shortened around them)."""
    sentence = printable(finding.sentence or finding.text)
    sentence = " ".join(sentence.split())
    flagged = " ".join(printable(finding.text).split())
    at = sentence.find(flagged) if flagged else -1
    if at < 0:
        return Text(sentence[:MAX_SENTENCE_CHARS], style="dim")
    start, end = at, at + len(flagged)
    left = max(0, start - MAX_SENTENCE_CHARS // 2)
    right = min(len(sentence), end + MAX_SENTENCE_CHARS // 2)
    text = Text()
    text.append(("…" if left else "") + sentence[left:start], style="dim")
    text.append(sentence[start:end], style="bold reverse")
    text.append(sentence[end:right] + ("…" if right < len(sentence) else ""), style="dim")
    return text


def _section_title(finding: Finding) -> str:
    location = finding.location
    part = PART_NAMES.get(location.part, location.part)
    if location.part in ("body", "table", "textbox"):
        section = location.section or "Brevets start"
        return section if location.part == "body" else f"{section} ({part})"
    return part.capitalize()


def print_finding(console: Console, finding: Finding) -> None:
    line = Text("  ")
    line.append(f" {finding.severity.danish.upper()} ", style=SEVERITY_STYLE[finding.severity])
    line.append(" ")
    line.append(printable(finding.message), style="bold")
    line.append(f"  [{finding.rule}]", style="dim")
    console.print(line)
    console.print(Text("    ").append(highlighted_sentence(finding)))
    if finding.suggestion:
        console.print(Text("    → ", style="green").append(printable(finding.suggestion),
                                                             style="green"))


def print_file(console: Console, file: FileReport) -> None:
    if file.status == "error" and file.error is not None:
        console.print(Text(f"{printable(file.path)}: ", style="bold").append(file.error.message,
                                                                              style="red"))
        return
    errors, warnings, infos = (file.count(s) for s in (Severity.ERROR, Severity.WARNING,
                                                        Severity.INFO))
    title = Text(printable(file.path), style="bold underline")
    title.append(f"  {counts_line(errors, warnings, infos)}", style="bold")
    console.print(title)
    for note in file.warnings:
        console.print(Text(f"  Bemærk: {note}", style="yellow"))
    print_readability(console, file.metrics)
    if not file.findings:
        console.print(Text("  Ingen fund. Brevet følger reglerne, brevtjek kender.", style="green"))
        return
    ordered = sorted(file.findings, key=lambda finding: finding.sort_key)
    for title_text, group in groupby(ordered, key=_section_title):
        console.print(Text(f"\n  {title_text}", style="bold cyan"))
        for finding in group:
            print_finding(console, finding)
    console.print()


BAND_STYLE = {"meget let": "green", "let": "green", "middel": "yellow", "svær": "red",
              "meget svær": "bold red"}
BAR_WIDTH = 20
BAR_MAX_LIX = 70.0
EXCLUDED_NAMES = {"appeal_guidance": "klagevejledning", "law_quote": "lovcitater",
                  "address": "adresse og brevhoved", "signature": "underskrift",
                  "notes": "fodnoter"}


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _lix_bar(value: float) -> str:
    filled = max(0, min(BAR_WIDTH, round(BAR_WIDTH * value / BAR_MAX_LIX)))
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def print_readability(console: Console, metrics: dict[str, Any]) -> None:
    """The readability panel: body LIX and band, a bar per section, the hardest sentences.

    Everything comes from the ``metrics`` object of the JSON contract, so the panel shows
    exactly what a script reading the JSON would see.
    """
    from brevtjek.metrics.lix import band

    value = metrics.get("lix") if metrics else None
    if value is None:
        return
    label = metrics.get("lix_band") or band(value) or ""
    line = Text("  Læsbarhed: ", style="bold")
    line.append(f"LIX {_decimal(value)} – {label}", style=BAND_STYLE.get(label, "bold"))
    words, sentences = metrics.get("words", 0), metrics.get("sentences", 0)
    average = metrics.get("avg_sentence_words")
    details = f"  ({words} ord, {sentences} sætninger"
    details += f", {_decimal(average)} ord pr. sætning)" if average is not None else ")"
    console.print(line.append(details, style="dim"))
    for section in metrics.get("sections", []):
        section_lix = section.get("lix")
        if section_lix is None:
            continue
        section_band = band(section_lix) or ""
        name = printable(section.get("heading") or "Brevets start")
        name = name if len(name) <= 38 else name[:37] + "…"
        row = Text(f"    {name:<38} ")
        row.append(_lix_bar(section_lix), style=BAND_STYLE.get(section_band, ""))
        row.append(f" {_decimal(section_lix):>5} {section_band}", style="dim")
        console.print(row)
    hardest = metrics.get("hardest_sentences", [])
    if hardest:
        console.print(Text("  Sværeste sætninger:", style="bold"))
    for number, sentence in enumerate(hardest, start=1):
        text = " ".join(printable(sentence.get("text", "")).split())
        text = text if len(text) <= 110 else text[:109] + "…"
        sentence_lix = sentence.get("lix")
        head = f"    {number}. LIX {_decimal(sentence_lix) if sentence_lix is not None else '–'}"
        row = Text(head + f", {sentence.get('words', 0)} ord: ", style="bold")
        console.print(row.append(text, style="dim"))
    left_out = [f"{EXCLUDED_NAMES.get(kind, kind)} ({part['words']} ord)"
                for kind, part in (metrics.get("excluded") or {}).items() if part.get("words")]
    if left_out:
        console.print(Text(f"  Ikke talt med i LIX: {', '.join(left_out)}.", style="dim"))


def print_report(report: Report, console: Console | None = None,
                 min_severity: Severity = Severity.INFO,
                 baseline_suppressed: int | None = None) -> None:
    console = console or Console()
    for file in report.files:
        shown = _filtered(file, min_severity)
        print_file(console, shown)
    if len(report.files) > 1:
        from brevtjek.reporters.summary import print_summary

        print_summary(report, console)
        console.print()
        summary = report.summary()
        console.print(
            Text(
                f"{summary['files']} breve tjekket, {summary['failed_files']} kunne ikke læses. "
                f"{counts_line(summary['error'], summary['warning'], summary['info'])}.",
                style="bold",
            )
        )
    if baseline_suppressed is not None:
        console.print(Text(f"Baseline: {_plural(baseline_suppressed, 'kendt fund', 'kendte fund')} "
                           "er skjult; kun nye fund er vist.", style="dim"))


def _filtered(file: FileReport, min_severity: Severity) -> FileReport:
    if min_severity is Severity.INFO:
        return file
    kept: Iterable[Finding] = (f for f in file.findings if f.severity.rank >= min_severity.rank)
    return FileReport(file.path, file.status, file.error, file.facts, file.metrics, list(kept),
                      file.warnings)
