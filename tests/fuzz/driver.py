"""The mutation fuzzer's loop and its oracle.

For each case: take a corpus letter, mutate it (tests/fuzz/mutators.py), and feed it to
``load_document``; if that returns a document, check the document's invariants and run the
whole checker over it (``Checker.check_source``). The oracle:

* ``load_document`` returns a :class:`Document` or raises :class:`DocumentReadError` —
  nothing else;
* ``check_source`` returns a :class:`FileReport` (status ok, or error with a code) and
  raises nothing;
* every finding lies inside its block and its ``text`` is the CPR-masked slice there;
* no case takes longer than ``CASE_SECONDS``.

Case *n* of a run with seed *s* uses ``random.Random(s * 1_000_003 + n)``, so any failure is
reproduced with ``scripts/fuzz.py --seed s --replay n``.
"""

from __future__ import annotations

import random
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brevtjek
from brevtjek.document import Document, load_document
from brevtjek.errors import DocumentReadError
from brevtjek.privacy import mask_cpr
from tests.fuzz.mutators import mutate

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(brevtjek.__file__).resolve().parent
CORPUS = REPO / "corpora" / "letters"
CASE_SECONDS = 20.0
"""A single mutated letter that takes longer than this counts as a hang."""


class CaseTimeout(Exception):
    pass


@dataclass
class Failure:
    case: int
    mutation: str
    kind: str
    detail: str
    data: bytes = field(repr=False)


@dataclass
class Stats:
    cases: int = 0
    read: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        codes = ", ".join(f"{code} {count}" for code, count in sorted(self.rejected.items()))
        return (f"{self.cases} cases in {self.seconds:.0f} s: {self.read} read and checked, "
                f"{sum(self.rejected.values())} rejected ({codes}); "
                f"{len(self.failures)} failures")


def seeds_corpus() -> list[bytes]:
    """The corpus letters' bytes (a generated letter where the corpus is absent)."""
    letters = [path.read_bytes() for path in sorted(CORPUS.glob("*.docx"))]
    if letters:
        return letters
    from tests.hostile import plain_letter

    return [plain_letter()]


def case_rng(seed: int, case: int) -> random.Random:
    return random.Random(seed * 1_000_003 + case)


def make_case(corpus: list[bytes], seed: int, case: int) -> tuple[str, bytes]:
    rng = case_rng(seed, case)
    return mutate(rng, rng.choice(corpus))


def _document_problems(document: Document) -> list[str]:
    problems = []
    for position, block in enumerate(document.blocks):
        if block.index != position:
            problems.append(f"block {position} has index {block.index}")
        if not isinstance(block.text, str) or not block.text.strip():
            problems.append(f"block {position} has no text")
        for segment in block.segments:
            if not 0 <= segment.start <= segment.end <= len(block.text):
                problems.append(f"block {position}: segment {segment} outside its text")
    return problems


def report_problems(report: Any, document: Document | None) -> list[str]:
    """Invariants of a checked letter's report."""
    problems = []
    if report.status not in ("ok", "error"):
        problems.append(f"status {report.status!r}")
    if report.status == "error" and (report.error is None or not report.error.code):
        problems.append("error status without an error code")
    if document is None or report.status != "ok":
        return problems
    for finding in report.findings:
        location = finding.location
        if not 0 <= location.block < len(document.blocks):
            problems.append(f"{finding.rule}: block {location.block} does not exist")
            continue
        text = document.blocks[location.block].text
        if not 0 <= location.start <= location.end <= len(text):
            problems.append(f"{finding.rule}: offsets {location.start}-{location.end} outside "
                            f"block of {len(text)} characters")
        elif finding.text != mask_cpr(text[location.start:location.end]):
            problems.append(f"{finding.rule}: text {finding.text!r} is not the block's slice")
    return problems


def hidden_bug(error: DocumentReadError) -> str | None:
    """The loader turns library errors on bad input into "corrupt"; an exception raised by
    brevtjek's own code under that net is a bug it would hide, so the fuzzer reports it."""
    cause = error.__cause__
    if cause is None or cause.__traceback__ is None:
        return None
    frame = traceback.extract_tb(cause.__traceback__)[-1]
    if Path(frame.filename).resolve().is_relative_to(PACKAGE):
        return f"{type(cause).__name__}: {cause} at {frame.filename}:{frame.lineno}"
    return None


def run_case(data: bytes, checker: Any) -> tuple[str, list[str]]:
    """Feed one input to the reader and the checker: ('read'|code, invariant problems)."""
    try:
        document = load_document(data)
    except DocumentReadError as error:
        bug = hidden_bug(error)
        return error.code, [f"hidden by the loader: {bug}"] if bug else []
    problems = _document_problems(document)
    report = checker.check_source(data)
    problems += report_problems(report, document)
    return "read" if report.status == "ok" else report.error.code, problems


def _alarm(signum: int, frame: Any) -> None:
    raise CaseTimeout()


def fuzz(seconds: float, seed: int = 0, checker: Any = None, start_case: int = 0,
         on_progress: Callable[[Stats], None] | None = None, max_cases: int | None = None) -> Stats:
    """Run cases until ``seconds`` have passed (or ``max_cases`` ran); collect failures."""
    if checker is None:
        from brevtjek.checker import Checker
        from brevtjek.config import Config

        checker = Checker(Config())
    corpus = seeds_corpus()
    stats = Stats()
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _alarm)
    case = start_case
    try:
        while time.monotonic() - started < seconds and (max_cases is None or stats.cases < max_cases):
            mutation, data = make_case(corpus, seed, case)
            signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
            try:
                outcome, problems = run_case(data, checker)
            except CaseTimeout:
                stats.failures.append(Failure(case, mutation, "hang",
                                              f"longer than {CASE_SECONDS} s", data))
                outcome, problems = "hang", []
            except Exception as error:  # the oracle: nothing may escape
                stats.failures.append(Failure(case, mutation, type(error).__name__,
                                              traceback.format_exc(), data))
                outcome, problems = "crash", []
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if problems:
                stats.failures.append(Failure(case, mutation, "invariant", "\n".join(problems), data))
            stats.cases += 1
            if outcome == "read":
                stats.read += 1
            elif outcome not in ("hang", "crash"):
                stats.rejected[outcome] = stats.rejected.get(outcome, 0) + 1
            case += 1
            if on_progress is not None and stats.cases % 100 == 0:
                stats.seconds = time.monotonic() - started
                on_progress(stats)
    finally:
        signal.signal(signal.SIGALRM, previous)
    stats.seconds = time.monotonic() - started
    return stats
