"""The ``brevtjek`` command (typer + rich).

Exit codes: 0 = no finding at or above the fail level; 1 = findings at or above it;
2 = usage error, broken configuration or rule pack, or a letter that could not be read.
Every error a user can cause ends in one Danish line on stderr, never a traceback.
Heavy modules (spaCy, python-docx) are imported inside the commands that need them, so
``brevtjek --help`` and ``brevtjek rules list`` start at once.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from brevtjek import __version__
from brevtjek.errors import BrevtjekError, RulePackError

app = typer.Typer(
    name="brevtjek",
    help="Tjekker kommunale afgørelsesbreve: lovkrav (begrundelse, hjemmel, klagevejledning) "
    "og klarsprog.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class MinSeverity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


def _fail(message: str, problems: list[str] | None = None) -> typer.Exit:
    console = _stderr()
    console.print(f"[bold red]brevtjek:[/] {message}", highlight=False)
    for problem in problems or []:
        if problem != message:
            console.print(f"  {problem}", markup=False, highlight=False)
    return typer.Exit(EXIT_ERROR)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"brevtjek {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                           help="Vis versionen og afslut.")
    ] = False,
) -> None:
    """Tjekker kommunale afgørelsesbreve før de sendes."""


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Konfigurationsfil (brevtjek.yaml eller pyproject.toml)."),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="spaCy-model: auto, bundled, blank, et pakkenavn eller en mappe."),
]


def _build_checker(config: Path | None, model: str | None, near: Path | None) -> Any:
    from brevtjek.checker import Checker

    return Checker.from_options(config=config, model=model, near=near)


def _exit_code(report: Any, fail_on: str) -> int:
    if report.failed_files:
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    from brevtjek.findings import Severity

    threshold = Severity(fail_on).rank
    failing = any(f.severity.rank >= threshold for f in report.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


@app.command()
def check(
    paths: Annotated[
        list[str], typer.Argument(help="Breve (.docx, .txt, .md), eller - for standard input.")
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Outputformat.")
    ] = OutputFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Skriv output til en fil (atomisk).")
    ] = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Afslut med kode 1 ved fund på dette niveau eller over."),
    ] = None,
    min_severity: Annotated[
        MinSeverity | None,
        typer.Option("--min-severity", help="Vis kun fund på dette niveau eller over."),
    ] = None,
) -> None:
    """Tjek et eller flere breve og vis fundene."""
    try:
        near = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
        checker = _build_checker(config, model, near)
        report = checker.check_sources(paths)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    except BrevtjekError as error:
        raise _fail(error.message) from None
    from brevtjek.findings import Severity

    shown_min = Severity((min_severity.value if min_severity else None)
                         or checker.config.min_severity.value)
    if output_format is OutputFormat.text and output is None:
        from brevtjek.reporters.terminal import print_report

        print_report(report, Console(highlight=False), min_severity=shown_min)
        for file in report.files:
            if file.status == "error" and file.error is not None:
                _stderr().print(f"brevtjek: {file.path}: {file.error.message}", markup=False)
    else:
        rendered = _render(report, output_format, shown_min)
        if output is not None:
            from brevtjek.atomic import write_atomic

            try:
                write_atomic(output, rendered)
            except OSError as error:
                raise _fail(f"Kunne ikke skrive {output}: {error.strerror}.") from None
        else:
            sys.stdout.write(rendered)
    effective_fail_on = fail_on.value if fail_on else checker.config.fail_on
    raise typer.Exit(_exit_code(report, effective_fail_on))


def _render(report: Any, output_format: OutputFormat, min_severity: Any) -> str:
    from brevtjek.reporters import FORMATS

    if output_format is OutputFormat.text:
        from io import StringIO

        from brevtjek.reporters.terminal import print_report

        buffer = StringIO()
        print_report(report, Console(file=buffer, width=100, no_color=True, highlight=False),
                     min_severity=min_severity)
        return buffer.getvalue()
    renderer = FORMATS[output_format.value]
    assert renderer is not None
    return renderer(report)


@app.command()
def info(config: ConfigOption = None, model: ModelOption = None) -> None:
    """Vis version, den danske model i brug og dens målte nøjagtighed, og regelpakkerne."""
    try:
        checker = _build_checker(config, model, Path.cwd())
        model_info = checker.model_info
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    except BrevtjekError as error:
        raise _fail(error.message) from None
    console = Console(highlight=False)
    console.print(f"[bold]brevtjek[/] {__version__}")
    console.print(f"Model: [bold]{model_info.name}[/] {model_info.version} ({model_info.kind}; "
                  f"{model_info.location})")
    console.print(f"Komponenter: {', '.join(model_info.components)}")
    if model_info.scores:
        for key, value in sorted(model_info.scores.items()):
            console.print(f"  {key}: {value}")
    elif model_info.kind == "blank":
        console.print("  Ingen ordklasser eller morfologi: kun tokens, lemmaer og sætninger.")
    console.print(f"Konfiguration: {checker.config.source or 'standard (ingen fil fundet)'}")
    for pack in checker.engine.packs.packs:
        console.print(f"Regelpakke: {pack.name} {pack.version} ({len(pack.rules)} regler)")


from brevtjek.cli_rules import rules_app  # noqa: E402  (subcommands need app's helpers)

app.add_typer(rules_app, name="rules")


def main() -> None:
    """Console entry point: no traceback ever reaches a caseworker."""
    try:
        app()
    except KeyboardInterrupt:
        _stderr().print("brevtjek: afbrudt.")
        sys.exit(130)
    except BrevtjekError as error:
        _stderr().print(f"brevtjek: {error.message}", markup=False)
        sys.exit(EXIT_ERROR)
    except Exception as error:  # last line of defence; details only on request
        if os.environ.get("BREVTJEK_DEBUG"):
            raise
        _stderr().print(
            f"brevtjek: intern fejl ({type(error).__name__}: {error}). Kør igen med "
            "BREVTJEK_DEBUG=1 for detaljer, og meld fejlen.",
            markup=False,
        )
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
