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

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brevtjek.findings import Finding, Severity
from brevtjek.rules import cache
from brevtjek.rules.compiled import CompiledRule, CompileEnv
from brevtjek.rules.packs import LoadedRule, PackSet, builtin_pack_names, load_packs
from brevtjek.rules.phrases import PhraseIndex
from brevtjek.rules.types import REGISTRY

if TYPE_CHECKING:
    from brevtjek.config import Config
    from brevtjek.rules.context import CheckContext

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
    """Load the packs a configuration asks for (every shipped pack by default).

    Through the compiled-pack cache (:mod:`brevtjek.rules.cache`): unchanged packs are not
    parsed and validated again. Only ``packs`` and where the configuration lives matter to
    the result, so only they are in the key; the rest of the configuration is applied later.
    """
    packs = tuple(config.packs) if config.packs is not None else None
    return cache.cached("packs", (packs, config.source), lambda: _load_packs_for(config))


def _load_packs_for(config: Config) -> PackSet:
    names = config.packs if config.packs is not None else builtin_pack_names()
    base = config.base_dir()
    resolved = []
    for name in names:
        candidate = base / name
        resolved.append(str(candidate) if cache.is_dir(candidate) else name)
    return load_packs(resolved, search=[base])


@dataclass
class MemoCompileEnv(CompileEnv):
    """A CompileEnv that lemmatizes each phrase once and remembers it in ``memo``.

    Lemmatizing the packs' word lists runs the whole pipeline over a few hundred phrases,
    about as long as validating the packs; the result depends only on the phrase and the
    pipeline, so it is kept in the cache between runs (see :func:`lemma_key`)."""

    memo: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def lemmatize(self, phrases: list[str]) -> list[list[tuple[str, str, str]]]:
        missing = [phrase for phrase in dict.fromkeys(phrases) if phrase not in self.memo]
        if missing:
            self.memo.update(zip(missing, super().lemmatize(missing), strict=True))
        return [list(self.memo[phrase]) for phrase in phrases]


def lemma_key(nlp: Any) -> str | None:
    """The cache key for lemmas made by ``nlp``, or None when its identity is unknown.

    Only a pipeline loaded from a folder can be recognised again: the key holds every
    file of that folder (size and time), its components and the spaCy version. Anything
    built in memory (a blank pipeline, a test's pipeline) is lemmatized afresh."""
    location = getattr(nlp, "path", None)
    if not location or not Path(location).is_dir():
        return None
    import spacy

    meta = getattr(nlp, "meta", {}) or {}
    return cache.make_key("lemmas", (
        str(location), _model_files(Path(location)),
        tuple(nlp.pipe_names), meta.get("name"), meta.get("version"), spacy.__version__,
    ))


def _model_files(location: Path) -> list[tuple[str, int, int]]:
    files = []
    for path in sorted(location.rglob("*")):
        if path.is_file():
            info = path.stat()
            files.append((str(path), info.st_size, info.st_mtime_ns))
    return files


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
        key = lemma_key(nlp) if cache.enabled() else None
        stored = cache.load("lemmas", key) if key else None
        memo: dict[str, list[tuple[str, str, str]]] = dict(stored[1]) if stored else {}
        known = len(memo)
        envs: dict[str, CompileEnv] = {}
        active = []
        for loaded in self.enabled_rules():
            env = envs.get(loaded.pack)
            if env is None:
                env = MemoCompileEnv(nlp=nlp, data={**(data or {}), **pack_data.get(loaded.pack, {})},
                                     morphology=morphology, memo=memo)
                envs[loaded.pack] = env
            active.append(ActiveRule(loaded, REGISTRY[loaded.spec.TYPE].compile(loaded.spec, env)))
        self._active = active
        self._accept = PhraseIndex()
        accepted = [word for word in self.config.vocabulary.accept if word.strip()]
        lemmatizer = MemoCompileEnv(nlp=nlp, memo=memo)
        for tokens in lemmatizer.lemmatize(accepted):
            self._accept.add([{lower, lemma} for _, lower, lemma in tokens], True)
        if key and len(memo) > known:
            cache.store("lemmas", key, [], memo)

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
