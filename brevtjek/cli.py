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
from brevtjek.budget import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS
from brevtjek.cli_batch import (
    ExcludeOption,
    JobsOption,
    MaxMemoryOption,
    NoCacheOption,
    QuietOption,
    TimeoutOption,
)
from brevtjek.cli_options import LazyGroup, OptionalValueCommand
from brevtjek.errors import BrevtjekError, RulePackError

app = typer.Typer(
    name="brevtjek",
    help="Tjekker kommunale afgørelsesbreve: lovkrav (begrundelse, hjemmel, klagevejledning) "
    "og klarsprog.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=LazyGroup,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    csv = "csv"


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


def _safe(message: str) -> str:
    """What may reach stderr: CPR numbers masked (paths and quoted text can hold them),
    terminal control characters neutralised."""
    from brevtjek.privacy import mask_cpr
    from brevtjek.reporters.terminal import printable

    return printable(mask_cpr(message))


def _fail(message: str, problems: list[str] | None = None) -> typer.Exit:
    from rich.text import Text

    console = _stderr()
    # Text, not markup: a message quoting a rule's regex ("[/]") must print as written.
    console.print(Text.assemble(("brevtjek:", "bold red"), " ", _safe(message)),
                  highlight=False, soft_wrap=True)
    for problem in problems or []:
        if problem != message:  # soft_wrap: one problem per line, so editors can parse file:line:col
            console.print(f"  {_safe(problem)}", markup=False, highlight=False, soft_wrap=True)
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


def without_cache(ctx: typer.Context, active: bool) -> None:
    """--no-cache: no compiled-pack cache until the command ends (restored then, so tests
    that call the CLI in-process are unaffected; the batch's workers inherit it)."""
    if active:
        from brevtjek.rules.cache import disabled

        ctx.with_resource(disabled())


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


@app.command(cls=OptionalValueCommand)
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(help="Breve (.docx, .txt, .md), mapper (gennemsøges), mønstre "
                                       "som 'breve/**/*.docx', eller - for standard input.")
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
    exclude: ExcludeOption = None,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MAX_MEMORY_MB,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Rapportér kun fund, der ikke står i denne baselinefil "
                                        "(lav den med 'brevtjek baseline create')."),
    ] = None,
    annotate: Annotated[
        str | None,
        typer.Option("--annotate", metavar="[UD.docx]",
                     help="Skriv en kopi af brevet med fundene som Word-kommentarer (standard: "
                          "brev.brevtjek.docx ved siden af brevet)."),
    ] = None,
    annotate_dir: Annotated[
        Path | None,
        typer.Option("--annotate-dir", metavar="MAPPE",
                     help="Skriv kommenterede kopier af alle brevene i denne mappe."),
    ] = None,
    suggest_changes: Annotated[
        bool,
        typer.Option("--suggest-changes",
                     help="Skriv sikre omformuleringer ind som sporede ændringer i kopien."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overskriv en eksisterende kommenteret kopi.")
    ] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Tjek et eller flere breve og vis fundene."""
    without_cache(ctx, no_cache)
    if suggest_changes and annotate is None and annotate_dir is None:
        raise _fail("--suggest-changes kræver --annotate eller --annotate-dir.")
    if annotate is not None:
        from brevtjek.reporters.docx_annotate import precheck_targets

        try:
            precheck_targets(paths, annotate, force)
        except BrevtjekError as error:
            raise _fail(error.message) from None
    if output is not None:
        _refuse_output_over_letter(output, paths, exclude)
    from brevtjek.cli_batch import apply_baseline, run_letters

    keep_documents = (annotate is not None or annotate_dir is not None
                      or output_format is OutputFormat.html)
    checker, report = run_letters(paths, exclude, config, model, jobs, quiet, keep_documents,
                                  timeout=timeout, max_memory=max_memory)
    report, suppressed = apply_baseline(report, baseline)
    from brevtjek.findings import Severity
    from brevtjek.reporters import at_least

    shown_min = Severity((min_severity.value if min_severity else None)
                         or checker.config.min_severity.value)
    effective_fail_on = fail_on.value if fail_on else checker.config.fail_on
    shown = at_least(report, shown_min)
    if output_format is OutputFormat.text and output is None:
        from brevtjek.reporters.terminal import print_report

        print_report(shown, Console(highlight=False), min_severity=shown_min,
                     baseline_suppressed=suppressed)
        for file in report.files:
            if file.status == "error" and file.error is not None:
                _stderr().print(_safe(f"brevtjek: {file.path}: {file.error.message}"), markup=False)
    else:
        rendered = _render(shown, output_format, shown_min, rules=checker.engine.enabled_rules(),
                           fail_on=effective_fail_on, baseline_suppressed=suppressed)
        if output is not None:
            from brevtjek.atomic import write_atomic

            try:
                write_atomic(output, rendered)
            except OSError as error:
                raise _fail(f"Kunne ikke skrive {output}: {error.strerror}.") from None
        else:
            sys.stdout.write(rendered)
    if annotate is not None or annotate_dir is not None:
        _annotate(shown, annotate, annotate_dir, suggest_changes, force)
    raise typer.Exit(_exit_code(report, effective_fail_on))


def _refuse_output_over_letter(output: Path, paths: list[str], exclude: list[str] | None) -> None:
    """--output must never replace a letter being checked: brevtjek never loses a letter."""
    from brevtjek.inputs import STDIN, discover

    target = output.resolve()
    for letter in discover(paths, exclude or []):
        if letter != STDIN and Path(letter).resolve() == target:
            raise _fail(f"{output} er et af de breve, der tjekkes. brevtjek overskriver "
                        "aldrig et brev; vælg en anden fil til rapporten.")


def _annotate(report: Any, annotate: str | None, annotate_dir: Path | None,
              suggest_changes: bool, force: bool) -> None:
    """Write the annotated .docx copies; a problem the user can fix ends with exit code 2."""
    from brevtjek.reporters.docx_annotate import write_annotated

    try:
        notes = write_annotated(report, annotate, annotate_dir,
                                suggest_changes=suggest_changes, force=force)
    except BrevtjekError as error:
        raise _fail(error.message) from None
    for note in notes:
        _stderr().print(f"brevtjek: {note}", markup=False)


def _render(report: Any, output_format: OutputFormat, min_severity: Any, **options: Any) -> str:
    """Render for --output or stdout; ``options`` go to every reporter (see reporters.FORMATS)."""
    from brevtjek.reporters import FORMATS

    if output_format is OutputFormat.text:
        from io import StringIO

        from brevtjek.reporters.terminal import print_report

        buffer = StringIO()
        print_report(report, Console(file=buffer, width=100, no_color=True, highlight=False),
                     min_severity=min_severity,
                     baseline_suppressed=options.get("baseline_suppressed"))
        return buffer.getvalue()
    renderer = FORMATS[output_format.value]
    assert renderer is not None
    return renderer(report, **options)


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


class EvalFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("eval")
def eval_command(
    corpus: Annotated[
        Path, typer.Argument(help="Korpusmappe med src/*.yaml (etiketter) og letters/ (breve).")
    ] = Path("corpora"),
    output_format: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="Outputformat.")
    ] = EvalFormat.text,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Vis hvert brev, der giver et forkert fakta.")
    ] = False,
    config: ConfigOption = None,
    model: ModelOption = None,
) -> None:
    """Mål fakta og regler mod et korpus med facitliste (nøjagtighed, præcision, genkaldelse)."""
    from brevtjek.evaluation import evaluate, format_json, format_text

    try:
        checker = _build_checker(config, model, corpus)
        evaluation = evaluate(corpus, checker)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    except BrevtjekError as error:
        raise _fail(error.message) from None
    rendered = (format_json(evaluation) if output_format is EvalFormat.json
                else format_text(evaluation, verbose=verbose))
    sys.stdout.write(rendered)


from brevtjek.cli_rules import rules_app  # noqa: E402  (subcommands need app's helpers)

app.add_typer(rules_app, name="rules")

from brevtjek.cli_baseline import baseline_app  # noqa: E402  (subcommands need app's helpers)

app.add_typer(baseline_app, name="baseline")


def main() -> None:
    """Console entry point: no traceback ever reaches a caseworker."""
    try:
        app()
    except KeyboardInterrupt:
        _stderr().print("brevtjek: afbrudt.")
        sys.exit(130)
    except BrevtjekError as error:
        _stderr().print(_safe(f"brevtjek: {error.message}"), markup=False)
        sys.exit(EXIT_ERROR)
    except Exception as error:  # last line of defence; details only on request
        if os.environ.get("BREVTJEK_DEBUG"):
            raise
        _stderr().print(
            _safe(f"brevtjek: intern fejl ({type(error).__name__}: {error}). Kør igen med "
                  "BREVTJEK_DEBUG=1 for detaljer, og meld fejlen."),
            markup=False,
        )
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
