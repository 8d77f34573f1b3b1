"""The summary table after a batch in the terminal: how the archive as a whole is doing.

Shown when more than one letter was checked: letters checked, letters with error-level
findings, unreadable letters, the average LIX (from ``files[].metrics["lix"]`` where the
metrics stage provides it, «–» otherwise) and the ten rules with most findings — what a
team lead needs to decide which guidance to write first.
"""

from __future__ import annotations

from collections import Counter
from numbers import Real
from typing import Any

from rich.console import Console
from rich.table import Table

from brevtjek.findings import Severity
from brevtjek.report import Report

TOP_RULES = 10
NO_VALUE = "–"


def lix_of(metrics: dict[str, Any]) -> float | None:
    """The letter's LIX, or None where the metrics stage had nothing to measure."""
    value = metrics.get("lix")
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    return None


def average_lix(report: Report) -> float | None:
    values = [lix for file in report.files if file.status == "ok"
              if (lix := lix_of(file.metrics)) is not None]
    return sum(values) / len(values) if values else None


def rule_counts(report: Report) -> list[tuple[str, int]]:
    counts = Counter(finding.rule for finding in report.findings)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]


def summary_table(report: Report) -> Table:
    letters = len(report.files)
    with_errors = sum(1 for file in report.files if file.count(Severity.ERROR))
    lix = average_lix(report)
    table = Table(title="Samlet", show_header=False, title_justify="left", box=None,
                  padding=(0, 2, 0, 0))
    table.add_column("Mål")
    table.add_column("Værdi", justify="right")
    table.add_row("Breve tjekket", str(letters))
    table.add_row("Breve med fejl", str(with_errors))
    table.add_row("Breve der ikke kunne læses", str(report.failed_files))
    table.add_row("Gennemsnitlig LIX", NO_VALUE if lix is None else f"{lix:.1f}".replace(".", ","))
    return table


def rules_table(report: Report) -> Table | None:
    counts = rule_counts(report)
    if not counts:
        return None
    table = Table(title=f"Hyppigste regler (top {TOP_RULES})", title_justify="left", box=None,
                  padding=(0, 2, 0, 0))
    table.add_column("Regel")
    table.add_column("Fund", justify="right")
    for rule, count in counts:
        table.add_row(rule, str(count))
    return table


def print_summary(report: Report, console: Console) -> None:
    console.print(summary_table(report))
    rules = rules_table(report)
    if rules is not None:
        console.print()
        console.print(rules)
