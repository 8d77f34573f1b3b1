"""Check many letters in parallel worker processes, results in input order.

Why processes, not threads: spaCy and the rule engine are CPU-bound Python, so threads would
share one core. Each worker builds one :class:`~brevtjek.checker.Checker` in the pool
initializer and loads the pipeline there, once, then checks the letters of each task — their
paths go in, their small :class:`~brevtjek.report.FileReport` objects come back; documents
and spaCy objects never cross a process boundary. A task holds up to :data:`TASK_LETTERS`
letters when the batch is large (their new texts are tagged in one ``nlp.pipe`` call), one
letter otherwise.

Guarantees:

* **Deterministic.** Results are yielded in input order whatever the number of workers, so
  ``-j 1`` and ``-j 8`` give byte-identical output.
* **Streaming.** At most ``workers × WINDOW_PER_WORKER`` tasks are in flight; results are
  yielded as soon as the next one in order is ready, so memory does not grow with the
  batch beyond the (small) reports the caller keeps.
* **One letter never ends the batch.** An unreadable letter is that letter's error (as in
  single-letter mode). An exception while checking a letter becomes that letter's error
  with code ``internal``. If a worker process dies outright (a crash in a C extension, the
  out-of-memory killer), every letter that was in flight is re-run alone in a fresh pool;
  the one that kills its worker again is reported as ``internal`` and the batch goes on.

Workers never inherit locks or threads from the parent: on Linux and macOS they are forked
from a fork server, a fresh interpreter that has loaded the pipeline once
(:mod:`brevtjek.fork_server`, :mod:`brevtjek.worker_preload`); on Windows each is a fresh
interpreter (``spawn``). Either way a worker sees the parent's environment and working
folder as they were when the pool started.

* **A budget per letter** (:mod:`brevtjek.budget`, ``--timeout``/``--max-memory``). In the
  worker a timer and an address-space limit turn a letter that runs too long or grows too
  big into that letter's error (code ``timeout`` or ``memory``). If a worker does not come
  back even after the budget plus a grace period (stuck in C code), the parent kills the
  pool, reports that letter as timed out and re-submits the others that were in flight.
  A task of several letters has one budget for all of them; if it runs out (or the task
  fails, or is killed), its letters are re-run one per task, so that a ``timeout``,
  ``memory`` or ``internal`` error always belongs to the letter that caused it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from brevtjek.budget import (
    Budget,
    LetterTimeout,
    memory_message,
    timeout_message,
    within_budget,
)
from brevtjek.checker import Checker
from brevtjek.checker import read_letter as read_source_letter
from brevtjek.config import Config
from brevtjek.document.loader import parse_bytes
from brevtjek.document.model import Document
from brevtjek.errors import BrevtjekError, DocumentReadError
from brevtjek.fork_server import start_context
from brevtjek.privacy import mask_cpr
from brevtjek.report import FileReport, Report

WINDOW_PER_WORKER = 4
"""Tasks queued per worker: enough to keep workers busy, few enough to stay streaming."""

TASK_LETTERS = 8
"""Most letters in one worker task. The worker tags the new block texts of a task's letters
in one ``nlp.pipe`` call (:meth:`Checker.check_documents`), which costs about a third less
per word than one call per letter, and the parent handles one future per task instead of
one per letter. Small batches go one letter per task, so that every worker gets work."""

Source = str | Path | bytes
CheckFunction = Callable[[Checker, Any], FileReport]
ManyFunction = Callable[[Checker, Sequence[Any]], list[FileReport]]


@dataclass(frozen=True)
class StdinLetter:
    """A letter read from standard input by the parent (workers have no standard input)."""

    data: bytes
    name: str = "<stdin>"


def default_jobs() -> int:
    """The cores this process may use (respects CPU affinity in containers and CI)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _display_name(source: Any) -> str:
    if isinstance(source, StdinLetter):
        return source.name
    if isinstance(source, bytes):
        return "<bytes>"
    return str(source)


def internal_error(source: Any, error: BaseException) -> FileReport:
    """The report for a letter whose check failed unexpectedly: reported, then skipped."""
    return FileReport.failed(
        mask_cpr(_display_name(source)),
        "internal",
        f"Intern fejl under tjek af brevet ({type(error).__name__}). Brevet blev sprunget over; "
        "de øvrige breve er tjekket. Meld gerne fejlen.",
    )


def crashed_worker_error(source: Any) -> FileReport:
    return FileReport.failed(
        mask_cpr(_display_name(source)),
        "internal",
        "Tjekket af brevet fik arbejdsprocessen til at stoppe (nedbrud eller for lidt "
        "hukommelse). Brevet blev sprunget over; de øvrige breve er tjekket. Meld gerne fejlen.",
    )


def timeout_error(source: Any, budget: Budget) -> FileReport:
    return FileReport.failed(mask_cpr(_display_name(source)), "timeout", timeout_message(budget))


def memory_error(source: Any, budget: Budget) -> FileReport:
    return FileReport.failed(mask_cpr(_display_name(source)), "memory", memory_message(budget))


def check_within_budget(check: CheckFunction, checker: Checker, source: Any,
                        budget: Budget) -> FileReport:
    """Check one letter under its time and memory budget (see :mod:`brevtjek.budget`)."""
    try:
        with within_budget(budget):
            return check(checker, source)
    except LetterTimeout:
        return timeout_error(source, budget)
    except MemoryError:
        return memory_error(source, budget)


def read_letter(source: Any) -> Document | FileReport:
    """:func:`brevtjek.checker.read_letter`, and standard input read by the parent."""
    if not isinstance(source, StdinLetter):
        return read_source_letter(source)
    try:
        return parse_bytes(source.data, source.name)
    except DocumentReadError as error:
        return FileReport.failed(source.name, error.code, error.message)


def check_one(checker: Checker, source: Any) -> FileReport:
    """Check one letter; whatever goes wrong becomes this letter's error, never the batch's."""
    try:
        letter = read_letter(source)
        return letter if isinstance(letter, FileReport) else checker.check_document(letter)
    except MemoryError:
        raise  # the letter's memory budget: reported as "memory" by check_within_budget
    except Exception as error:
        return internal_error(source, error)


def check_many(checker: Checker, sources: Sequence[Any]) -> list[FileReport]:
    """:func:`check_one` for several letters, their new block texts tagged in one go."""
    letters: list[Document | FileReport] = []
    for source in sources:
        try:
            letters.append(read_letter(source))
        except MemoryError:
            raise
        except Exception as error:
            letters.append(internal_error(source, error))
    checked = iter(checker.check_documents([letter for letter in letters if isinstance(letter, Document)]))
    reports: list[FileReport] = []
    for source, letter in zip(sources, letters, strict=True):
        if isinstance(letter, FileReport):
            reports.append(letter)
            continue
        result = next(checked)
        reports.append(internal_error(source, result) if isinstance(result, Exception) else result)
    return reports


def model_dict(checker: Checker) -> dict[str, Any]:
    """The model in use, if this checker has loaded one (not before its first letter)."""
    info = checker._model_info
    return {"name": info.name, "version": info.version} if info is not None else {}


# --- worker process -------------------------------------------------------------------

@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs to build its Checker (picklable: sent to each new process)."""

    config: Config
    model: str | None
    check: CheckFunction = check_one
    """Module-level function that checks one letter (tests inject failing ones)."""
    check_many: ManyFunction | None = None
    """Module-level function that checks several letters at once (None: one per task)."""
    keep_documents: bool = False
    """Send each letter's Document back too (only for reporters that show the letter)."""
    budget: Budget = field(default_factory=Budget)
    environment: dict[str, str] | None = None
    """The parent's environment and working folder when the pool started: a worker forked
    from the fork server would otherwise see the server's (:mod:`brevtjek.fork_server`)."""
    cwd: str | None = None


@dataclass(frozen=True)
class TaskResult:
    index: int
    report: FileReport | None
    model: dict[str, Any]
    setup_error: tuple[str, str] | None = None
    retry: bool = False
    """The letter's task ran out of its budget with other letters: check it alone."""


_WORKER_CHECKER: Checker | None = None
_WORKER_CHECK: CheckFunction = check_one
_WORKER_CHECK_MANY: ManyFunction | None = None
_WORKER_SETUP_ERROR: tuple[str, str] | None = None
_WORKER_KEEP_DOCUMENTS = False
_WORKER_BUDGET = Budget()


def _init_worker(setup: WorkerSetup) -> None:
    """Pool initializer: build the Checker and load the pipeline once per process.

    A failure here (model missing, broken pack) is remembered and returned with every task,
    so the parent can stop with the Danish message instead of a broken pool.
    """
    global _WORKER_CHECKER, _WORKER_CHECK, _WORKER_CHECK_MANY, _WORKER_SETUP_ERROR, _WORKER_KEEP_DOCUMENTS
    global _WORKER_BUDGET
    # Ctrl-C reaches the whole process group; the parent alone handles it and shuts the
    # pool down, so workers do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if setup.environment is not None:  # e.g. BREVTJEK_NO_CACHE from --no-cache
        os.environ.clear()
        os.environ.update(setup.environment)
    if setup.cwd is not None:
        os.chdir(setup.cwd)
    _WORKER_CHECK = setup.check
    _WORKER_CHECK_MANY = setup.check_many
    _WORKER_KEEP_DOCUMENTS = setup.keep_documents
    _WORKER_BUDGET = setup.budget
    try:
        checker = Checker(setup.config, setup.model)
        _ = checker.nlp
        _WORKER_CHECKER = checker
    except BrevtjekError as error:
        _WORKER_SETUP_ERROR = (error.code, error.message)
    except Exception as error:
        _WORKER_SETUP_ERROR = ("internal", f"Arbejdsprocessen kunne ikke starte ({type(error).__name__}: "
                                           f"{mask_cpr(str(error))}).")


def _worker_task(indices: Sequence[int], sources: Sequence[Any]) -> list[TaskResult]:
    """One task: one letter, or several checked together (:data:`TASK_LETTERS`).

    Letters checked together share one budget, as if they were one letter (a normal task
    takes a fraction of a second). If they run out of it, or the checking code fails, each
    comes back marked ``retry``: the parent then sends it alone, under its own budget, so
    a letter's ``timeout``, ``memory`` or ``internal`` error is always its own.
    """
    checker = _WORKER_CHECKER
    if checker is None:
        return [TaskResult(index, None, {}, _WORKER_SETUP_ERROR or ("internal", "Ingen checker."))
                for index in indices]
    if len(sources) == 1 or _WORKER_CHECK_MANY is None:
        return [_check_alone(checker, index, source) for index, source in zip(indices, sources, strict=True)]
    try:
        with within_budget(_WORKER_BUDGET):
            reports = _WORKER_CHECK_MANY(checker, sources)
        if len(reports) != len(sources):
            raise RuntimeError("check_many returned a report count that does not match its letters")
    except (LetterTimeout, Exception):  # MemoryError is an Exception
        return [TaskResult(index, None, {}, retry=True) for index in indices]
    model = model_dict(checker)
    return [TaskResult(index, _without_document(report), model)
            for index, report in zip(indices, reports, strict=True)]


def _check_alone(checker: Checker, index: int, source: Any) -> TaskResult:
    try:
        report = check_within_budget(_WORKER_CHECK, checker, source, _WORKER_BUDGET)
    except Exception as error:  # a check function that does not guard itself
        report = internal_error(source, error)
    return TaskResult(index, _without_document(report), model_dict(checker))


def _without_document(report: FileReport) -> FileReport:
    """Don't pickle and hold every letter's text (unless a reporter shows the letter)."""
    if not _WORKER_KEEP_DOCUMENTS and report.document is not None:
        return replace(report, document=None)
    return report


# --- parent process -------------------------------------------------------------------

class _Pool:
    """A restartable process pool: a dead worker breaks the pool, so we build a new one."""

    def __init__(self, setup: WorkerSetup, workers: int) -> None:
        self.setup = replace(setup, environment=dict(os.environ), cwd=os.getcwd())
        self.workers = workers
        self.executor = self._new()
        self.started = False
        """Has this pool returned a result yet (its workers have loaded the pipeline)?"""

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=start_context(self.setup.model),
            initializer=_init_worker,
            initargs=(self.setup,),
        )

    def submit(self, indices: Sequence[int], sources: Sequence[Any]) -> Future[list[TaskResult]]:
        return self.executor.submit(_worker_task, list(indices), list(sources))

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()
        self.started = False

    def kill(self) -> None:
        """Stop every worker at once (one is stuck in a letter) and start a fresh pool."""
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            process.kill()
        self.restart()

    def limit(self) -> float | None:
        """How long to wait for the next letter before deciding its worker is stuck."""
        kill_after = self.setup.budget.kill_after
        if kill_after is None:
            return None
        return kill_after if self.started else kill_after + self.setup.budget.startup

    def close(self, cancel: bool = False) -> None:
        self.executor.shutdown(wait=not cancel, cancel_futures=True)


def _await(future: Future[list[TaskResult]], pool: _Pool) -> list[TaskResult]:
    """Wait for one task's results, at most as long as the pool's limit allows.

    Raises TimeoutError when the task's worker is stuck (the caller kills the pool).
    Waiting starts when the task holds the oldest letter unfinished: tasks go to workers in
    order, so by then it is running, and its own timer has fired if it is past its budget
    (a task of several letters has one budget for all of them).
    """
    result = future.result(timeout=pool.limit())
    pool.started = True
    return result


def _isolate(pool: _Pool, indices: Sequence[int], sources: Sequence[Any]) -> dict[int, TaskResult]:
    """Re-run letters that were in flight when a worker died, one at a time.

    The letter whose run kills a worker again is the culprit and is reported as an internal
    error; the others get their real results.
    """
    results: dict[int, TaskResult] = {}
    for index in indices:
        try:
            results[index] = _await(pool.submit([index], [sources[index]]), pool)[0]
        except BrokenProcessPool:
            results[index] = TaskResult(index, crashed_worker_error(sources[index]), {})
            pool.restart()
        except TimeoutError:
            results[index] = TaskResult(index, timeout_error(sources[index], pool.setup.budget), {})
            pool.kill()
    return results


def _finished(pending: dict[int, Future[list[TaskResult]]]) -> dict[int, TaskResult]:
    """Results that arrived before the pool broke: these letters need no re-run."""
    done: dict[int, TaskResult] = {}
    for future in {id(future): future for future in pending.values()}.values():
        if future.done() and not future.cancelled() and future.exception() is None:
            done.update((result.index, result) for result in future.result()
                        if not result.retry and result.index in pending)
    return done


def plan_tasks(letters: int, workers: int, together: bool) -> list[range]:
    """The letters of each worker task, in input order.

    Up to :data:`TASK_LETTERS` letters go together when the batch is large enough that
    every worker still has :data:`WINDOW_PER_WORKER` tasks queued; otherwise, and when the
    check function cannot take several letters (``together`` false), one letter per task.
    """
    size = max(1, min(TASK_LETTERS, letters // (workers * WINDOW_PER_WORKER))) if together else 1
    return [range(start, min(start + size, letters)) for start in range(0, letters, size)]


def _workers_cannot_start() -> BrevtjekError:
    """Every worker died before checking a single letter: the start-up, not a letter, fails."""
    return BrevtjekError(
        "Arbejdsprocesserne stopper, før de kan tjekke et eneste brev (nedbrud eller for lidt "
        "hukommelse, når sprogmodellen indlæses). Prøv med færre processer (-j 1), og meld fejlen.",
        code="internal",
    )


def _check_setup_error(result: TaskResult) -> None:
    if result.setup_error is not None:
        code, message = result.setup_error
        raise BrevtjekError(message, code=code)


def _pooled(setup: WorkerSetup, sources: Sequence[Any], workers: int) -> Iterator[TaskResult]:
    pool = _Pool(setup, workers)
    tasks = plan_tasks(len(sources), workers, setup.check_many is not None)
    window = workers * WINDOW_PER_WORKER * (len(tasks[0]) if tasks else 1)  # letters in flight
    pending: dict[int, Future[list[TaskResult]]] = {}  # letter → the future of its task
    ready: dict[int, TaskResult] = {}
    next_task = 0
    finished = False
    succeeded = False  # has any worker ever returned a result?

    def submit(indices: Sequence[int]) -> None:
        future = pool.submit(indices, [sources[index] for index in indices])
        pending.update((index, future) for index in indices)

    def rerun_alone(first: Sequence[int]) -> None:
        """Kill the pool and send every letter in flight again, one per task, ``first``
        first. Tasks reach workers in order, so each is running by the time it is awaited,
        and the limit of :func:`_await` holds for it."""
        ready.update(_finished(pending))
        rest = sorted(set(pending) - set(ready) - set(first))
        pending.clear()
        pool.kill()
        for other in [*first, *rest]:
            submit([other])

    try:
        for index in range(len(sources)):
            while next_task < len(tasks) and tasks[next_task].start - index < window:
                submit(tasks[next_task])
                next_task += 1
            while index not in ready:
                future = pending[index]
                try:
                    results = _await(future, pool)
                except TimeoutError:  # stuck past its budget: kill it, re-run the others in flight
                    stuck = [other for other, task in pending.items() if task is future and other not in ready]
                    if stuck == [index]:
                        ready[index] = TaskResult(index, timeout_error(sources[index], setup.budget), {})
                        stuck = []
                    rerun_alone(stuck)  # of a task's letters, each alone shows whether it is stuck
                    continue
                except BrokenProcessPool:
                    ready.update(_finished(pending))
                    suspects = sorted(set(pending) - set(ready))
                    pending.clear()
                    pool.restart()
                    isolated = _isolate(pool, suspects, sources)
                    if not succeeded and not any(result.model for result in isolated.values()):
                        raise _workers_cannot_start() from None
                    ready.update(isolated)
                    continue
                for result in results:
                    if not result.retry:
                        ready[result.index] = result
                        pending.pop(result.index, None)
                retry = [result.index for result in results if result.retry]
                if retry:  # the task ran out of budget or failed as a whole: its letters alone
                    rerun_alone(retry)
            result = ready.pop(index)
            _check_setup_error(result)
            succeeded = succeeded or bool(result.model)
            yield result
        finished = True
    finally:
        pool.close(cancel=not finished)


def _in_process(checker: Checker, sources: Sequence[Any], check: CheckFunction,
                budget: Budget) -> Iterator[TaskResult]:
    for index, source in enumerate(sources):
        try:
            report = check_within_budget(check, checker, source, budget)
        except Exception as error:
            report = internal_error(source, error)
        yield TaskResult(index, report, model_dict(checker))


def prepare_sources(sources: Sequence[Source]) -> list[Any]:
    """Read standard input in the parent (worker processes cannot see it), size-capped."""
    import sys

    from brevtjek.document.loader import read_capped

    return [StdinLetter(read_capped(sys.stdin.buffer)) if source == "-" else source
            for source in sources]


def iter_reports(
    checker: Checker,
    sources: Sequence[Source],
    jobs: int | None = None,
    check: CheckFunction = check_one,
    keep_documents: bool = False,
    budget: Budget | None = None,
    several: ManyFunction | None = None,
) -> Iterator[tuple[FileReport, dict[str, Any]]]:
    """Yield (report, model) for each letter, in input order.

    One letter runs in this process (no worker start-up to pay for). Two or more run in
    ``min(jobs, letters)`` worker processes — also with ``jobs=1``, so that a crash in one
    letter is contained in every batch and this process never loads the pipeline.
    ``budget`` (default :class:`Budget`: 60 s, 1024 MB) limits each letter.
    ``several`` checks several letters in one worker task (default: :func:`check_many`
    when ``check`` is :func:`check_one`; otherwise one letter per task).
    """
    if several is None and check is check_one:
        several = check_many
    budget = budget or Budget()
    prepared = prepare_sources(sources) if "-" in sources else list(sources)
    workers = max(1, min(jobs or default_jobs(), len(prepared)))
    if len(prepared) <= 1:
        results = _in_process(checker, prepared, check, budget)
    else:
        from brevtjek.nlp.pipeline import resolve_model

        resolve_model(checker.model_spec)  # a missing model fails here, before any worker starts
        setup = WorkerSetup(checker.config, checker.model_spec, check=check, check_many=several,
                            keep_documents=keep_documents, budget=budget)
        results = _pooled(setup, prepared, workers)
    for result in results:
        assert result.report is not None
        yield result.report, result.model


def run_batch(
    checker: Checker,
    sources: Sequence[Source],
    jobs: int | None = None,
    on_report: Callable[[FileReport], None] | None = None,
    check: CheckFunction = check_one,
    keep_documents: bool = False,
    budget: Budget | None = None,
    several: ManyFunction | None = None,
) -> Report:
    """Check every letter and collect the reports (``on_report`` sees each as it arrives).

    Letters checked in workers come back without their ``document`` unless
    ``keep_documents`` is set, so a batch of thousands holds only findings, not texts.
    """
    report = Report()
    for file_report, model in iter_reports(checker, sources, jobs, check, keep_documents, budget, several):
        report.files.append(file_report)
        if model and not report.model:
            report.model = model
        if on_report is not None:
            on_report(file_report)
    return report


__all__ = ["StdinLetter", "check_many", "check_one", "default_jobs", "iter_reports", "plan_tasks", "run_batch"]
