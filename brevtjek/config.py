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
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from brevtjek.errors import RulePackError
from brevtjek.findings import Severity
from brevtjek.rules.yaml_source import YamlSource, load_yaml_file

CONFIG_NAMES = ("brevtjek.yaml", ".brevtjek.yaml", "brevtjek.yml", ".brevtjek.yml")
FailOn = Literal["error", "warning", "info", "never"]


class RuleSetting(BaseModel):
    model_config = ConfigDict(extra="allow")

    enabled: bool = True
    severity: Severity | None = None

    @property
    def options(self) -> dict[str, Any]:
        """Type-specific settings (thresholds …) passed to the rule."""
        return dict(self.model_extra or {})


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    packs: list[str] | None = None
    """None = every shipped pack."""
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    model: str = "auto"
    fail_on: FailOn = "error"
    min_severity: Severity = Severity.INFO
    vocabulary: dict[str, list[str]] = Field(default_factory=dict)
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
    return config


def load_config_file(path: Path) -> Config:
    """Read a brevtjek.yaml or a pyproject.toml with [tool.brevtjek]."""
    if not path.is_file():
        raise RulePackError(f"Konfigurationsfilen {path} findes ikke.")
    if path.name == "pyproject.toml":
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise RulePackError(f"{path}: kan ikke læses som TOML ({error}).") from error
        return _validate(table.get("tool", {}).get("brevtjek", {}), None, str(path))
    source = load_yaml_file(path)
    return _validate(source.data, source, str(path))


def discover_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = pyproject.read_text(encoding="utf-8")
            except OSError:
                continue
            if "[tool.brevtjek]" in text:
                return pyproject
    return None


def load_config(explicit: str | Path | None, near: Path | None = None) -> Config:
    """The configuration in effect for a run."""
    if explicit:
        return load_config_file(Path(explicit))
    if near is not None:
        found = discover_config(near)
        if found is not None:
            return load_config_file(found)
    return Config()
