"""The fields every rule shares, validated with pydantic.

pydantic does the tedious part of validating hand-written YAML (types, required fields,
unknown keys, enumerations) and reports *all* problems at once with the path of each; the
pack loader turns those paths into file:line:column and the messages into Danish.
Each rule type (``brevtjek/rules/types/``) subclasses :class:`RuleSpec` with its own fields.
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from brevtjek.findings import Severity
from brevtjek.rules.regex_safety import check_regex

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
SCOPES = ("letter", "body", "table", "header_footer", "notes", "sentence", "section")
Confidence = Literal["verified", "knowledge", "uncertain"]


class StrictModel(BaseModel):
    """Unknown keys are errors: a misspelt field must not be silently ignored.

    ``defer_build``: pydantic builds a model's validator on first validation instead of at
    import. A run whose packs come from the compiled-pack cache never validates a spec, so
    it skips building the validators of every rule type (≈ 0.1 s of start-up)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ExampleCase(StrictModel):
    """One example: a text, and for rules that read facts, the facts assumed for it.

    In YAML an example is usually just a string; the mapping form ``{text: …, facts: …}``
    lets a conditional rule be tested on its logic even where the fact extractor would not
    (yet) find the facts in so short a text. Texts are read as Markdown, so a line
    ``# Klagevejledning`` makes a heading and a section.
    """

    text: str = Field(min_length=1)
    facts: dict[str, Any] = Field(default_factory=dict)

    def __str__(self) -> str:
        return self.text


def _example(value: Any) -> Any:
    if isinstance(value, str):
        return {"text": value}
    if not isinstance(value, dict):
        raise ValueError("et eksempel skal være en tekst i anførselstegn (eller «text:» og «facts:»)")
    return value


Example = Annotated[
    ExampleCase,
    BeforeValidator(_example, json_schema_input_type=str | ExampleCase),
]


class Examples(StrictModel):
    good: list[Example] = Field(default_factory=list)
    bad: list[Example] = Field(default_factory=list)


def placeholders(template: str) -> set[str]:
    """Names used as {placeholders} in a message template."""
    names: set[str] = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None and name != "":
            names.add(name)
    return names


class RuleSpec(StrictModel):
    """Fields common to every rule type."""

    TYPE: ClassVar[str] = ""
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match"})

    id: str
    type: str
    severity: Severity = Severity.WARNING
    message: str = Field(min_length=1)
    suggestion: str | None = None
    description: str = ""
    reference: str | None = None
    scope: Literal["letter", "body", "table", "header_footer", "notes", "sentence", "section"] = (
        "body"
    )
    section: str | None = None
    """A regular expression matched against section headings: only blocks under a matching
    heading are looked at (with any scope)."""
    examples: Examples
    link: str | None = None
    """Where to read more (a web page), shown by 'brevtjek rules show'."""
    tags: list[str] = Field(default_factory=list)
    confidence: Confidence | None = None
    source: str | None = None

    @field_validator("id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(
                "regel-id skal være '<pakke>.<navn>' med små bogstaver a-z, tal og bindestreg "
                "(æ/ø/å skrives ae/oe/aa), fx 'klarsprog.papirord'"
            )
        return value

    @field_validator("section")
    @classmethod
    def _section_regex(cls, value: str | None) -> str | None:
        if value is None:
            return value
        return check_regex(value)

    @field_validator("message", "suggestion")
    @classmethod
    def _known_placeholders(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            names = placeholders(value)
        except ValueError as error:
            raise ValueError(
                f"ugyldig pladsholder i teksten ({error}); brug {{navn}} og skriv {{{{ for {{"
            ) from error
        unknown = names - set(cls.PLACEHOLDERS)
        if unknown:
            allowed = ", ".join("{" + name + "}" for name in sorted(cls.PLACEHOLDERS))
            raise ValueError(
                f"ukendt pladsholder {', '.join('{' + n + '}' for n in sorted(unknown))}; "
                f"tilladt her: {allowed}"
            )
        return value


class _Defaulting(dict[str, Any]):
    """Values for :func:`render`: a placeholder without a value renders as ""."""

    def __missing__(self, key: str) -> str:
        return ""


def render(template: str | None, values: dict[str, Any]) -> str | None:
    """Fill {placeholders}; a value that is missing renders as an empty string."""
    if template is None:
        return None
    return template.format_map(_Defaulting(values)).strip()
