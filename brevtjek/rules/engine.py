"""Run the rules of the loaded packs over one analysed letter.

The engine applies the configuration (rules switched off, severities changed, per-rule
options, the vocabulary), compiles each rule once per process against the NLP pipeline, and
returns the findings sorted by position with exact duplicates removed.

The configuration's vocabulary: words under ``accept`` are never flagged by the word rules
(substitution, existence) — a finding lying inside an accepted word or phrase is dropped;
words under ``reject`` become the implicit rule ``config.afvist-ord`` (warning), which can
be switched off or given another severity like any other rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from brevtjek.config import Config
from brevtjek.findings import Finding, Severity
from brevtjek.rules.compiled import CompiledRule, CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.packs import LoadedRule, PackSet, builtin_pack_names, load_packs
from brevtjek.rules.phrases import PhraseIndex
from brevtjek.rules.types import REGISTRY

REJECT_RULE_ID = "config.afvist-ord"
ACCEPT_APPLIES_TO = frozenset({"substitution", "existence"})
"""Rule types whose findings an accepted vocabulary word suppresses."""


def reject_rule(config: Config) -> LoadedRule | None:
    """The implicit rule flagging the configuration's rejected words (None without any)."""
    words = [word for word in config.vocabulary.reject if word.strip()]
    if not words:
        return None
    spec = REGISTRY["existence"].Spec.model_validate({
        "id": REJECT_RULE_ID,
        "type": "existence",
        "severity": Severity.WARNING,
        "message": "«{match}» står på listen over afviste ord i konfigurationen.",
        "suggestion": "Brug et andet ord.",
        "description": "Ord, som organisationen har besluttet ikke at bruge "
                       "(vocabulary.reject i konfigurationen).",
        "scope": "letter",
        "words": words,
        "examples": {"bad": words, "good": []},
    })
    return LoadedRule(spec, "config", config.source or "<konfiguration>", 1)


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
        self._accept: PhraseIndex[bool] = PhraseIndex()

    def all_rules(self) -> list[LoadedRule]:
        """Every rule of the packs plus the implicit vocabulary rule, before configuration."""
        implicit = reject_rule(self.config)
        return [*self.packs.rules, *([implicit] if implicit else [])]

    def enabled_rules(self) -> list[LoadedRule]:
        rules = []
        for loaded in self.all_rules():
            setting = self.config.rules.get(loaded.spec.id)
            if setting is not None and not setting.enabled:
                continue
            if setting is not None and setting.severity is not None:
                loaded = replace(loaded, spec=loaded.spec.model_copy(
                    update={"severity": setting.severity}))
            rules.append(loaded)
        return rules

    def compile(self, nlp: Any, data: dict[str, Any] | None = None, morphology: bool | None = None) -> None:
        """Compile the enabled rules; each sees the data files of its own pack (CompileEnv.data)."""
        pack_data = {pack.name: pack.data for pack in self.packs.packs}
        envs: dict[str, CompileEnv] = {}
        active = []
        for loaded in self.enabled_rules():
            env = envs.get(loaded.pack)
            if env is None:
                env = CompileEnv(nlp=nlp, data={**(data or {}), **pack_data.get(loaded.pack, {})},
                                 morphology=morphology)
                envs[loaded.pack] = env
            active.append(ActiveRule(loaded, REGISTRY[loaded.spec.TYPE].compile(loaded.spec, env)))
        self._active = active
        self._accept = PhraseIndex()
        accepted = [word for word in self.config.vocabulary.accept if word.strip()]
        lemmatizer = CompileEnv(nlp=nlp)
        for tokens in lemmatizer.lemmatize(accepted):
            self._accept.add([{lower, lemma} for _, lower, lemma in tokens], True)

    def unavailable(self) -> dict[str, str]:
        """Rules that cannot run with the loaded pipeline: rule id → Danish reason."""
        return {
            active.loaded.spec.id: reason
            for active in self._active or []
            if (reason := getattr(active.compiled, "unavailable", None))
        }

    def notes(self) -> list[str]:
        """Danish warnings for the report: rules that were skipped and why."""
        return [f"Reglen {rule_id} er sprunget over: {reason}."
                for rule_id, reason in self.unavailable().items()]

    def _accepted_ranges(self, context: CheckContext, block: int,
                         cache: dict[int, list[tuple[int, int]]]) -> list[tuple[int, int]]:
        if block not in cache:
            ranges: list[tuple[int, int]] = []
            for analyzed in context.analysis.blocks:
                if analyzed.block.index == block:
                    doc = analyzed.doc
                    for match in self._accept.find(doc):
                        span = doc[match.start:match.end]
                        ranges.append((span.start_char, span.end_char))
                    break
            cache[block] = ranges
        return cache[block]

    def _is_accepted(self, finding: Finding, context: CheckContext,
                     cache: dict[int, list[tuple[int, int]]]) -> bool:
        location = finding.location
        return any(start <= location.start and location.end <= end
                   for start, end in self._accepted_ranges(context, location.block, cache))

    def settings(self) -> dict[str, Any]:
        return {rule_id: setting.options for rule_id, setting in self.config.rules.items()}

    def run(self, context: CheckContext, only: set[str] | None = None) -> list[Finding]:
        if self._active is None:
            raise RuntimeError("RuleEngine.compile() must run before RuleEngine.run()")
        findings: dict[tuple[Any, ...], Finding] = {}
        accepted_cache: dict[int, list[tuple[int, int]]] = {}
        for active in self._active:
            if only is not None and active.loaded.spec.id not in only:
                continue
            filter_accepted = (self._accept.size > 0 and active.loaded.spec.TYPE in ACCEPT_APPLIES_TO
                               and active.loaded.spec.id != REJECT_RULE_ID)
            for finding in active.compiled.check(context):
                if filter_accepted and self._is_accepted(finding, context, accepted_cache):
                    continue
                finding = replace(finding, pack=active.loaded.pack)
                key = (finding.rule, finding.location.block, finding.location.start,
                       finding.location.end)
                findings.setdefault(key, finding)
        return sorted(findings.values(), key=lambda finding: finding.sort_key)


def pack_dirs(packs: PackSet) -> list[Path]:
    return [pack.path for pack in packs.packs]
