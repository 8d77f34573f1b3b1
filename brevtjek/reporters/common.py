"""Helpers the machine-readable reporters share: paths, positions, policy, masking.

Positions: a Word letter has no lines, so every CI format uses the same mapping from the
JSON contract's location — *line* = block number + 1 (blocks in reading order), *column* =
offset in the block's text + 1, end column exclusive (``end + 1``). For a .txt/.md letter a
block is a paragraph, not a source line; the flagged text itself travels along (as the SARIF
snippet, the CSV ``text`` column) so a reader can always find the place.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from brevtjek.baseline import relative_path
from brevtjek.findings import Finding, Severity
from brevtjek.privacy import mask_cpr
from brevtjek.report import FileReport

FAIL_LEVELS = ("error", "warning", "info", "never")


def display_path(file: FileReport, base: Path | None = None) -> str:
    """The letter's path relative to ``base`` (default: the working folder), CPR-masked."""
    return mask_cpr(relative_path(file.path, base or Path.cwd()))


def line_of(finding: Finding) -> int:
    return finding.location.block + 1


def columns_of(finding: Finding) -> tuple[int, int]:
    """1-based start column and exclusive 1-based end column."""
    return finding.location.start + 1, max(finding.location.end, finding.location.start) + 1


def fails(finding: Finding, fail_on: str) -> bool:
    """Whether this finding, by itself, makes the run fail under ``--fail-on``."""
    if fail_on == "never":
        return False
    return finding.severity.rank >= Severity(fail_on).rank


def rule_lookup(rules: Sequence[Any]) -> dict[str, Any]:
    """Rule id → its spec, from loaded rules (anything with ``.spec``) or specs."""
    lookup: dict[str, Any] = {}
    for rule in rules:
        spec = getattr(rule, "spec", rule)
        lookup.setdefault(spec.id, spec)
    return lookup


def one_line(text: str | None) -> str:
    return " ".join(mask_cpr(text or "").split())


__all__ = ["columns_of", "display_path", "fails", "line_of", "one_line", "rule_lookup"]
