"""The shipped packs (rules/*) load cleanly and every example of every rule passes.

This is ``brevtjek rules test`` as CI runs it: a bad example that no longer fires, or a good
example that starts to, fails the build with the rule and the text.
"""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from brevtjek.checker import Checker
from brevtjek.config import Config
from brevtjek.rules.packs import PACK_FILE, builtin_pack_names, builtin_rules_dir, load_packs
from brevtjek.rules.schema import rule_schema
from brevtjek.rules.testing import run_examples

PACKS = builtin_pack_names()


def test_there_are_shipped_packs():
    assert "klarsprog" in PACKS


@pytest.fixture(scope="module")
def results():
    return run_examples(Checker(Config(packs=PACKS)))


def test_every_rule_has_examples_that_ran(results):
    rules = {loaded.spec.id for loaded in load_packs(PACKS).rules}
    for kind in ("bad", "good"):
        assert {result.rule for result in results if result.kind == kind} == rules


@pytest.mark.parametrize("pack", PACKS)
def test_every_example_passes(results, pack):
    pack_of = {loaded.spec.id: loaded.pack for loaded in load_packs(PACKS).rules}
    failed = [
        f"{r.rule}: {'dårligt' if r.kind == 'bad' else 'godt'} eksempel, {r.found} fund: {r.text!r}"
        if r.kind != "rule" else f"{r.rule}: ingen dårlige eksempler udløste reglen"
        for r in results if not r.passed and pack_of[r.rule] == pack
    ]
    assert failed == []


@pytest.mark.parametrize("pack", PACKS)
def test_rule_files_match_the_published_schema(pack):
    schema = rule_schema()
    for path in sorted((builtin_rules_dir() / pack).glob("*.yaml")):
        if path.name != PACK_FILE:
            jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), schema)
