"""Reporters turn a :class:`~brevtjek.report.Report` into text for people or machines.

Each format lives in its own module with one function ``render(report, **options) -> str``
(the terminal reporter prints through rich instead). ``FORMATS`` is the registry the CLI's
``--format`` option offers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from brevtjek.findings import Severity
from brevtjek.report import Report


def _json(report: Report, **options: Any) -> str:
    from brevtjek.reporters.json_format import render

    return render(report, **options)


def _lazy(module: str) -> Callable[..., str]:
    """A renderer that imports its module on first use (keeps ``--help`` fast)."""

    def render(report: Report, **options: Any) -> str:
        from importlib import import_module

        renderer: Callable[..., str] = import_module(f"brevtjek.reporters.{module}").render
        return renderer(report, **options)

    return render


FORMATS: dict[str, Callable[..., str] | None] = {
    "text": None,  # rich terminal output, printed directly
    "json": _json,
    "sarif": _lazy("sarif"),
    "junit": _lazy("junit"),
    "github": _lazy("github"),
    "csv": _lazy("csv_format"),
    "html": _lazy("html"),
}
"""Options every renderer accepts (and may ignore): ``rules`` (the enabled rules, for
descriptions), ``fail_on`` (the ``--fail-on`` level), ``baseline_suppressed`` (findings a
baseline hid, or None without a baseline)."""


def at_least(report: Report, min_severity: Severity) -> Report:
    """The report as ``--min-severity`` shows it: lower findings left out of every format.

    Applied after the exit code is decided, so hiding info findings never changes whether
    a run fails.
    """
    if min_severity is Severity.INFO:
        return report
    files = [
        replace(file, findings=[f for f in file.findings if f.severity.rank >= min_severity.rank])
        for file in report.files
    ]
    return Report(files=files, model=dict(report.model))
