"""Find, load and validate rule packs.

A pack is a folder with ``pack.yaml`` (name, version, description, ``extends``) and one
YAML file per rule (or a file with a ``rules:`` list). Packs may extend other packs; shared
data files (word lists, the law registry) live in ``rules/data/`` or a pack's own ``data/``
folder and are referred to by name.

Validation collects *every* problem before giving up, each as
``file:line:column: what is wrong — what to do`` in Danish, because the people who edit
packs are lawyers, not programmers, and a fix-one-rerun-find-the-next loop wastes their day.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from brevtjek.errors import RulePackError
from brevtjek.rules import cache
from brevtjek.rules.data import DataContext, DataLoader
from brevtjek.rules.fact_paths import FACT_PATHS, expand, flatten
from brevtjek.rules.spec import RuleSpec, StrictModel
from brevtjek.rules.types import REGISTRY
from brevtjek.rules.yaml_source import YamlSource, load_yaml_file

PACK_FILE = "pack.yaml"
MAX_EXTENDS_DEPTH = 10


def builtin_rules_dir() -> Path:
    """The shipped packs: ``rules/`` in a source checkout, ``brevtjek/rulepacks`` installed."""
    override = os.environ.get("BREVTJEK_RULES_DIR")
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if cache.is_file(checkout / "klarsprog" / PACK_FILE):
        return checkout
    return Path(str(resources.files("brevtjek") / "rulepacks"))


class PackManifest(StrictModel):
    name: str
    version: str = "0.0.0"
    description: str = ""
    extends: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class LoadedRule:
    spec: RuleSpec
    pack: str
    file: str
    line: int


@dataclass
class RulePack:
    name: str
    version: str
    description: str
    path: Path
    rules: list[LoadedRule] = field(default_factory=list)
    extends: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    """Data files the pack's rules named, by name (handed to the rules as CompileEnv.data)."""
    manifest: YamlSource | None = None


# Danish wording of pydantic's error types, with what the editor should do.
_ERROR_TEXT = {
    "missing": "feltet «{field}» mangler. Tilføj det.",
    "extra_forbidden": "ukendt felt «{field}». Er det stavet rigtigt? Se 'brevtjek rules schema'.",
    "string_type": "«{field}» skal være en tekst.",
    "list_type": "«{field}» skal være en liste (linjer, der begynder med '- ').",
    "dict_type": "«{field}» skal være en samling af felter (nøgle: værdi).",
    "bool_type": "«{field}» skal være true eller false.",
    "int_type": "«{field}» skal være et helt tal.",
    "int_parsing": "«{field}» skal være et helt tal.",
    "float_type": "«{field}» skal være et tal.",
    "float_parsing": "«{field}» skal være et tal.",
    "too_short": "«{field}» må ikke være tom.",
    "string_too_short": "«{field}» må ikke være tom.",
    "model_type": "«{field}» skal være en samling af felter (nøgle: værdi).",
    "model_attributes_type": "«{field}» skal være en samling af felter (nøgle: værdi).",
    "bool_parsing": "«{field}» skal være true eller false.",
    "int_from_float": "«{field}» skal være et helt tal.",
    "greater_than_equal": "«{field}» skal være mindst {ge}.",
    "less_than_equal": "«{field}» må højst være {le}.",
    "too_long": "«{field}» er for lang.",
    "string_too_long": "«{field}» er for lang.",
    "union_tag_invalid": "ukendt regeltype «{tag}». Kendte typer: {expected_tags}.",
    "none_required": "«{field}» skal være tom (null).",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(part) for part in loc if not isinstance(part, int)]
    return names[-1] if names else "regel"


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    field_name = _field_name(tuple(error["loc"]))
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        value = error.get("input")
        if field_name == "severity":
            return (f"ugyldig alvorlighed «{value}». Brug error, warning eller info "
                    "(fejl, advarsel, info).")
        return f"ugyldig værdi «{value}» i «{field_name}». Tilladt: {expected}."
    if kind == "missing" and field_name == "examples":
        return ("reglen har ingen eksempler. Tilføj «examples:» med mindst ét dårligt eksempel "
                "under «bad:» (skal udløse reglen) og ét godt under «good:» (må ikke).")
    if kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        return f"«{field_name}»: {message}"
    template = _ERROR_TEXT.get(kind)
    if template:
        try:
            return template.format(field=field_name, **(error.get("ctx") or {}))
        except (KeyError, IndexError):
            pass
    return f"«{field_name}»: {error.get('msg', 'ugyldig værdi')}"


def _problem(source: YamlSource, key: tuple[Any, ...], text: str) -> str:
    return f"{source.location(key)}: {text}"


def _example_fact_problems(spec: RuleSpec) -> Iterable[tuple[tuple[Any, ...], str]]:
    for kind in ("bad", "good"):
        for index, example in enumerate(getattr(spec.examples, kind)):
            for path in flatten(expand(example.facts)):
                if path not in FACT_PATHS:
                    yield (("examples", kind, index, "facts"),
                           f"ukendt fakta «{path}» i eksemplet. Kendte fakta: {', '.join(FACT_PATHS)}.")


def validate_rule(data: Any, source: YamlSource, key: tuple[Any, ...],
                  problems: list[str], data_context: DataContext | None = None) -> RuleSpec | None:
    """Validate one rule mapping; append Danish problems and return the spec if valid.

    With ``data_context`` the rule's named data files (``words_from``) are loaded and merged
    into the returned spec.
    """
    if not isinstance(data, dict):
        problems.append(_problem(source, key, "en regel skal være en samling af felter "
                                              "(id, type, message …)."))
        return None
    rule_type = data.get("type")
    if rule_type is None:
        problems.append(_problem(source, key, "feltet «type» mangler. Angiv regeltypen, fx "
                                              f"'type: substitution'. Typer: {', '.join(sorted(REGISTRY))}."))
        return None
    module = REGISTRY.get(str(rule_type))
    if module is None:
        problems.append(_problem(
            source, (*key, "type"),
            f"ukendt regeltype «{rule_type}». Kendte typer: {', '.join(sorted(REGISTRY))}.",
        ))
        return None
    try:
        spec: RuleSpec = module.Spec.model_validate(data)
    except ValidationError as error:
        rule_id = data.get("id", "?")
        for item in error.errors():
            location = (*key, *item["loc"])
            problems.append(_problem(source, location, f"regel {rule_id}: {_describe(dict(item))}"))
        return None
    if not spec.examples.bad or not spec.examples.good:
        problems.append(_problem(
            source, (*key, "examples") if "examples" in data else key,
            f"regel {spec.id} har ingen {'dårlige' if not spec.examples.bad else 'gode'} "
            "eksempler. Hver regel skal have mindst ét eksempel under examples.bad (skal "
            "udløse reglen) og ét under examples.good (må ikke).",
        ))
    for location, text in _example_fact_problems(spec):
        problems.append(_problem(source, (*key, *location), f"regel {spec.id}: {text}"))
    extra = getattr(module, "extra_checks", None)
    if extra is not None:
        for location, text in extra(spec):
            problems.append(_problem(source, (*key, *location), f"regel {spec.id}: {text}"))
    resolve = getattr(module, "resolve_data", None)
    if resolve is not None and data_context is not None:
        before = len(data_context.rule_problems)
        spec = resolve(spec, data_context)
        for location, text in data_context.rule_problems[before:]:
            problems.append(_problem(source, (*key, *location), f"regel {spec.id}: {text}"))
    return spec


def _rule_entries(source: YamlSource) -> Iterable[tuple[Any, tuple[Any, ...]]]:
    data = source.data
    if isinstance(data, dict) and "rules" in data and "id" not in data:
        rules = data["rules"]
        if isinstance(rules, list):
            for index, item in enumerate(rules):
                yield item, ("rules", index)
            return
        yield rules, ("rules",)
        return
    yield data, ()


def load_pack(path: Path, problems: list[str]) -> RulePack | None:
    """Load one pack folder; problems are appended, never raised."""
    manifest_path = path / PACK_FILE
    if not cache.is_file(manifest_path):
        problems.append(f"{path}: mappen er ikke en regelpakke (der mangler {PACK_FILE}).")
        return None
    try:
        manifest_source = load_yaml_file(manifest_path)
    except RulePackError as error:
        problems.extend(error.problems)
        return None
    try:
        manifest = PackManifest.model_validate(manifest_source.data or {})
    except ValidationError as error:
        for item in error.errors():
            problems.append(_problem(manifest_source, tuple(item["loc"]),
                                     f"pakkebeskrivelse: {_describe(dict(item))}"))
        return None
    pack = RulePack(manifest.name, manifest.version, manifest.description, path,
                    extends=list(manifest.extends), manifest=manifest_source)
    data_context = DataContext(DataLoader(path))
    for rule_file in cache.glob(path, "*.yaml") + cache.glob(path, "*.yml"):
        if rule_file.name in (PACK_FILE, "pack.yml"):
            continue
        try:
            source = load_yaml_file(rule_file)
        except RulePackError as error:
            problems.extend(error.problems)
            continue
        for data, key in _rule_entries(source):
            spec = validate_rule(data, source, key, problems, data_context)
            if spec is not None:
                pack.rules.append(LoadedRule(spec, pack.name, str(rule_file),
                                             source.where(key)[0]))
    problems.extend(data_context.problems)
    pack.data = dict(data_context.used)
    return pack


@dataclass
class PackSet:
    """The packs in effect, in load order, with every rule once."""

    packs: list[RulePack]

    @property
    def rules(self) -> list[LoadedRule]:
        return [rule for pack in self.packs for rule in pack.rules]


def resolve_pack_path(name: str, search: list[Path]) -> Path | None:
    """A pack given by name (looked up in the search dirs) or by path."""
    candidate = Path(name).expanduser()
    if cache.is_file(candidate / PACK_FILE):
        return candidate
    for directory in search:
        if cache.is_file(directory / name / PACK_FILE):
            return directory / name
    return None


def load_packs(names: list[str], search: list[Path] | None = None) -> PackSet:
    """Load packs by name or path, following ``extends``; raise with all problems."""
    search_dirs = [*list(search or []), builtin_rules_dir()]
    problems: list[str] = []
    loaded: dict[str, RulePack] = {}
    order: list[RulePack] = []

    def visit(name: str, chain: tuple[str, ...], where: str, near: Path | None) -> None:
        # ``where`` is "file:line:col: " of the «extends» entry that named this pack (or "");
        # ``near`` is the folder holding the pack that extends it: siblings are found first.
        if name in chain:
            problems.append(
                f"{where}regelpakken «{name}» udvider sig selv i en ring: "
                f"{' → '.join((*chain, name))}. Fjern den «extends», der lukker ringen."
            )
            return
        if len(chain) > MAX_EXTENDS_DEPTH:
            problems.append(
                f"{where}«extends» går mere end {MAX_EXTENDS_DEPTH} pakker dybt "
                f"({' → '.join(chain)}). Gør kæden kortere."
            )
            return
        base = [near] if near is not None else []
        path = resolve_pack_path(name, [*base, *search_dirs])
        if path is None:
            problems.append(f"{where}regelpakken «{name}» findes ikke (søgt i "
                            f"{', '.join(str(d) for d in [*base, *search_dirs])}). Tjek navnet, "
                            "eller angiv stien til pakkens mappe.")
            return
        key = str(path.resolve())
        if key in loaded:
            # Reached again: a cycle only if it is still on the current chain (by path).
            if key in active:
                problems.append(
                    f"{where}regelpakken «{name}» udvider sig selv i en ring: "
                    f"{' → '.join((*chain, name))}. Fjern den «extends», der lukker ringen."
                )
            return
        pack = load_pack(path, problems)
        if pack is None:
            return
        loaded[key] = pack
        active.add(key)
        for index, parent in enumerate(pack.extends):
            location = pack.manifest.location(("extends", index)) if pack.manifest else str(path)
            visit(parent, (*chain, pack.name), f"{location}: ", path.parent)
        active.discard(key)
        order.append(pack)

    active: set[str] = set()
    for name in names:
        visit(name, (), "", None)
    seen: dict[str, LoadedRule] = {}
    for pack in order:
        for rule in pack.rules:
            first = seen.get(rule.spec.id)
            if first is not None:
                problems.append(
                    f"{rule.file}:{rule.line}:1: regel-id «{rule.spec.id}» findes allerede i "
                    f"{first.file}:{first.line}. Giv reglen et andet id."
                )
            else:
                seen[rule.spec.id] = rule
    if problems:
        raise RulePackError(
            f"Regelpakken har {len(problems)} fejl.", problems
        )
    return PackSet(order)


def builtin_pack_names() -> list[str]:
    """Names of the shipped packs (folders with a pack.yaml), sorted."""
    return cache.packs_in(builtin_rules_dir(), PACK_FILE)
