"""The configuration's vocabulary and shared data files (``words_from``)."""

from __future__ import annotations

import pytest
import yaml

from brevtjek.checker import Checker
from brevtjek.config import Config
from brevtjek.document.text_reader import read_text
from tests.packs import JARGON_RULE, write_pack

EXISTENCE_RULE = {
    "id": "test.fagord", "type": "existence", "message": "«{match}» er et fagord.",
    "words": ["visitation", "opsættende virkning", "egenandel"],
    "examples": {"bad": ["Efter visitationen."], "good": ["Efter samtalen."]},
}


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return write_pack(tmp_path_factory.mktemp("packs"), rules=[JARGON_RULE, EXISTENCE_RULE])


def checker(config: Config) -> Checker:
    # The blank pipeline's full lookup table: these tests are about the vocabulary logic, and
    # which inflections a model's lemma table knows differs from model to model.
    return Checker(config, "blank")


def flagged(config: Config, text: str) -> list[tuple[str, str]]:
    report = checker(config).check_document(read_text(text, "t.txt"))
    return [(finding.rule, finding.text) for finding in report.findings]


def test_accepted_words_are_never_flagged_in_any_form(pack):
    text = "Såfremt du vil, kan du få visitationen og en bevilling."
    assert flagged(Config(packs=[str(pack)]), text) == [
        ("test.papirord", "Såfremt"), ("test.fagord", "visitationen"), ("test.papirord", "bevilling")]
    config = Config(packs=[str(pack)], vocabulary={"accept": ["visitation", "Bevilling"]})
    assert flagged(config, text) == [("test.papirord", "Såfremt")]


def test_accepted_phrase_covers_the_words_inside_it(pack):
    config = Config(packs=[str(pack)], vocabulary={"accept": ["i henhold til loven"]})
    assert flagged(config, "Vi gør det i henhold til loven.") == []
    assert flagged(config, "Vi gør det i henhold til reglen.") == [("test.papirord", "i henhold til")]


def test_rejected_words_flagged_by_implicit_rule(pack):
    config = Config(packs=[str(pack)], vocabulary={"reject": ["sagsakter", "borger.dk-selvbetjening"]})
    report = checker(config).check_document(read_text("Vi har læst sagsakterne.", "t.txt"))
    (finding,) = report.findings
    assert finding.rule == "config.afvist-ord"
    assert finding.severity.value == "warning"
    assert finding.text == "sagsakterne"
    assert "afviste ord" in finding.message


def test_implicit_rule_obeys_rule_settings(pack):
    off = Config(packs=[str(pack)], vocabulary={"reject": ["sagsakter"]},
                 rules={"config.afvist-ord": "off"})
    assert flagged(off, "Vi har læst sagsakterne.") == []
    error = Config(packs=[str(pack)], vocabulary={"reject": ["sagsakter"]},
                   rules={"config.afvist-ord": "error"})
    report = checker(error).check_document(read_text("Vi har læst sagsakterne.", "t.txt"))
    assert [f.severity.value for f in report.findings] == ["error"]


def test_vocabulary_from_yaml_file_and_conflict(tmp_path, pack):
    from brevtjek.config import load_config_file
    from brevtjek.errors import RulePackError

    config_file = tmp_path / "brevtjek.yaml"
    config_file.write_text(yaml.safe_dump({"packs": [str(pack)], "vocabulary": {
        "accept": ["egenandel"], "reject": ["sagsakter"]}}), "utf-8")
    config = load_config_file(config_file)
    assert flagged(config, "Din egenandel og sagsakterne.") == [("config.afvist-ord", "sagsakterne")]
    config_file.write_text("vocabulary: {accept: [x], reject: [y], afvis: [z]}\n", "utf-8")
    with pytest.raises(RulePackError):
        load_config_file(config_file)


# --- words_from ------------------------------------------------------------------------------

def test_words_from_pack_data_wins_over_shared_data(tmp_path, monkeypatch):
    shared = tmp_path / "shipped"
    (shared / "data" / "ordlister").mkdir(parents=True)
    (shared / "data" / "ordlister" / "fagord.yaml").write_text("[partshøring]\n", "utf-8")
    (shared / "data" / "ordlister" / "latin.yaml").write_text(
        "description: Latin\nwords: [in casu, pro rata]\n", "utf-8")
    monkeypatch.setenv("BREVTJEK_RULES_DIR", str(shared))
    rule = {"id": "test.ord", "type": "existence", "message": "«{match}»", "words": ["hjemmel"],
            "words_from": ["ordlister/fagord", "ordlister/latin"],
            "examples": {"bad": ["In casu er det sådan."], "good": ["Her er det sådan."]}}
    folder = write_pack(tmp_path / "packs", rules=[rule])
    text = "Hjemmel, partshøring, aktindsigt og in casu."
    assert [t for _, t in flagged(Config(packs=[str(folder)]), text)] == [
        "Hjemmel", "partshøring", "in casu"]
    (folder / "data" / "ordlister").mkdir(parents=True)
    (folder / "data" / "ordlister" / "fagord.yaml").write_text("words: [aktindsigt]\n", "utf-8")
    assert [t for _, t in flagged(Config(packs=[str(folder)]), text)] == [
        "Hjemmel", "aktindsigt", "in casu"]


def test_data_files_reach_compile_env(tmp_path):
    from brevtjek.rules.engine import packs_for

    rule = {"id": "test.ord", "type": "existence", "message": "m", "words_from": ["liste"],
            "examples": {"bad": ["x"], "good": ["y"]}}
    folder = write_pack(tmp_path, rules=[rule])
    (folder / "data").mkdir()
    (folder / "data" / "liste.yaml").write_text("[a, b]\n", "utf-8")
    packs = packs_for(Config(packs=[str(folder)]))
    assert packs.packs[0].data == {"liste": ["a", "b"]}
    assert packs.rules[0].spec.words == ["a", "b"]
