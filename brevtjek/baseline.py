"""Baselines: accept today's findings, report only new ones.

A team with an archive of 3,000 old letters cannot fix them all before switching brevtjek
on in CI. ``brevtjek baseline create FILE [PATHS…]`` records every current finding;
``brevtjek check --baseline FILE`` then reports (and fails on) only findings that are not in
it.

A letter has no stable line numbers — one added paragraph moves every offset after it — so
an entry is keyed on what does not move: the rule, the letter's path (relative to the
baseline file's folder, with ``/``, so the baseline works from any working directory and on
any platform) and a hash of the flagged text together with its sentence (whitespace
collapsed, so re-flowing a text file changes nothing). Editing one sentence makes only that
sentence's findings new; the rest stay suppressed.

Keys are counted: if a letter had the same finding twice when the baseline was made and has
it three times now, one is reported. The file is sorted JSON without timestamps, so
re-creating an unchanged baseline gives an identical file (clean diffs in review).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from brevtjek.errors import BrevtjekError
from brevtjek.findings import Finding
from brevtjek.privacy import mask_cpr
from brevtjek.report import Report

FORMAT_VERSION = 1


class BaselineError(BrevtjekError):
    """The baseline file is missing or not a brevtjek baseline."""

    code = "baseline"


def normalise(text: str | None) -> str:
    return " ".join((text or "").split())


def content_hash(text: str, sentence: str | None) -> str:
    """Hash of the flagged text and its sentence: what identifies a finding across edits."""
    payload = f"{normalise(text)}\x00{normalise(sentence)}".encode()
    return hashlib.sha256(payload).hexdigest()[:16]


def relative_path(path: str, base: Path) -> str:
    """``path`` relative to ``base`` with ``/``; names like ``<stdin>`` stay as they are."""
    if path.startswith("<") and path.endswith(">"):
        return path
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:  # another drive on Windows
        relative = os.path.abspath(path)
    return Path(relative).as_posix()


@dataclass(frozen=True, order=True)
class BaselineKey:
    file: str
    rule: str
    hash: str


def finding_key(finding: Finding, file: str) -> BaselineKey:
    """The key of a finding in the letter at ``file`` (already made relative)."""
    return BaselineKey(file, finding.rule, content_hash(finding.text, finding.sentence))


@dataclass
class Baseline:
    """Accepted findings, counted per key; ``base`` is the folder paths are relative to."""

    counts: Counter[BaselineKey]
    base: Path
    texts: dict[BaselineKey, str]

    @classmethod
    def from_report(cls, report: Report, base: Path) -> Baseline:
        counts: Counter[BaselineKey] = Counter()
        texts: dict[BaselineKey, str] = {}
        for file in report.files:
            relative = relative_path(file.path, base)
            for finding in file.findings:
                key = finding_key(finding, relative)
                counts[key] += 1
                texts.setdefault(key, mask_cpr(normalise(finding.text)))
        return cls(counts, base, texts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": "brevtjek",
            "format": FORMAT_VERSION,
            "findings": [
                {"file": key.file, "rule": key.rule, "hash": key.hash, "count": count,
                 "text": self.texts.get(key, "")}
                for key, count in sorted(self.counts.items())
            ],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def total(self) -> int:
        return sum(self.counts.values())


def _invalid(path: Path, detail: str) -> BaselineError:
    return BaselineError(
        f"Baselinefilen {path} kan ikke bruges: {detail}. Lav den igen med "
        f"'brevtjek baseline create {path} …'."
    )


def _parse_entry(entry: Any, path: Path) -> tuple[BaselineKey, int, str]:
    if not isinstance(entry, dict):
        raise _invalid(path, "et fund er ikke en samling af felter")
    try:
        key = BaselineKey(str(entry["file"]), str(entry["rule"]), str(entry["hash"]))
        count = int(entry.get("count", 1))
    except (KeyError, TypeError, ValueError) as error:
        raise _invalid(path, f"et fund mangler feltet {error}") from error
    if count < 1:
        raise _invalid(path, "et fund har et antal under 1")
    return key, count, str(entry.get("text", ""))


def load(path: str | Path) -> Baseline:
    """Read a baseline file; paths in it are relative to the file's folder."""
    source = Path(path)
    try:
        raw = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"Baselinefilen {source} findes ikke. Lav den med 'brevtjek baseline create "
            f"{source} STIER…'."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise _invalid(source, f"den kan ikke læses ({error})") from error
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _invalid(source, f"ugyldig JSON i linje {error.lineno}, kolonne {error.colno}") from None
    if not isinstance(data, dict) or data.get("tool") != "brevtjek":
        raise _invalid(source, "filen er ikke en brevtjek-baseline")
    if data.get("format") != FORMAT_VERSION:
        raise _invalid(source, f"ukendt format {data.get('format')!r} (forventet {FORMAT_VERSION})")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise _invalid(source, "feltet «findings» skal være en liste")
    counts: Counter[BaselineKey] = Counter()
    texts: dict[BaselineKey, str] = {}
    for entry in entries:
        key, count, text = _parse_entry(entry, source)
        counts[key] += count
        texts.setdefault(key, text)
    return Baseline(counts, source.parent, texts)


def apply(report: Report, baseline: Baseline) -> tuple[Report, int]:
    """The report without findings the baseline accepts, and how many were suppressed.

    Findings are matched in the letter's order, so when a key now occurs more often than
    the baseline allows, the later occurrences are the ones reported.
    """
    remaining = Counter(baseline.counts)
    suppressed = 0
    files = []
    for file in report.files:
        relative = relative_path(file.path, baseline.base)
        kept = []
        for finding in file.findings:
            key = finding_key(finding, relative)
            if remaining[key] > 0:
                remaining[key] -= 1
                suppressed += 1
            else:
                kept.append(finding)
        files.append(replace(file, findings=kept))
    return Report(files=files, model=dict(report.model)), suppressed


def write(path: str | Path, report: Report) -> Baseline:
    """Record the report's findings in ``path`` (atomically) and return the baseline."""
    from brevtjek.atomic import write_atomic

    target = Path(path)
    baseline = Baseline.from_report(report, target.parent)
    write_atomic(target, baseline.dumps())
    return baseline


__all__ = ["Baseline", "BaselineError", "apply", "content_hash", "load", "relative_path", "write"]
