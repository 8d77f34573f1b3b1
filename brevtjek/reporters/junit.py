"""``--format junit``: JUnit XML, the format every CI dashboard (GitLab, Jenkins, Azure) reads.

One ``<testcase>`` per letter, named by its path. A letter *fails* when it has findings at
or above the ``--fail-on`` level — the same rule as the exit code, so the dashboard and the
job agree; the ``<failure>`` lists those findings one per line. Findings below the level are
listed in ``<system-out>`` (visible, not failing). A letter that could not be read is an
``<error>`` with its code and Danish message.

Each finding line reads ``blok B, tegn S–E [alvor] regel: besked → forslag (“tekst”)``.
Characters XML 1.0 cannot carry (control characters from Word) are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from brevtjek.findings import Finding, Severity
from brevtjek.privacy import mask_cpr
from brevtjek.report import FileReport, Report
from brevtjek.reporters.common import display_path, fails, one_line

INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return INVALID_XML.sub("", mask_cpr(text))


def finding_line(finding: Finding) -> str:
    location = finding.location
    line = (f"blok {location.block}, tegn {location.start}–{location.end} "
            f"[{finding.severity.danish}] {finding.rule}: {one_line(finding.message)}")
    if finding.suggestion:
        line += f" → {one_line(finding.suggestion)}"
    return f"{line} (“{one_line(finding.text)}”)"


def _counts(findings: Iterable[Finding]) -> str:
    counted = list(findings)
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        number = sum(1 for finding in counted if finding.severity is severity)
        if number:
            parts.append(f"{number} {severity.danish}")
    return ", ".join(parts)


def testcase(file: FileReport, fail_on: str) -> ET.Element:
    path = clean(display_path(file))
    case = ET.Element("testcase", {"classname": "brevtjek", "name": path, "file": path})
    if file.status == "error" and file.error is not None:
        error = ET.SubElement(case, "error", {"type": clean(file.error.code),
                                              "message": clean(file.error.message)})
        error.text = clean(f"{path}: {file.error.message}")
        return case
    failing = [finding for finding in file.findings if fails(finding, fail_on)]
    passing = [finding for finding in file.findings if not fails(finding, fail_on)]
    if failing:
        failure = ET.SubElement(case, "failure", {
            "type": "brevtjek",
            "message": clean(f"{len(failing)} fund ({_counts(failing)})"),
        })
        failure.text = clean("\n".join(finding_line(finding) for finding in failing))
    if passing:
        out = ET.SubElement(case, "system-out")
        out.text = clean("\n".join(finding_line(finding) for finding in passing))
    return case


def build(report: Report, fail_on: str = "error") -> ET.Element:
    cases = [testcase(file, fail_on) for file in report.files]
    failures = sum(1 for case in cases if case.find("failure") is not None)
    errors = sum(1 for case in cases if case.find("error") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors)}
    root = ET.Element("testsuites", {"name": "brevtjek", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "brevtjek", **counts, "skipped": "0"})
    suite.extend(cases)
    return root


def render(report: Report, fail_on: str = "error", **_: Any) -> str:
    root = build(report, fail_on)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
