"""Rich terminal output for caseworkers: findings grouped by the letter's sections.

Each finding shows its severity in Danish, the rule id, the message, the concrete
suggestion and the sentence with the flagged words highlighted, so the writer can find and
fix the place without reading offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

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
    sentence = finding.sentence or finding.text
    sentence = " ".join(sentence.split())
    flagged = " ".join(finding.text.split())
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
    line.append(finding.message, style="bold")
    line.append(f"  [{finding.rule}]", style="dim")
    console.print(line)
    console.print(Text("    ").append(highlighted_sentence(finding)))
    if finding.suggestion:
        console.print(Text("    → ", style="green").append(finding.suggestion, style="green"))


def print_file(console: Console, file: FileReport) -> None:
    if file.status == "error" and file.error is not None:
        console.print(Text(f"{file.path}: ", style="bold").append(file.error.message, style="red"))
        return
    errors, warnings, infos = (file.count(s) for s in (Severity.ERROR, Severity.WARNING,
                                                        Severity.INFO))
    title = Text(file.path, style="bold underline")
    title.append(f"  {counts_line(errors, warnings, infos)}", style="bold")
    console.print(title)
    for note in file.warnings:
        console.print(Text(f"  Bemærk: {note}", style="yellow"))
    if not file.findings:
        console.print(Text("  Ingen fund. Brevet følger reglerne, brevtjek kender.", style="green"))
        return
    ordered = sorted(file.findings, key=lambda finding: finding.sort_key)
    for title_text, group in groupby(ordered, key=_section_title):
        console.print(Text(f"\n  {title_text}", style="bold cyan"))
        for finding in group:
            print_finding(console, finding)
    console.print()


def print_report(report: Report, console: Console | None = None,
                 min_severity: Severity = Severity.INFO) -> None:
    console = console or Console()
    for file in report.files:
        shown = _filtered(file, min_severity)
        print_file(console, shown)
    if len(report.files) > 1:
        summary = report.summary()
        console.print(
            Text(
                f"{summary['files']} breve tjekket, {summary['failed_files']} kunne ikke læses. "
                f"{counts_line(summary['error'], summary['warning'], summary['info'])}.",
                style="bold",
            )
        )


def _filtered(file: FileReport, min_severity: Severity) -> FileReport:
    if min_severity is Severity.INFO:
        return file
    kept: Iterable[Finding] = (f for f in file.findings if f.severity.rank >= min_severity.rank)
    return FileReport(file.path, file.status, file.error, file.facts, file.metrics, list(kept),
                      file.warnings)
