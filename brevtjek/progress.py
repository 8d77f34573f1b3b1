"""A progress bar for batches on a terminal: letters done, rate and time left, on stderr.

Only for people watching: it is off when stderr is not a terminal (CI logs, pipes, files),
with ``--quiet``, and for a single letter, so machine-readable output on stdout is never
mixed with it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Letters per second (rich's speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("– breve/s" if not speed else f"{speed:.1f} breve/s".replace(".", ","),
                    style="progress.data.speed")


def wanted(total: int, quiet: bool, stream: Any = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    return total > 1 and not quiet and bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[Any], None]]:
    """Yield a callback to call once per finished letter (a no-op when disabled)."""
    if not enabled:
        yield lambda _report: None
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("tid tilbage"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("Indlæser sprogmodellen …", total=total)

    def advance(_report: Any) -> None:
        progress.update(task, advance=1, description="Tjekker breve")

    with progress:
        yield advance
