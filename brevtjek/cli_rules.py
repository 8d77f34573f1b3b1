"""``brevtjek rules …``: list, show, validate, test and describe rule packs.

These commands never load spaCy unless they must run examples (``rules test``), so legal
staff get an answer at once when they validate a pack they are editing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from brevtjek.cli import EXIT_FINDINGS, EXIT_OK, ConfigOption, ModelOption, _fail
from brevtjek.errors import BrevtjekError, RulePackError

rules_app = typer.Typer(help="Vis, valider og test regelpakker.", no_args_is_help=True)


def _packs(config: Path | None, paths: list[Path] | None = None) -> Any:
    from brevtjek.config import load_config
    from brevtjek.rules.engine import packs_for
    from brevtjek.rules.packs import load_packs

    if paths:
        return load_packs([str(path) for path in paths])
    return packs_for(load_config(config, Path.cwd()))


@rules_app.command("list")
def rules_list(config: ConfigOption = None) -> None:
    """Vis reglerne i de aktive regelpakker."""
    try:
        packs = _packs(config)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    table = Table(title="Regler", show_lines=False)
    for column in ("Regel", "Type", "Alvor", "Pakke", "Beskrivelse"):
        table.add_column(column)
    for loaded in packs.rules:
        spec = loaded.spec
        first_line = (spec.description or spec.message).strip().split("\n")[0]
        table.add_row(spec.id, spec.type, spec.severity.value, loaded.pack, first_line[:70])
    Console(highlight=False).print(table)


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="Reglens id.")],
               config: ConfigOption = None) -> None:
    """Vis en regels dokumentation med eksempler."""
    try:
        packs = _packs(config)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    matches = [rule for rule in packs.rules if rule.spec.id == rule_id]
    if not matches:
        raise _fail(f"Reglen «{rule_id}» findes ikke. Se 'brevtjek rules list'.")
    loaded = matches[0]
    spec = loaded.spec
    console = Console(highlight=False)
    console.print(f"[bold]{spec.id}[/] ({spec.type}, {spec.severity.value}) — pakke {loaded.pack}")
    console.print(f"Fil: {loaded.file}:{loaded.line}")
    if spec.description:
        console.print(spec.description.strip())
    console.print(f"Besked: {spec.message}")
    if spec.suggestion:
        console.print(f"Forslag: {spec.suggestion}")
    if spec.reference:
        console.print(f"Grundlag: {spec.reference}")
    for example in spec.examples.bad:
        console.print(f"  [red]✗[/] {example}", markup=True)
    for example in spec.examples.good:
        console.print(f"  [green]✓[/] {example}", markup=True)


@rules_app.command("validate")
def rules_validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Regelpakke-mapper.")] = None,
    config: ConfigOption = None,
) -> None:
    """Valider regelpakker: viser alle fejl med fil, linje og kolonne."""
    try:
        packs = _packs(config, paths)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    count = len(packs.rules)
    typer.echo(f"OK: {len(packs.packs)} regelpakker, {count} regler uden fejl.")


@rules_app.command("test")
def rules_test(
    paths: Annotated[list[Path] | None, typer.Argument(help="Regelpakke-mapper.")] = None,
    config: ConfigOption = None,
    model: ModelOption = None,
) -> None:
    """Kør hver regels gode og dårlige eksempler."""
    from brevtjek.checker import Checker
    from brevtjek.config import Config, load_config
    from brevtjek.rules.testing import run_examples

    try:
        base = load_config(config, Path.cwd())
        if paths:
            base = Config(**{**base.model_dump(), "packs": [str(p) for p in paths]})
        checker = Checker(base, model)
        results = run_examples(checker)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    except BrevtjekError as error:
        raise _fail(error.message) from None
    failed = [result for result in results if not result.passed]
    console = Console(highlight=False)
    for result in failed:
        what = ("udløste ikke reglen" if result.kind == "bad"
                else f"udløste reglen {result.found} gang(e)")
        console.print(f"[red]FEJL[/] {result.rule}: {result.kind} eksempel {what}: "
                      f"{result.text!r}")
    rules = len({result.rule for result in results})
    console.print(f"{len(results) - len(failed)} bestået, {len(failed)} fejlet "
                  f"({rules} regler, {len(results)} eksempler).")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
