"""``--format json``: the stable machine contract (see README, "JSON-output")."""

from __future__ import annotations

from typing import Any

from brevtjek.jsontext import pretty
from brevtjek.privacy import mask_cpr
from brevtjek.report import Report

_PLAIN = frozenset({int, float, bool, type(None)})
"""Leaf types with nothing to mask: passed through without a call (a 1,000-letter report
has a quarter of a million leaves, and the parent masks them after the last letter)."""


def masked(value: Any) -> Any:
    """Every string in the data CPR-masked (the checker masks findings; this catches the rest)."""
    if isinstance(value, str):
        return mask_cpr(value)
    if isinstance(value, dict):
        return {key: item if type(item) in _PLAIN else masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [item if type(item) in _PLAIN else masked(item) for item in value]
    return value


def render(report: Report, baseline_suppressed: int | None = None, **_: Any) -> str:
    data = masked(report.to_dict())
    if baseline_suppressed is not None:  # an added key; the contract's keys are untouched
        data["summary"]["baseline"] = {"suppressed": baseline_suppressed}
    return pretty(data)
