"""The law registry (``rules/data/love.yaml``): laws, how letters name them, appeal routes.

Legal staff maintain the registry, so every name, abbreviation and appeal body the fact
extractors know comes from there and not from code. It is read once per process
(:func:`load_registry` is cached); a broken or missing file is a rule-pack error with a
Danish message, because without it no citation can be resolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from brevtjek.errors import RulePackError

REGISTRY_FILE = Path("data") / "love.yaml"

PROCEDURAL_LAWS = frozenset({
    "forvaltningsloven", "retssikkerhedsloven", "offentlighedsloven", "databeskyttelsesloven",
    "kommunestyrelsesloven", "ombudsmandsloven", "cpr-loven", "lov om udbetaling danmark",
})
"""Laws that govern *how* any case is handled. They never decide which area a letter is
about, so the appeal checks look past them to the substantive law (serviceloven …)."""

APPEAL_BODY_KINDS = ("klageinstans", "tilsyn", "ombudsmand", "domstol")
"""Kinds of bodies a klagevejledning can name as the place that decides a complaint, in
order of preference. Deciders (Udbetaling Danmark), channels (Klageportalen) and
secretariats are where a complaint is *sent*, not who decides it."""


@dataclass(frozen=True)
class Appeal:
    body: str | None
    route: str | None
    """'via_afgoerende_myndighed', 'direkte' or 'ingen'."""
    deadline: str | None
    deadline_weeks: int | None
    court_deadline: str | None = None


@dataclass(frozen=True)
class RetiredParagraph:
    paragraph: str
    moved_to_law: str | None
    """Registry id of the law the provision moved to."""
    moved_to_paragraph: str | None
    since: str | None
    note: str
    confidence: str


@dataclass(frozen=True)
class Law:
    id: str
    name: str
    title: str
    names: tuple[str, ...]
    genitive: tuple[str, ...]
    abbreviations: tuple[str, ...]
    ambiguous_abbreviations: tuple[str, ...]
    appeal: Appeal
    confidence: str
    source: str
    retired_paragraphs: tuple[RetiredParagraph, ...] = ()

    @property
    def procedural(self) -> bool:
        return self.name in PROCEDURAL_LAWS


@dataclass(frozen=True)
class NamedEntity:
    """An appeal body, a retired body or a retired law: a name, its aliases, some notes."""

    name: str
    aliases: tuple[str, ...]
    kind: str = ""
    areas: tuple[str, ...] = ()
    replaced_by: str | None = None
    since: str | None = None
    message: str = ""
    confidence: str = "knowledge"


@dataclass(frozen=True)
class LawRegistry:
    laws: tuple[Law, ...]
    appeal_bodies: tuple[NamedEntity, ...] = ()
    retired_bodies: tuple[NamedEntity, ...] = ()
    retired_laws: tuple[NamedEntity, ...] = ()
    path: str = ""
    _by_id: dict[str, Law] = field(default_factory=dict, repr=False, compare=False)
    _by_name: dict[str, Law] = field(default_factory=dict, repr=False, compare=False)
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for law in self.laws:
            self._by_id[law.id] = law
            self._by_name[law.name] = law
        object.__setattr__(self, "_hash", self._field_hash())

    def _field_hash(self) -> int:
        return hash((self.laws, self.appeal_bodies, self.retired_bodies, self.retired_laws, self.path))

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickled from the cache: string hashes differ between processes, so the stored
        hash is worked out again."""
        self.__dict__.update(state)
        object.__setattr__(self, "_hash", self._field_hash())

    def __hash__(self) -> int:
        """The field hash, computed once: matchers built from the registry are cached by it,
        and hashing every law's names on each lookup cost more than the lookups."""
        return self._hash

    def by_id(self, law_id: str) -> Law | None:
        return self._by_id.get(law_id)

    def by_name(self, name: str) -> Law | None:
        return self._by_name.get(name)

    def laws_with_abbreviation(self, abbreviation: str) -> tuple[Law, ...]:
        return tuple(law for law in self.laws if abbreviation in law.abbreviations)

    def body(self, name: str) -> NamedEntity | None:
        for entity in (*self.appeal_bodies, *self.retired_bodies):
            if entity.name == name:
                return entity
        return None

    def bodies_for_law(self, law: Law) -> set[str]:
        """Every appeal body that may rightly decide complaints about decisions under ``law``."""
        bodies = {entity.name for entity in self.appeal_bodies
                  if law.name in entity.areas and entity.kind in APPEAL_BODY_KINDS}
        if law.appeal.body:
            bodies.add(law.appeal.body)
        return bodies


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value if item is not None)


def _appeal(data: Any) -> Appeal:
    data = data if isinstance(data, dict) else {}
    weeks = data.get("deadline_weeks")
    return Appeal(
        body=data.get("body") or None,
        route=data.get("route") or None,
        deadline=data.get("deadline") or None,
        deadline_weeks=int(weeks) if isinstance(weeks, int) else None,
        court_deadline=data.get("court_deadline") or None,
    )


def _retired_paragraph(data: dict[str, Any]) -> RetiredParagraph:
    moved = data.get("moved_to") or {}
    return RetiredParagraph(
        paragraph=str(data.get("paragraph", "")).replace(" ", ""),
        moved_to_law=moved.get("law"),
        moved_to_paragraph=str(moved["paragraph"]) if moved.get("paragraph") else None,
        since=str(data["since"]) if data.get("since") else None,
        note=str(data.get("note") or ""),
        confidence=str(data.get("confidence") or "knowledge"),
    )


def _law(data: dict[str, Any]) -> Law:
    name = str(data["name"])
    return Law(
        id=str(data["id"]),
        name=name,
        title=str(data.get("title") or name),
        names=tuple(dict.fromkeys((name, *_strings(data.get("names"))))),
        genitive=_strings(data.get("genitive")),
        abbreviations=_strings(data.get("abbreviations")),
        ambiguous_abbreviations=_strings(data.get("ambiguous_abbreviations")),
        appeal=_appeal(data.get("appeal")),
        confidence=str(data.get("confidence") or "uncertain"),
        source=str(data.get("source") or ""),
        retired_paragraphs=tuple(_retired_paragraph(item)
                                 for item in data.get("retired_paragraphs") or ()
                                 if isinstance(item, dict)),
    )


def _entity(data: dict[str, Any]) -> NamedEntity:
    name = str(data["name"])
    return NamedEntity(
        name=name,
        aliases=tuple(dict.fromkeys((name, *_strings(data.get("aliases"))))),
        kind=str(data.get("kind") or ""),
        areas=_strings(data.get("areas")),
        replaced_by=str(data["replaced_by"]) if data.get("replaced_by") else None,
        since=str(data["since"]) if data.get("since") else None,
        message=str(data.get("message") or ""),
        confidence=str(data.get("confidence") or "knowledge"),
    )


def parse_registry(data: Any, path: str = "") -> LawRegistry:
    """Build the registry from parsed YAML; a malformed entry is a Danish error."""
    if not isinstance(data, dict) or not isinstance(data.get("laws"), list):
        raise RulePackError(f"{path}: lovregistret skal have en liste «laws».")
    try:
        return LawRegistry(
            laws=tuple(_law(item) for item in data["laws"]),
            appeal_bodies=tuple(_entity(item) for item in data.get("appeal_bodies") or ()),
            retired_bodies=tuple(_entity(item) for item in data.get("retired_bodies") or ()),
            retired_laws=tuple(_entity(item) for item in data.get("retired_laws") or ()),
            path=path,
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise RulePackError(
            f"{path}: lovregistret har en post uden de nødvendige felter ({error}). "
            "Hver lov skal have mindst «id» og «name»."
        ) from error


def registry_path() -> Path:
    from brevtjek.rules.packs import builtin_rules_dir  # late: packs imports the rule types

    return builtin_rules_dir() / REGISTRY_FILE


@lru_cache(maxsize=4)
def load_registry(path: str | None = None) -> LawRegistry:
    """The law registry, read once per process (per path)."""
    from brevtjek.rules import cache
    from brevtjek.rules.yaml_source import load_yaml_file

    file = Path(path) if path else registry_path()

    def parse() -> LawRegistry:
        if not cache.is_file(file):
            raise RulePackError(f"Lovregistret {file} findes ikke. Det skal ligge i rules/data/.")
        source = load_yaml_file(file)
        return parse_registry(source.data, str(file))

    # kept in the compiled-pack cache: parsing its YAML with positions was a tenth of a
    # single check's own start-up; an edited registry is a miss and is read again
    return cache.cached("registry", (str(file),), parse)
