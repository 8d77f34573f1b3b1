"""``brevtjek rules …``: list, show, validate, test and describe rule packs.

These commands never load spaCy's language pipeline unless they must run examples
(``rules test``), so legal staff get an answer at once when they validate a pack they are
editing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from brevtjek.cli import EXIT_FINDINGS, EXIT_OK, ConfigOption, ModelOption, _fail, without_cache
from brevtjek.cli_batch import NoCacheOption
from brevtjek.cli_options import LazyCommand, LazyGroup
from brevtjek.errors import BrevtjekError, RulePackError

rules_app = typer.Typer(help="Vis, valider og test regelpakker.", no_args_is_help=True, cls=LazyGroup)

SEVERITY_DANISH = {"error": "fejl", "warning": "advarsel", "info": "info"}


def _config(config: Path | None) -> Any:
    from brevtjek.config import load_config

    return load_config(config, Path.cwd())


def _engine(config: Path | None, paths: list[Path] | None = None) -> Any:
    """The rule engine (packs + configuration) without loading the language pipeline."""
    from brevtjek.rules.engine import RuleEngine, packs_for
    from brevtjek.rules.packs import load_packs

    settings = _config(config)
    packs = load_packs([str(path) for path in paths]) if paths else packs_for(settings)
    return RuleEngine(packs, settings)


def _load_engine(config: Path | None, paths: list[Path] | None = None) -> Any:
    try:
        return _engine(config, paths)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None


ListingRow = tuple[str, str, str | None, str, str]
"""(rule id, type, severity in effect or None when switched off, pack, first line of text)."""


def _listing_rows(config: Path | None) -> list[ListingRow]:
    engine = _load_engine(config)
    enabled = {loaded.spec.id: loaded.spec.severity.value for loaded in engine.enabled_rules()}
    return [(loaded.spec.id, loaded.spec.type, enabled.get(loaded.spec.id), loaded.pack,
             (loaded.spec.description or loaded.spec.message).strip().split("\n")[0])
            for loaded in engine.all_rules()]


def _listing(config: Path | None) -> list[ListingRow]:
    """The rows of 'rules list', from the cache when neither the configuration file nor any
    pack file has changed: then neither YAML, pydantic nor the rule types are imported."""
    from brevtjek.config_files import config_identity
    from brevtjek.rules import cache

    return cache.cached("list", (config_identity(config, Path.cwd()),), lambda: _listing_rows(config))


@rules_app.command("list", cls=LazyCommand)
def rules_list(ctx: typer.Context, config: ConfigOption = None, no_cache: NoCacheOption = False) -> None:
    """Vis reglerne i de aktive regelpakker."""
    from rich import box
    from rich.table import Table

    without_cache(ctx, no_cache)
    rules = _listing(config)
    console = Console(highlight=False)
    used = sum(max((len(value) for value in values), default=0) + 3 for values in (
        [r[0] for r in rules], [r[1] for r in rules], ["slået fra"], [r[3] for r in rules]))
    room = console.width - used - 4  # a narrow terminal gets the essentials without wrapping
    table = Table(title="Regler", box=box.SIMPLE_HEAD)
    for column in ("Regel", "Type", "Alvor", "Pakke"):
        table.add_column(column, no_wrap=True)
    if room >= 20:
        table.add_column("Beskrivelse", no_wrap=True)
    for rule_id, rule_type, severity, pack, text in rules:
        row = [rule_id, rule_type, SEVERITY_DANISH[severity] if severity else "slået fra", pack]
        if room >= 20:
            row.append(text if len(text) <= room else text[: room - 1] + "…")
        table.add_row(*row)
    console.print(table)


def _type_details(spec: Any) -> list[str]:
    """A few lines on what the rule looks for, per type."""
    lines: list[str] = []
    if getattr(spec, "entries", None):
        lines.append(f"Ordliste: {len(spec.entries)} poster, fx "
                     + ", ".join(f"«{e.term}» → «{e.alternative}»" for e in spec.entries[:3]))
    if getattr(spec, "words", None):
        more = " …" if len(spec.words) > 8 else ""
        lines.append("Ord: " + ", ".join(f"«{w}»" for w in spec.words[:8]) + more)
    if getattr(spec, "patterns", None):
        lines.append("Regulære udtryk: " + ", ".join(f"«{p}»" for p in spec.patterns))
    if getattr(spec, "tokens", None):
        lines.append("Token-mønstre: " + "; ".join(json.dumps(p, ensure_ascii=False) for p in spec.tokens))
    if getattr(spec, "heading", None):
        lines.append(f"Overskrift: «{spec.heading}»")
    if getattr(spec, "groups", None):
        lines.append("Grupper: " + "; ".join(f"{name}: {', '.join(words)}"
                                             for name, words in spec.groups.items()))
    for name, label in (("min", "Mindst"), ("max", "Højst")):
        if getattr(spec, name, None) is not None:
            lines.append(f"{label}: {getattr(spec, name)}")
    for name, label in (("when", "Når"), ("require", "Kræver")):
        condition = getattr(spec, name, None)
        if condition is not None:
            parts = [f"{path}: {value}" for path, value in condition.facts.items()]
            if condition.has_target():
                parts.append("tekst: " + ", ".join(condition.words + condition.patterns
                                                   + ([condition.heading] if condition.heading else [])))
            lines.append(f"{label}: " + "; ".join(parts))
    return lines


@rules_app.command("show", cls=LazyCommand)
def rules_show(ctx: typer.Context, rule_id: Annotated[str, typer.Argument(help="Reglens id.")],
               config: ConfigOption = None, no_cache: NoCacheOption = False) -> None:
    """Vis en regels dokumentation med eksempler."""
    without_cache(ctx, no_cache)
    engine = _load_engine(config)
    matches = [rule for rule in engine.all_rules() if rule.spec.id == rule_id]
    if not matches:
        import difflib

        known = [rule.spec.id for rule in engine.all_rules()]
        near = difflib.get_close_matches(rule_id, known, n=1)
        hint = f" Mente du «{near[0]}»?" if near else ""
        raise _fail(f"Reglen «{rule_id}» findes ikke.{hint} Se 'brevtjek rules list'.")
    loaded = matches[0]
    spec = loaded.spec
    enabled = {rule.spec.id: rule.spec.severity.value for rule in engine.enabled_rules()}
    severity = SEVERITY_DANISH[enabled[spec.id]] if spec.id in enabled else "slået fra i konfigurationen"
    console = Console(highlight=False)
    console.print(f"[bold]{spec.id}[/] ({spec.type}, {severity}) — pakke {loaded.pack}")
    console.print(f"Fil: {loaded.file}:{loaded.line}", markup=False)
    scope = spec.scope + (f", afsnit der matcher «{spec.section}»" if spec.section else "")
    console.print(f"Område: {scope}", markup=False)
    if spec.description:
        console.print(spec.description.strip(), markup=False)
    console.print(f"Besked: {spec.message}", markup=False)
    if spec.suggestion:
        console.print(f"Forslag: {spec.suggestion}", markup=False)
    for line in _type_details(spec):
        console.print(line, markup=False)
    if spec.reference:
        console.print(f"Grundlag: {spec.reference}", markup=False)
    if spec.link:
        console.print(f"Læs mere: {spec.link}", markup=False)
    if spec.confidence:
        console.print(f"Sikkerhed: {spec.confidence}" + (f" ({spec.source})" if spec.source else ""),
                      markup=False)
    if spec.tags:
        console.print(f"Emner: {', '.join(spec.tags)}", markup=False)
    for marker, examples in (("[red]✗[/]", spec.examples.bad), ("[green]✓[/]", spec.examples.good)):
        for example in examples:
            facts = f"  (fakta: {json.dumps(example.facts, ensure_ascii=False)})" if example.facts else ""
            console.print(f"  {marker} ", end="")
            console.print(f"{example.text}{facts}", markup=False)


@rules_app.command("validate", cls=LazyCommand)
def rules_validate(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Regelpakke-mapper.")] = None,
    config: ConfigOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Valider regelpakker: viser alle fejl med fil, linje og kolonne."""
    without_cache(ctx, no_cache)
    engine = _load_engine(config, paths)
    count = len(engine.packs.rules)
    typer.echo(f"OK: {len(engine.packs.packs)} regelpakker, {count} regler uden fejl.")


@rules_app.command("test", cls=LazyCommand)
def rules_test(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Regelpakke-mapper.")] = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Kør hver regels gode og dårlige eksempler."""
    without_cache(ctx, no_cache)
    from brevtjek.checker import Checker
    from brevtjek.config import Config
    from brevtjek.rules.testing import run_examples

    try:
        base = _config(config)
        if paths:
            base = Config(**{**base.model_dump(), "packs": [str(p.resolve()) for p in paths]})
        checker = Checker(base, model)
        results = run_examples(checker)
    except RulePackError as error:
        raise _fail(error.message, error.problems) from None
    except BrevtjekError as error:
        raise _fail(error.message) from None
    failed = [result for result in results if not result.passed]
    skipped = [result for result in results if result.skipped]
    console = Console(highlight=False)
    for result in failed:
        if result.kind == "rule":
            console.print(f"[red]FEJL[/] {result.rule}: ingen af de dårlige eksempler udløste "
                          "reglen. Reglen finder måske ingenting; tjek ord og mønstre.")
            continue
        what = ("udløste ikke reglen" if result.kind == "bad"
                else f"udløste reglen {result.found} gang(e)")
        label = "dårligt" if result.kind == "bad" else "godt"
        console.print(f"[red]FEJL[/] {result.rule}: {label} eksempel {what}: ", end="")
        console.print(repr(result.text), markup=False)
    for rule_id, reason in sorted({(r.rule, r.skipped) for r in skipped if r.skipped}):
        console.print(f"[yellow]SPRUNGET OVER[/] {rule_id}: {reason}.")
    examples = [result for result in results if result.kind != "rule"]
    rules = len({result.rule for result in results})
    failed_examples = [result for result in failed if result.kind != "rule"]
    console.print(f"{len(examples) - len(failed_examples) - len(skipped)} bestået, "
                  f"{len(failed)} fejlet, {len(skipped)} sprunget over "
                  f"({rules} regler, {len(examples)} eksempler).")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@rules_app.command("schema", cls=LazyCommand)
def rules_schema(
    manifest: Annotated[bool, typer.Option("--manifest", help="Skema for pack.yaml i stedet "
                                           "for regelfiler.")] = False,
) -> None:
    """Udskriv et JSON Schema for regelfiler (til autoudfyldning i editoren)."""
    from brevtjek.rules.schema import manifest_schema, rule_schema

    schema = manifest_schema() if manifest else rule_schema()
    typer.echo(json.dumps(schema, ensure_ascii=False, indent=2))
