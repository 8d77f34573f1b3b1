"""The compiled-pack cache (brevtjek/rules/cache.py): a hit gives the same rules without
parsing, any change to a pack file is a miss, errors are never cached, and a cache folder
that cannot be written simply means no cache."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from brevtjek.cli import app
from brevtjek.config import Config
from brevtjek.errors import RulePackError
from brevtjek.rules import cache, yaml_source
from brevtjek.rules.engine import MemoCompileEnv, packs_for
from brevtjek.rules.types import REGISTRY, TYPE_MODULES
from tests.packs import JARGON_RULE, write_pack

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BREVTJEK_CACHE_DIR", str(folder))
    monkeypatch.delenv("BREVTJEK_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The YAML files actually parsed (a cache hit parses none)."""
    seen: list[str] = []
    real = yaml_source.parse_yaml

    def counting(text: str, path: str) -> yaml_source.YamlSource:
        seen.append(path)
        return real(text, path)

    monkeypatch.setattr(yaml_source, "parse_yaml", counting)
    return seen


def entries(folder: Path, kind: str = "packs") -> list[Path]:
    return sorted(folder.glob(f"{kind}-*.pickle")) if folder.is_dir() else []


def describe(packs) -> list[tuple]:
    return [(rule.spec.model_dump(), rule.pack, rule.file, rule.line) for rule in packs.rules]


def test_a_hit_returns_the_identical_rules_without_parsing(tmp_path, cache_dir, parses):
    pack = write_pack(tmp_path / "pakker")
    first = packs_for(Config(packs=[str(pack)]))
    assert parses and len(entries(cache_dir)) == 1
    parses.clear()
    second = packs_for(Config(packs=[str(pack)]))
    assert parses == []
    assert describe(second) == describe(first)
    assert [p.name for p in second.packs] == ["test"]


def test_the_shipped_packs_come_back_identical(cache_dir, parses):
    first = packs_for(Config())
    parses.clear()
    second = packs_for(Config())
    assert parses == []
    assert describe(second) == describe(first)
    assert len(second.rules) > 30


def test_editing_a_rule_file_invalidates_the_entry(tmp_path, cache_dir, parses):
    pack = write_pack(tmp_path / "pakker")
    packs_for(Config(packs=[str(pack)]))
    rule_file = pack / "papirord.yaml"
    rule_file.write_text(yaml.safe_dump({**JARGON_RULE, "message": "Nyt: «{match}»."}, allow_unicode=True),
                         "utf-8")
    parses.clear()
    reloaded = packs_for(Config(packs=[str(pack)]))
    assert str(rule_file) in parses
    assert reloaded.rules[0].spec.message == "Nyt: «{match}»."


def test_a_new_rule_file_is_seen(tmp_path, cache_dir):
    pack = write_pack(tmp_path / "pakker")
    assert len(packs_for(Config(packs=[str(pack)])).rules) == 1
    extra = {**JARGON_RULE, "id": "test.andet"}
    (pack / "andet.yaml").write_text(yaml.safe_dump(extra, allow_unicode=True), "utf-8")
    assert sorted(r.spec.id for r in packs_for(Config(packs=[str(pack)])).rules) == ["test.andet", "test.papirord"]


def test_a_broken_pack_after_a_cached_good_one_reports_file_line_col(tmp_path, cache_dir):
    pack = write_pack(tmp_path / "pakker")
    packs_for(Config(packs=[str(pack)]))
    rule_file = pack / "papirord.yaml"
    rule_file.write_text("id: test.papirord\ntype: substitution\nmessage: [ikke lukket\n", "utf-8")
    with pytest.raises(RulePackError) as raised:
        packs_for(Config(packs=[str(pack)]))
    assert any(problem.startswith(f"{rule_file}:") and problem.split(":")[1].isdigit()
               for problem in raised.value.problems)
    # and through the command line: Danish message with file:line:col, exit code 2
    result = runner.invoke(app, ["rules", "validate", "--config", str(_config(tmp_path, pack))])
    assert result.exit_code == 2
    assert f"{rule_file}:" in result.output


def test_an_invalid_field_after_a_cached_good_version_is_reported(tmp_path, cache_dir):
    pack = write_pack(tmp_path / "pakker")
    packs_for(Config(packs=[str(pack)]))
    rule_file = pack / "papirord.yaml"
    rule_file.write_text(yaml.safe_dump({**JARGON_RULE, "severity": "slem"}, allow_unicode=True), "utf-8")
    with pytest.raises(RulePackError) as raised:
        packs_for(Config(packs=[str(pack)]))
    assert any("ugyldig alvorlighed «slem»" in problem and problem.startswith(f"{rule_file}:")
               for problem in raised.value.problems)


def test_a_failing_pack_is_never_cached(tmp_path, cache_dir):
    pack = write_pack(tmp_path / "pakker", rules=[{**JARGON_RULE, "type": "ukendt"}])
    for _ in range(2):  # the second attempt validates again: same error
        with pytest.raises(RulePackError, match="1 fejl"):
            packs_for(Config(packs=[str(pack)]))
    assert entries(cache_dir) == []


def test_an_unwritable_cache_folder_is_no_cache(tmp_path, monkeypatch, parses):
    blocker = tmp_path / "fil"
    blocker.write_text("ikke en mappe", "utf-8")
    monkeypatch.setenv("BREVTJEK_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even by root
    monkeypatch.delenv("BREVTJEK_NO_CACHE", raising=False)
    pack = write_pack(tmp_path / "pakker")
    assert len(packs_for(Config(packs=[str(pack)])).rules) == 1
    parses.clear()
    assert len(packs_for(Config(packs=[str(pack)])).rules) == 1
    assert parses  # validated again, silently
    result = runner.invoke(app, ["rules", "list", "--config", str(_config(tmp_path, pack))])
    assert result.exit_code == 0, result.output
    assert "test.papirord" in result.output


def test_a_corrupt_entry_is_a_miss(tmp_path, cache_dir, parses):
    pack = write_pack(tmp_path / "pakker")
    packs_for(Config(packs=[str(pack)]))
    (entry,) = entries(cache_dir)
    entry.write_bytes(b"\x80\x04 ikke en pickle")
    parses.clear()
    assert len(packs_for(Config(packs=[str(pack)])).rules) == 1
    assert parses


def test_no_cache_leaves_no_entries_and_is_restored(tmp_path, cache_dir):
    pack = write_pack(tmp_path / "pakker")
    config = _config(tmp_path, pack)
    result = runner.invoke(app, ["rules", "list", "--no-cache", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "test.papirord" in result.output
    assert not cache_dir.exists()
    assert "BREVTJEK_NO_CACHE" not in os.environ
    result = runner.invoke(app, ["rules", "list", "--config", str(config)])
    assert entries(cache_dir, "list") and entries(cache_dir, "packs")


def test_rules_list_follows_an_edited_configuration(tmp_path, cache_dir):
    pack = write_pack(tmp_path / "pakker")
    config = _config(tmp_path, pack)
    first = runner.invoke(app, ["rules", "list", "--config", str(config)])
    assert "advarsel" in first.output
    config.write_text(yaml.safe_dump({"packs": [str(pack)], "rules": {"test.papirord": "off"}}), "utf-8")
    second = runner.invoke(app, ["rules", "list", "--config", str(config)])
    assert second.exit_code == 0
    assert "slået fra" in second.output


def test_rules_list_from_the_cache_imports_neither_pydantic_nor_yaml(tmp_path):
    """The point of the cache for `rules list`: answer before the heavy imports."""
    env = {**os.environ, "BREVTJEK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("BREVTJEK_NO_CACHE", None)
    command = [sys.executable, "-X", "importtime", "-m", "brevtjek", "rules", "list"]
    runs = [subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], [
        [line for line in run.stderr.splitlines() if not line.startswith("import time:")] for run in runs]
    assert runs[0].stdout == runs[1].stdout
    imported = {line.split("|")[-1].strip() for line in runs[1].stderr.splitlines() if "|" in line}
    assert "brevtjek.rules.cache" in imported
    assert not {name for name in imported if name.split(".")[0] in ("pydantic", "yaml", "spacy")}
    first = {line.split("|")[-1].strip() for line in runs[0].stderr.splitlines() if "|" in line}
    assert "yaml" in first  # the first run did the work


def _load_in_worker(folder: str) -> list[str]:
    return [rule.spec.id for rule in packs_for(Config(packs=[folder])).rules]


def test_parallel_spawned_workers_share_the_cache(tmp_path, cache_dir):
    pack = write_pack(tmp_path / "pakker")
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.map(_load_in_worker, [str(pack)] * 6)
    assert results == [["test.papirord"]] * 6
    assert len(entries(cache_dir)) == 1
    assert not list(cache_dir.glob("*.tmp"))
    assert _load_in_worker(str(pack)) == ["test.papirord"]


def test_the_cache_keeps_a_bounded_number_of_entries(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for number in range(6):
        cache.store("list", f"{number:032x}", [], [number])
    assert len(list(cache_dir.iterdir())) <= 3


def test_memo_lemmatizes_each_phrase_once_with_the_same_result(nlp):
    calls: list[list[str]] = []

    class Counting:
        def __init__(self, inner):
            self.inner = inner

        def pipe(self, texts):
            calls.append(list(texts))
            return self.inner.pipe(texts)

    phrases = ["i henhold til", "bevillingen", "i henhold til", "ydelser"]
    plain = MemoCompileEnv(nlp=nlp).lemmatize(phrases)
    from brevtjek.rules.compiled import CompileEnv

    assert plain == CompileEnv(nlp=nlp).lemmatize(phrases)
    memo: dict = {}
    env = MemoCompileEnv(nlp=Counting(nlp), memo=memo)
    assert env.lemmatize(phrases) == plain
    assert env.lemmatize(["ydelser", "bevillingen"]) == [plain[3], plain[1]]
    assert calls == [["i henhold til", "bevillingen", "ydelser"]]


def test_the_registry_imports_a_type_only_when_used():
    assert sorted(REGISTRY) == sorted(TYPE_MODULES)
    for name in REGISTRY:
        assert name == REGISTRY[name].Spec.TYPE
    assert REGISTRY.get("ukendt") is None


def _config(root: Path, pack: Path) -> Path:
    config = root / "brevtjek.yaml"
    if not config.exists():
        config.write_text(yaml.safe_dump({"packs": [str(pack)]}), "utf-8")
    return config
