"""``--format github``: GitHub Actions workflow commands, one line per finding.

``::error file=F,line=L,col=C,endColumn=E,title=T::message`` makes GitHub show the finding
as an annotation on the job and, for text files, in the pull request diff. Severity maps to
``error`` / ``warning`` / ``notice``. *line* is the block number + 1 and *col* the offset in
the block + 1 (see :mod:`brevtjek.reporters.common`). A letter that could not be read is an
``::error`` on the file without a line.

Escaping follows GitHub's toolkit (``@actions/core``): in the message ``%``, CR and LF are
percent-encoded; in property values also ``:`` and ``,``.
"""

from __future__ import annotations

from typing import Any

from brevtjek.findings import Finding, Severity
from brevtjek.report import Report
from brevtjek.reporters.common import columns_of, display_path, line_of, one_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def finding_command(path: str, finding: Finding) -> str:
    start, end = columns_of(finding)
    message = one_line(finding.message)
    if finding.suggestion:
        message += f" → {one_line(finding.suggestion)}"
    properties = {
        "file": path,
        "line": str(line_of(finding)),
        "endLine": str(line_of(finding)),
        "col": str(start),
        "endColumn": str(end),
        "title": f"brevtjek {finding.rule}",
    }
    return command(COMMANDS[finding.severity], properties, message)


def render(report: Report, **_: Any) -> str:
    lines = []
    for file in report.files:
        path = display_path(file)
        if file.status == "error" and file.error is not None:
            lines.append(command("error", {"file": path, "title": f"brevtjek: {file.error.code}"},
                                 one_line(file.error.message)))
            continue
        lines.extend(finding_command(path, finding) for finding in file.findings)
    return "".join(line + "\n" for line in lines)
