"""Command-line plumbing for checking many letters, shared by ``check`` and ``baseline``.

Arguments → :mod:`brevtjek.inputs` (which files) → :mod:`brevtjek.batch` (parallel
workers) with a :mod:`brevtjek.progress` bar → a report; and ``--baseline`` through
:mod:`brevtjek.baseline`. The ``baseline`` subcommands live in :mod:`brevtjek.cli_baseline`.
Every problem a user can cause ends as one Danish line and exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from brevtjek.errors import BrevtjekError, RulePackError

ExcludeOption = Annotated[
    list[str] | None,
    typer.Option("--exclude", "-x", metavar="MØNSTER",
                 help="Spring filer over, der matcher mønsteret (sti, filnavn eller mappe; "
                      "kan gentages), fx --exclude 'arkiv/*'."),
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Antal arbejdsprocesser (standard: antal kerner)."),
]
TimeoutOption = Annotated[
    float,
    typer.Option("--timeout", min=0, metavar="SEKUNDER",
                 help="Højst så mange sekunder pr. brev; et brev, der tager længere, rapporteres "
                      "som fejl (timeout), og resten tjekkes. 0 = ingen grænse."),
]
MaxMemoryOption = Annotated[
    int,
    typer.Option("--max-memory", min=0, metavar="MB",
                 help="Højst så mange MB ekstra hukommelse pr. brev; et brev, der bruger mere, "
                      "rapporteres som fejl (memory). 0 = ingen grænse."),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Ingen statuslinje under tjekket.")
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Brug intet mellemlager: indlæs og valider regelpakkerne forfra, "
                                    "og analysér hvert afsnit forfra, også dem der går igen fra brev "
                                    "til brev (også BREVTJEK_NO_CACHE=1)."),
]
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Breve (.docx, .txt, .md), mapper (gennemsøges), mønstre som "
                        "'breve/**/*.docx', eller - for standard input."),
]


def _fail(message: str, problems: list[str] | None = None) -> typer.Exit:
    from brevtjek.cli import _fail as fail  # late: brevtjek.cli imports this module

    return fail(message, problems)


def discover_letters(paths: list[str], exclude: list[str] | None) -> list[str]:
    from brevtjek.inputs import discover

    letters = discover(paths, exclude or [])
    if not letters:
        shown = ", ".join(paths)
        raise _fail(f"Ingen breve at tjekke i {shown}: der er ingen .docx-, .txt- eller .md-filer "
                    "(eller de er udeladt med --exclude).")
    return letters


def run_letters(
    paths: list[str],
    exclude: list[str] | None,
    config: Path | None,
    model: str | None,
    jobs: int | None,
    quiet: bool,
    keep_documents: bool = False,
    timeout: float | None = None,
    max_memory: int | None = None,
) -> tuple[Any, Any]:
    """Find and check the letters; return (checker, report). Exits with 2 on usage errors."""
    letters = discover_letters(paths, exclude)
    first = letters[0]
    near = Path(first) if first != "-" else Path.cwd()
    if len(letters) > 1:  # a batch: the workers' pipeline loads while this process sets up
        from brevtjek.fork_server import start_early

        start_early(model, config, near)
    from brevtjek.batch import run_batch
    from brevtjek.budget import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, Budget
    from brevtjek.checker import Checker
    from brevtjek.progress import progress_bar, wanted

    try:
        checker = Checker.from_options(config=config, model=model, near=near)
        with progress_bar(len(letters), wanted(len(letters), quiet)) as advance:
            budget = Budget(DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout,
                            DEFAULT_MAX_MEMORY_MB if max_memory is None else max_memory)
            report = run_batch(checker, letters, jobs, on_report=advance, budget=budget,
                               keep_documents=keep_documents)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    except BrevtjekError as error:
        raise _fail(error.message) from None
    return checker, report


def apply_baseline(report: Any, baseline_file: Path | None) -> tuple[Any, int | None]:
    """(report without accepted findings, how many were suppressed) — or unchanged, None."""
    if baseline_file is None:
        return report, None
    from brevtjek import baseline

    try:
        accepted = baseline.load(baseline_file)
    except BrevtjekError as error:
        raise _fail(error.message) from None
    return baseline.apply(report, accepted)


__all__ = ["ExcludeOption", "JobsOption", "MaxMemoryOption", "NoCacheOption", "QuietOption", "TimeoutOption",
           "apply_baseline", "run_letters"]
