"""Reporters turn a :class:`~brevtjek.report.Report` into text for people or machines.

Each format lives in its own module with one function ``render(report, **options) -> str``
(the terminal reporter prints through rich instead). ``FORMATS`` is the registry the CLI's
``--format`` option offers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brevtjek.report import Report


def _json(report: Report, **options: Any) -> str:
    from brevtjek.reporters.json_format import render

    return render(report, **options)


FORMATS: dict[str, Callable[..., str] | None] = {
    "text": None,  # rich terminal output, printed directly
    "json": _json,
}
