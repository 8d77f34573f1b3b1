"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Choices, and why:

* **Rules** (``tool.driver.rules``) carry every enabled rule, so code scanning can show a
  rule's help even for rules with no alert yet: ``shortDescription`` is the rule's message
  (or, when the message is a bare template such as «{match}» er {reason}., the first
  sentence of its description), ``fullDescription`` its description, ``help`` the
  description plus the suggestion and source (also as Markdown). ``defaultConfiguration.level``
  is the configured severity (info → ``note``).
* **Regions.** A .docx has no lines, so ``startLine``/``endLine`` = block number + 1 (the
  JSON contract's ``location.block``), ``startColumn``/``endColumn`` = offsets in the
  block's text + 1 (``endColumn`` exclusive, as SARIF defines it), counted in Unicode code
  points (``run.columnKind``). ``region.snippet`` holds the flagged text and
  ``contextRegion`` the whole block line with the sentence as its snippet, so a viewer
  that cannot open the letter still shows what was flagged. Part, section and offsets are in
  ``result.properties``.
* **Paths** are relative to the working folder (the repository root in CI), with ``/`` and
  percent-encoded, under ``uriBaseId`` ``%SRCROOT%``, as GitHub expects.
* **partialFingerprints** ``brevtjekFinding/v1`` hashes rule, relative path, flagged text
  and sentence — not offsets, so an alert survives edits elsewhere in the letter (the same
  key the baseline uses) — plus an occurrence number for identical findings in a letter.
* **Unreadable letters** are ``toolExecutionNotifications`` of the invocation (they are not
  findings of a rule); the exit code still says 2.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from brevtjek import __version__
from brevtjek.baseline import normalise
from brevtjek.findings import Finding, Severity
from brevtjek.jsontext import pretty
from brevtjek.privacy import mask_cpr
from brevtjek.report import Report
from brevtjek.reporters.common import columns_of, display_path, line_of, one_line, rule_lookup

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "brevtjekFinding/v1"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])")
MIN_MESSAGE_WORDS = 3


def uri_for(path: str) -> str:
    return quote(path, safe="/")


def template_text(template: str | None) -> str:
    """A message template for humans: ``«{match}» er {reason}.`` → ``«…» er ….``."""
    return one_line(PLACEHOLDER.sub("…", template or "")).replace("{{", "{").replace("}}", "}")


def first_sentence(text: str | None, limit: int = 200) -> str:
    sentence = SENTENCE_END.split(one_line(text), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def short_description(spec: Any) -> str:
    """The rule's message when it says something on its own, else its description's opening.

    Most messages are templates like «{match}» er {reason}. — shown bare as «…» er …. they
    say nothing, so the first sentence of the description is used instead.
    """
    bare = template_text(spec.message)
    words = re.findall(r"\w{2,}", PLACEHOLDER.sub("", spec.message or ""))
    if len(words) >= MIN_MESSAGE_WORDS or not spec.description:
        return bare or spec.id
    return first_sentence(spec.description)


def fingerprint(rule: str, path: str, finding: Finding) -> str:
    payload = "\x00".join((rule, path, normalise(finding.text), normalise(finding.sentence)))
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _help(spec: Any) -> dict[str, str]:
    description = one_line(spec.description) or template_text(spec.message)
    lines = [description]
    markdown = [description]
    if spec.suggestion:
        lines.append(f"Forslag: {template_text(spec.suggestion)}")
        markdown.append(f"**Forslag:** {template_text(spec.suggestion)}")
    if spec.reference:
        lines.append(f"Kilde: {one_line(spec.reference)}")
        markdown.append(f"*Kilde:* {one_line(spec.reference)}")
    return {"text": "\n\n".join(lines), "markdown": "\n\n".join(markdown)}


def rule_descriptor(spec: Any, pack: str | None = None) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": spec.id,
        "name": spec.id.rsplit(".", 1)[-1],
        "shortDescription": {"text": short_description(spec)},
        "fullDescription": {"text": one_line(spec.description) or template_text(spec.message)},
        "help": _help(spec),
        "defaultConfiguration": {"level": LEVELS[Severity(spec.severity)]},
        "properties": {"tags": list(spec.tags)},
    }
    if pack:
        descriptor["properties"]["pack"] = pack
    reference = (spec.reference or "").strip()
    if reference.startswith(("https://", "http://")) and " " not in reference:
        descriptor["helpUri"] = reference
    return descriptor


def _unknown_rule(rule_id: str, finding: Finding) -> dict[str, Any]:
    """A finding from a rule the caller did not describe still gets a valid descriptor."""
    return {
        "id": rule_id,
        "name": rule_id.rsplit(".", 1)[-1],
        "shortDescription": {"text": rule_id},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def _descriptors(report: Report, rules: Sequence[Any]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    lookup = rule_lookup(rules)
    packs = {getattr(rule, "spec", rule).id: getattr(rule, "pack", None) for rule in rules}
    descriptors = [rule_descriptor(spec, packs.get(rule_id)) for rule_id, spec in lookup.items()]
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    for finding in report.findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_unknown_rule(finding.rule, finding))
    return descriptors, index


def _location(uri: str, finding: Finding) -> dict[str, Any]:
    line = line_of(finding)
    start, end = columns_of(finding)
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line, "startColumn": start, "endLine": line, "endColumn": end,
                   "snippet": {"text": mask_cpr(finding.text)}},
    }
    if finding.sentence:
        physical["contextRegion"] = {"startLine": line, "endLine": line,
                                     "snippet": {"text": mask_cpr(finding.sentence)}}
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.location.section:
        location["logicalLocations"] = [{"name": one_line(finding.location.section),
                                         "kind": "section"}]
    return location


def _result(finding: Finding, path: str, rule_index: int, occurrence: int) -> dict[str, Any]:
    message = one_line(finding.message)
    if finding.suggestion:
        message = f"{message} Forslag: {one_line(finding.suggestion)}"
    location = finding.location
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [_location(uri_for(path), finding)],
        "partialFingerprints": {
            FINGERPRINT: f"{fingerprint(finding.rule, path, finding)}:{occurrence}",
        },
        "properties": {
            "part": location.part,
            "section": mask_cpr(location.section) if location.section else None,
            "block": location.block,
            "start": location.start,
            "end": location.end,
            "suggestion": mask_cpr(finding.suggestion) if finding.suggestion else None,
        },
    }


def build(report: Report, rules: Sequence[Any] = (), base: Path | None = None,
          baseline_suppressed: int | None = None) -> dict[str, Any]:
    """The SARIF log as a dictionary (see the module docstring for the mapping)."""
    root = (base or Path.cwd()).resolve()
    descriptors, rule_index = _descriptors(report, rules)
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for file in report.files:
        path = display_path(file, root)
        if file.status == "error" and file.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": f"{path}: {mask_cpr(file.error.message)}"},
                "descriptor": {"id": file.error.code},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri_for(path), "uriBaseId": "%SRCROOT%"}}}],
            })
            continue
        seen: Counter[str] = Counter()
        for finding in file.findings:
            key = fingerprint(finding.rule, path, finding)
            seen[key] += 1
            results.append(_result(finding, path, rule_index[finding.rule], seen[key]))
    summary: dict[str, Any] = dict(report.summary())
    if baseline_suppressed is not None:
        summary["baseline"] = {"suppressed": baseline_suppressed}
    driver: dict[str, Any] = {
        "name": "brevtjek",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": descriptors,
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": mask_cpr(root.as_uri().rstrip("/") + "/")}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": True,
                             "toolExecutionNotifications": notifications}],
            "results": results,
            "properties": {"summary": summary, "model": report.model},
        }],
    }


def render(report: Report, rules: Sequence[Any] = (), base: Path | None = None,
           baseline_suppressed: int | None = None, **_: Any) -> str:
    log = build(report, rules, base, baseline_suppressed)
    return pretty(log)
