"""``brevtjek baseline create FILE [PATHS…]``: accept today's findings (see brevtjek.baseline)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from brevtjek.cli import ConfigOption, ModelOption, _fail, _refuse_output_over_letter, _stderr
from brevtjek.cli_batch import ExcludeOption, JobsOption, PathsArgument, QuietOption, run_letters

baseline_app = typer.Typer(
    help="Baseline: godkend dagens fund, så kun nye fund rapporteres (check --baseline).",
    no_args_is_help=True,
)


@baseline_app.command("create")
def baseline_create(
    file: Annotated[Path, typer.Argument(help="Baselinefilen, der skrives (JSON).")],
    paths: PathsArgument = None,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Tjek brevene, og gem alle nuværende fund som godkendte i en baselinefil."""
    from brevtjek import baseline
    from brevtjek.privacy import mask_cpr

    _refuse_output_over_letter(file, paths or ["."], exclude)  # never write over a letter
    _checker, report = run_letters(paths or ["."], exclude, config, model, jobs, quiet)
    try:
        written = baseline.write(file, report)
    except OSError as error:
        raise _fail(f"Kunne ikke skrive {file}: {error.strerror}.") from None
    console = Console(stderr=True, highlight=False)
    letters = len(report.files) - report.failed_files
    console.print(f"Baseline skrevet til {file}: {written.total()} fund i {letters} breve.",
                  markup=False)
    for failed in report.files:
        if failed.status == "error" and failed.error is not None:
            _stderr().print(f"brevtjek: {mask_cpr(failed.path)}: {failed.error.message} "
                            "(ikke med i baselinen)", markup=False)
