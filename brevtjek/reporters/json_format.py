"""``--format json``: the stable machine contract (see README, "JSON-output")."""

from __future__ import annotations

from typing import Any

from brevtjek.jsontext import pretty
from brevtjek.privacy import mask_cpr
from brevtjek.report import Report

_PLAIN = frozenset({int, float, bool, type(None)})
"""Leaf types with nothing to mask: passed through without a call (a 1,000-letter report
has a quarter of a million leaves, and the parent masks them after the last letter)."""


def masked(value: Any, known: dict[str, str] | None = None) -> Any:
    """Every string in the data CPR-masked (the checker masks findings; this catches the rest).

    ``known`` maps strings already masked to their masked form. A batch report repeats
    the same few thousand strings (rule ids, messages, severities, fact names) a hundred
    thousand times, so each distinct string is masked once per report; the walk then
    costs a third of what it did, and it is the last thing a batch does before it writes.
    """
    if known is None:
        known = {}
    kind = type(value)
    if kind is str:
        done = known.get(value)
        if done is None:
            done = known[value] = mask_cpr(value)
        return done
    if kind is dict:
        return {key: item if type(item) in _PLAIN else masked(item, known) for key, item in value.items()}
    if kind is list:
        return [item if type(item) in _PLAIN else masked(item, known) for item in value]
    if isinstance(value, str):  # a str subclass (an enum's value): not a dictionary key here
        return mask_cpr(value)
    if isinstance(value, dict):
        return {key: masked(item, known) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [masked(item, known) for item in value]
    return value


def render(report: Report, baseline_suppressed: int | None = None, **_: Any) -> str:
    data = masked(report.to_dict())
    if baseline_suppressed is not None:  # an added key; the contract's keys are untouched
        data["summary"]["baseline"] = {"suppressed": baseline_suppressed}
    return pretty(data)
