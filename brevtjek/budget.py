"""A time and memory budget for checking one letter.

A batch of thousands of letters must not stall on one that takes forever or eats the
machine: each letter gets ``--timeout`` seconds and ``--max-memory`` MB, and one that
exceeds them is reported as that letter's error (code ``timeout`` or ``memory``) while the
batch goes on.

How, on each side of the process boundary (see :mod:`brevtjek.batch`):

* **Time, softly, in the process that checks.** A ``SIGALRM`` timer raises
  :class:`LetterTimeout` in the checking code. It derives from ``BaseException`` so the
  ``except Exception`` safety nets of the readers and the batch cannot swallow it and
  report the letter as corrupt.
* **Time, hard, in the parent.** A letter stuck in C code that never returns to Python
  cannot be interrupted by a signal handler; the batch parent waits at most the budget
  plus :data:`KILL_GRACE_SECONDS` for it, then kills the worker process and replaces it.
* **Memory.** Before each letter the process's address-space limit (``RLIMIT_AS``) is set
  to what it uses now plus the budget, so the budget is per letter (a worker that has grown
  over earlier letters is not punished for it) and an allocation beyond it raises
  ``MemoryError`` instead of waking the system's out-of-memory killer.

Where a mechanism is missing (no ``SIGALRM`` or ``RLIMIT_AS`` on Windows; not the main
thread; a timer already running, as under a test's deadline), that part of the budget is
skipped rather than emulated; the parent's hard deadline still applies in a batch.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

DEFAULT_TIMEOUT_SECONDS = 60.0
DEFAULT_MAX_MEMORY_MB = 1024
KILL_GRACE_SECONDS = 30.0
"""How long past its budget the batch parent waits for a letter before killing its worker:
enough for the soft timer to have fired and the report to come back."""
STARTUP_SECONDS = 180.0
"""How long a fresh pool of workers may take to load the language model before its first
result; not counted against any letter."""
MB = 1024 * 1024


class LetterTimeout(BaseException):
    """The letter's time budget ran out (BaseException: must pass every ``except Exception``)."""


@dataclass(frozen=True)
class Budget:
    """Per-letter limits; ``None`` or 0 means no limit."""

    timeout: float | None = DEFAULT_TIMEOUT_SECONDS
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB
    kill_grace: float = KILL_GRACE_SECONDS
    startup: float = STARTUP_SECONDS

    @property
    def kill_after(self) -> float | None:
        """When the batch parent gives up on a letter and kills its worker."""
        return self.timeout + self.kill_grace if self.timeout else None


def _expire(signum: int, frame: Any) -> None:
    raise LetterTimeout()


def _can_set_timer() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # never clobber someone else's timer
    )


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _limit_memory(megabytes: int) -> Callable[[], None] | None:
    """Cap further growth of the address space at ``megabytes``; return how to undo it."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    current = _address_space()
    if current is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + megabytes * MB
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def within_budget(budget: Budget) -> Iterator[None]:
    """Run the block under the budget; LetterTimeout or MemoryError when it is exceeded."""
    timer = bool(budget.timeout) and _can_set_timer()
    previous_handler: Any = None
    if timer:
        previous_handler = signal.signal(signal.SIGALRM, _expire)
        signal.setitimer(signal.ITIMER_REAL, float(budget.timeout or 0))
    undo_memory = _limit_memory(budget.max_memory_mb) if budget.max_memory_mb else None
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
        if undo_memory is not None:
            undo_memory()


def timeout_message(budget: Budget) -> str:
    return (f"Tjekket af brevet tog mere end {budget.timeout:g} sekunder og blev stoppet. Brevet "
            "blev sprunget over; de øvrige breve er tjekket. Er brevet meget langt, så sæt "
            "grænsen op med --timeout.")


def memory_message(budget: Budget) -> str:
    return (f"Tjekket af brevet brugte mere end {budget.max_memory_mb} MB hukommelse og blev "
            "stoppet. Brevet blev sprunget over; de øvrige breve er tjekket. Er brevet meget "
            "stort, så sæt grænsen op med --max-memory.")


__all__ = ["DEFAULT_MAX_MEMORY_MB", "DEFAULT_TIMEOUT_SECONDS", "Budget", "LetterTimeout",
           "memory_message", "timeout_message", "within_budget"]
