"""The result of one letter at a glance, in Danish: counts, LIX, missing parts.

Shared by the reporters meant for caseworkers (the summary comment of the annotated .docx
and the HTML page), so both say the same thing in the same words. The metrics and facts
stages fill ``files[].metrics``/``files[].facts`` independently of this module, so every
helper reads them defensively: a key that is absent or shaped differently is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from brevtjek.document.model import Part
from brevtjek.findings import Finding, Severity

PART_NAMES = {
    Part.HEADER: "Sidehoved",
    Part.FOOTER: "Sidefod",
    Part.FOOTNOTE: "Fodnote",
    Part.ENDNOTE: "Slutnote",
    Part.TEXTBOX: "Tekstboks",
    Part.BODY: "Brødtekst",
    Part.TABLE: "Tabel",
}

MISSING_PARTS = {
    "decision": "afgørelsen",
    "legal_basis": "hjemmel (lovgrundlag)",
    "reasons": "begrundelse",
    "appeal_guidance": "klagevejledning",
}
"""Facts whose ``present: false`` means a required part of the letter is missing."""

DECISION_KIND = "afgørelse"

LIX_BANDS = ((25, "meget let"), (35, "let"), (45, "middel"), (55, "svær"))
"""Upper limits (exclusive) of the Danish LIX bands; 55 and above is 'meget svær'."""

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def lix_value(metrics: Any) -> float | None:
    """The letter's LIX from ``files[].metrics``: a number, or a dict with a value in it."""
    value = metrics.get("lix") if isinstance(metrics, dict) else None
    if isinstance(value, dict):
        for key in ("value", "body", "score", "lix"):
            number = _number(value.get(key))
            if number is not None:
                return number
        return None
    return _number(value)


def lix_band(value: float) -> str:
    """The Danish reading-difficulty band for a LIX value (Björnsson's scale)."""
    for limit, label in LIX_BANDS:
        if value < limit:
            return label
    return "meget svær"


def missing_parts(facts: Any) -> list[str]:
    """Danish names of required parts the facts say are absent.

    Read from the facts stage's shape (``appeal_guidance.present``, ``reasoning_present``,
    ``legal_citations``, ``outcome``) and from any ``{"present": false}`` entry named in
    :data:`MISSING_PARTS`; requirements that only decisions have (legal basis, a clear
    outcome) are checked only when ``letter_kind`` says the letter is a decision.
    """
    missing: list[str] = []
    if not isinstance(facts, dict):
        return missing

    def add(name: str) -> None:
        if name not in missing:
            missing.append(name)

    is_decision = facts.get("letter_kind") == DECISION_KIND
    if is_decision and facts.get("outcome") == "uklar":
        add("en tydelig afgørelse (ja, nej eller delvis)")
    if is_decision and facts.get("legal_citations") == []:
        add(MISSING_PARTS["legal_basis"])
    if facts.get("reasoning_present") is False:
        add(MISSING_PARTS["reasons"])
    for key, name in MISSING_PARTS.items():
        value = facts.get(key)
        if isinstance(value, dict) and value.get("present") is False:
            add(name)
    return missing


def severity_name(severity: Severity, count: int = 1) -> str:
    """'fejl', 'advarsel'/'advarsler', 'info'."""
    if severity is Severity.WARNING:
        return "advarsel" if count == 1 else "advarsler"
    return severity.danish


def severity_counts(findings: Sequence[Finding]) -> str:
    """'1 fejl, 2 advarsler, 0 info'."""
    parts = []
    for severity in SEVERITIES:
        count = sum(1 for finding in findings if finding.severity is severity)
        parts.append(f"{count} {severity_name(severity, count)}")
    return ", ".join(parts)


def severity_summary(findings: Sequence[Finding]) -> str:
    """One Danish sentence with the number of findings by severity."""
    if not findings:
        return "brevtjek fandt ingen problemer i brevet."
    return f"brevtjek fandt {len(findings)} fund: {severity_counts(findings)}."
