"""Run the rules of the loaded packs over one analysed letter.

The engine applies the configuration (rules switched off, severities changed, per-rule
options), compiles each rule once per process against the NLP pipeline, and returns the
findings sorted by position with exact duplicates removed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from brevtjek.config import Config
from brevtjek.findings import Finding
from brevtjek.rules.compiled import CompiledRule, CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.packs import LoadedRule, PackSet, builtin_pack_names, load_packs
from brevtjek.rules.types import REGISTRY


@dataclass
class ActiveRule:
    loaded: LoadedRule
    compiled: CompiledRule


def packs_for(config: Config) -> PackSet:
    """Load the packs a configuration asks for (every shipped pack by default)."""
    names = config.packs if config.packs is not None else builtin_pack_names()
    base = config.base_dir()
    resolved = []
    for name in names:
        candidate = base / name
        resolved.append(str(candidate) if candidate.is_dir() else name)
    return load_packs(resolved, search=[base])


class RuleEngine:
    def __init__(self, packs: PackSet, config: Config) -> None:
        self.packs = packs
        self.config = config
        self._active: list[ActiveRule] | None = None

    def enabled_rules(self) -> list[LoadedRule]:
        rules = []
        for loaded in self.packs.rules:
            setting = self.config.rules.get(loaded.spec.id)
            if setting is not None and not setting.enabled:
                continue
            if setting is not None and setting.severity is not None:
                loaded = replace(loaded, spec=loaded.spec.model_copy(
                    update={"severity": setting.severity}))
            rules.append(loaded)
        return rules

    def compile(self, nlp: Any, data: dict[str, Any] | None = None) -> None:
        env = CompileEnv(nlp=nlp, data=data or {})
        self._active = [
            ActiveRule(loaded, REGISTRY[loaded.spec.TYPE].compile(loaded.spec, env))
            for loaded in self.enabled_rules()
        ]

    def settings(self) -> dict[str, Any]:
        return {rule_id: setting.options for rule_id, setting in self.config.rules.items()}

    def run(self, context: CheckContext, only: set[str] | None = None) -> list[Finding]:
        if self._active is None:
            raise RuntimeError("RuleEngine.compile() must run before RuleEngine.run()")
        findings: dict[tuple[Any, ...], Finding] = {}
        for active in self._active:
            if only is not None and active.loaded.spec.id not in only:
                continue
            for finding in active.compiled.check(context):
                finding = replace(finding, pack=active.loaded.pack)
                key = (finding.rule, finding.location.block, finding.location.start,
                       finding.location.end)
                findings.setdefault(key, finding)
        return sorted(findings.values(), key=lambda finding: finding.sort_key)


def pack_dirs(packs: PackSet) -> list[Path]:
    return [pack.path for pack in packs.packs]
