"""Configuration: which packs, which rules, how strict — from brevtjek.yaml or pyproject.toml.

Discovery follows yamllint and Vale: an explicit ``--config`` wins; otherwise the nearest
``brevtjek.yaml`` / ``.brevtjek.yaml`` (or ``pyproject.toml`` with ``[tool.brevtjek]``) found
by walking up from the letter's folder; otherwise the defaults (every shipped pack).

    packs: [klarsprog, forvaltningsret]    # shipped packs by name, or paths to own packs
    rules:
      klarsprog.forklar-fagord: off        # switch a rule off
      klarsprog.stive-vendinger: info      # or change its severity
      laesbarhed.lix: {severity: warning, thresholds: {info: 38, warning: 45, error: 55}}
    model: auto                            # auto | bundled | blank | package name | folder
    fail_on: error                         # error | warning | info | never
    vocabulary:                            # own words: never flagged / always flagged
      accept: [visitation]
      reject: [sagsakter]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from brevtjek.config_files import CONFIG_NAMES, config_file, discover_config
from brevtjek.errors import RulePackError
from brevtjek.findings import Severity
from brevtjek.nlp.pipeline import DEFAULT_MODEL
from brevtjek.rules.yaml_source import MAX_YAML_BYTES, YamlSource, load_yaml_file

FailOn = Literal["error", "warning", "info", "never"]


class RuleSetting(BaseModel):
    model_config = ConfigDict(extra="allow")

    enabled: bool = True
    severity: Severity | None = None

    @property
    def options(self) -> dict[str, Any]:
        """Type-specific settings (thresholds …) passed to the rule."""
        return dict(self.model_extra or {})


class Vocabulary(BaseModel):
    """The organisation's own word list: ``accept`` is never flagged by word rules
    (substitution, existence); ``reject`` is flagged everywhere by the implicit rule
    ``config.afvist-ord``."""

    model_config = ConfigDict(extra="forbid")

    accept: list[str] = Field(default_factory=list)
    reject: list[str] = Field(default_factory=list)


def normalise_word(word: str) -> str:
    """How vocabulary entries are compared: case and spacing do not count."""
    return " ".join(word.lower().split())


def vocabulary_problems(vocabulary: Vocabulary, source: YamlSource | None, origin: str) -> list[str]:
    """Words both accepted and rejected, or empty entries: Danish problems with locations."""
    problems: list[str] = []

    def where(*key: Any) -> str:
        return source.location(("vocabulary", *key)) if source else origin

    accepted = {normalise_word(word): index for index, word in enumerate(vocabulary.accept)}
    for kind, words in (("accept", vocabulary.accept), ("reject", vocabulary.reject)):
        for index, word in enumerate(words):
            if not word.strip():
                problems.append(f"{where(kind, index)}: tomt ord i ordlisten «{kind}». Slet linjen.")
    for index, word in enumerate(vocabulary.reject):
        first = accepted.get(normalise_word(word))
        if first is None:
            continue
        also = f" (linje {source.where(('vocabulary', 'accept', first))[0]})" if source else ""
        problems.append(
            f"{where('reject', index)}: modstridende ord i ordlisten: «{word}» står både under "
            f"accept{also} og reject. Slet det ene sted."
        )
    return problems


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    packs: list[str] | None = None
    """None = every shipped pack."""
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    model: str = DEFAULT_MODEL
    fail_on: FailOn = "error"
    min_severity: Severity = Severity.INFO
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    source: str | None = None
    """Where this configuration was read from (None = defaults)."""

    @field_validator("rules", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """Accept 'off'/'on'/false and a bare severity word as a rule setting."""
        if not isinstance(value, dict):
            return value
        expanded: dict[str, Any] = {}
        for rule_id, setting in value.items():
            if setting in ("off", False, "disable", "fra"):
                expanded[rule_id] = {"enabled": False}
            elif setting in ("on", True, "enable", "til"):
                expanded[rule_id] = {"enabled": True}
            elif isinstance(setting, str):
                expanded[rule_id] = {"severity": setting}
            else:
                expanded[rule_id] = setting
        return expanded

    def base_dir(self) -> Path:
        return Path(self.source).parent if self.source else Path.cwd()


def _validate(data: Any, source: YamlSource | None, origin: str) -> Config:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RulePackError(f"{origin}: konfigurationen skal være en samling af felter.")
    try:
        config = Config.model_validate({**data, "source": origin})
    except ValidationError as error:
        problems = []
        for item in error.errors():
            location = source.location(tuple(item["loc"])) if source else origin
            field_name = ".".join(str(part) for part in item["loc"])
            problems.append(f"{location}: konfiguration «{field_name}»: {item['msg']}")
        raise RulePackError(f"Konfigurationen {origin} har fejl.", problems) from error
    conflicts = vocabulary_problems(config.vocabulary, source, origin)
    if conflicts:
        raise RulePackError(f"Konfigurationen {origin} har fejl.", conflicts)
    return config


def load_config_file(path: Path) -> Config:
    """Read a brevtjek.yaml or a pyproject.toml with [tool.brevtjek]."""
    if not path.is_file():
        raise RulePackError(f"Konfigurationsfilen {path} findes ikke.")
    if path.name == "pyproject.toml":
        import tomllib  # only for this case: most configurations are YAML

        try:
            if path.stat().st_size > MAX_YAML_BYTES:
                raise RulePackError(f"{path}: filen er for stor (højst {MAX_YAML_BYTES // 1024} kB).")
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise RulePackError(f"{path}: kan ikke læses som TOML ({error}).") from error
        except RecursionError as error:  # tomllib recurses into nested arrays: "[[[[…"
            raise RulePackError(f"{path}: kan ikke læses som TOML (indlejret for dybt).") from error
        return _validate(table.get("tool", {}).get("brevtjek", {}), None, str(path))
    source = load_yaml_file(path)
    return _validate(source.data, source, str(path))


def load_config(explicit: str | Path | None, near: Path | None = None) -> Config:
    """The configuration in effect for a run."""
    found = config_file(explicit, near)
    return load_config_file(found) if found is not None else Config()


__all__ = ["CONFIG_NAMES", "Config", "RuleSetting", "Vocabulary", "discover_config", "load_config",
           "load_config_file"]
