"""The rule examples in docs/regelpakker.md are real: they load, and their examples pass.

Legal staff copy from the guide; an example there that no longer validates would teach the
wrong thing, so the guide's YAML blocks are run like a pack.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from brevtjek.checker import Checker
from brevtjek.config import Config
from brevtjek.rules.packs import load_packs
from brevtjek.rules.testing import run_examples

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "regelpakker.md"
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def guide_blocks() -> list[dict]:
    return [yaml.safe_load(block) for block in YAML_BLOCK.findall(GUIDE.read_text("utf-8"))]


def test_guide_rules_load_and_their_examples_pass(tmp_path):
    blocks = guide_blocks()
    rules = [block for block in blocks if isinstance(block, dict) and "id" in block]
    word_lists = [block for block in blocks if isinstance(block, dict) and "words" in block
                  and "id" not in block]
    assert {rule["type"] for rule in rules} >= {
        "substitution", "existence", "occurrence", "pattern", "required", "conditional",
        "consistency"}
    folder = tmp_path / "guide"
    (folder / "data" / "ordlister").mkdir(parents=True)
    (folder / "pack.yaml").write_text("name: guide\n", "utf-8")
    (folder / "data" / "ordlister" / "latin.yaml").write_text(
        yaml.safe_dump(word_lists[0], allow_unicode=True), "utf-8")
    for index, rule in enumerate(rules):
        rule = dict(rule, id="guide." + rule["id"].split(".", 1)[1])
        (folder / f"r{index}.yaml").write_text(yaml.safe_dump(rule, allow_unicode=True), "utf-8")
    assert len(load_packs([str(folder)]).rules) == len(rules)
    results = run_examples(Checker(Config(packs=[str(folder)])))
    assert [r for r in results if not r.passed] == []
    assert not [r for r in results if r.skipped]


def test_guide_config_block_is_a_valid_configuration(tmp_path):
    from brevtjek.config import _validate

    config = next(block for block in guide_blocks() if isinstance(block, dict) and "vocabulary" in block)
    loaded = _validate(config, None, "brevtjek.yaml")
    assert loaded.vocabulary.reject == ["sagsakter"]
