"""``--format csv``: one row per finding, for spreadsheets and quick statistics.

Columns: file, rule, severity, part, section, block, start, end, text, message, suggestion
(the JSON contract's fields; block/start/end are its offsets). A letter that could not be
read is one row with an empty ``rule``, severity ``error``, and ``[code] message`` in
``message``, so it is not lost from the sheet.

Comma-separated, quoted where needed (RFC 4180), UTF-8, ``\\n`` line ends. A cell that
would start with ``=``, ``+``, ``-``, ``@`` or a tab gets a leading ``'`` so a spreadsheet
never runs text from a letter as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from brevtjek.report import Report
from brevtjek.reporters.common import display_path, one_line

COLUMNS = ("file", "rule", "severity", "part", "section", "block", "start", "end", "text",
           "message", "suggestion")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = one_line(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def rows(report: Report) -> list[list[str]]:
    table: list[list[str]] = []
    for file in report.files:
        path = display_path(file)
        if file.status == "error" and file.error is not None:
            message = f"[{file.error.code}] {file.error.message}"
            table.append([safe_cell(path), "", "error", "", "", "", "", "", "",
                          safe_cell(message), ""])
            continue
        for finding in file.findings:
            location = finding.location
            table.append([safe_cell(value) for value in (
                path, finding.rule, finding.severity.value, location.part, location.section,
                location.block, location.start, location.end, finding.text, finding.message,
                finding.suggestion)])
    return table


def render(report: Report, **_: Any) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    return buffer.getvalue()
