"""``brevtjek rules test | schema | show | list`` on small packs written for the test."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from brevtjek.cli import app
from tests.packs import JARGON_RULE, write_pack

runner = CliRunner()

REQUIRED_IN_SECTION = {
    "id": "test.frist", "type": "required", "section": "klage", "patterns": [r"\b\d+ uger\b"],
    "message": "Klagevejledningen nævner ingen frist.",
    "examples": {
        "bad": ["# Afgørelse\n\nSvar inden 4 uger.\n\n# Klagevejledning\n\nDu kan klage."],
        "good": ["# Klagevejledning\n\nDu kan klage inden 4 uger."],
    },
}
HEADER_RULE = {
    "id": "test.skabelon", "type": "existence", "scope": "header_footer", "patterns": ["XX+"],
    "message": "«{match}» er ikke udfyldt.",
    "examples": {"bad": ["Sagsnummer: XXXX"], "good": ["Sagsnummer: 2024-117"]},
}
CONDITIONAL_RULE = {
    "id": "test.klage-ved-afslag", "type": "conditional",
    "when": {"outcome": ["afslag", "delvis"]}, "require": {"appeal_guidance.present": True},
    "message": "Et afslag skal have en klagevejledning.",
    "examples": {
        "bad": [{"text": "Du får afslag på en rollator.",
                 "facts": {"outcome": "afslag", "appeal_guidance.present": False}}],
        "good": [{"text": "Du får afslag på en rollator. Du kan klage.",
                  "facts": {"outcome": "afslag", "appeal_guidance": {"present": True}}},
                 {"text": "Du får en rollator.", "facts": {"outcome": "bevilling"}}],
    },
}


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_rules_test_passes_markdown_sections_parts_and_facts(tmp_path):
    folder = write_pack(tmp_path, rules=[JARGON_RULE, REQUIRED_IN_SECTION, HEADER_RULE,
                                         CONDITIONAL_RULE])
    result = invoke("rules", "test", str(folder))
    assert result.exit_code == 0, result.output
    assert "0 fejlet" in result.output and "(4 regler, 9 eksempler)" in result.output


def test_rules_test_fails_rule_whose_bad_examples_never_fire(tmp_path):
    silent = dict(JARGON_RULE, id="test.tavs",
                  examples={"bad": ["Hvis du vil."], "good": ["Hvis du vil."]})
    folder = write_pack(tmp_path, rules=[silent])
    result = invoke("rules", "test", str(folder))
    assert result.exit_code == 1
    assert "FEJL test.tavs: dårligt eksempel udløste ikke reglen" in result.output
    assert "FEJL test.tavs: ingen af de dårlige eksempler udløste reglen" in result.output


def test_rules_test_example_facts_override_extracted_facts(tmp_path):
    broken = json.loads(json.dumps(CONDITIONAL_RULE))
    # whatever the extractor reads in the text, the example says the outcome is a grant
    broken["examples"]["bad"] = [{"text": "Du får afslag på en rollator.",
                                  "facts": {"outcome": "bevilling"}}]
    result = invoke("rules", "test", str(write_pack(tmp_path, rules=[broken])))
    assert result.exit_code == 1 and "udløste ikke reglen" in result.output


def test_rules_test_reports_rules_the_model_cannot_run_as_skipped(tmp_path):
    passive = {"id": "test.passiv", "type": "pattern", "message": "«{match}» er passiv.",
               "tokens": [[{"MORPH": "Voice=Pass"}]],
               "examples": {"bad": ["Ansøgningen afslås."], "good": ["Vi afslår ansøgningen."]}}
    folder = write_pack(tmp_path, rules=[passive])
    result = invoke("rules", "test", str(folder), "--model", "blank")
    assert result.exit_code == 0, result.output
    assert "SPRUNGET OVER test.passiv" in result.output and "MORPH" in result.output
    assert "2 sprunget over" in result.output


def test_rules_schema_is_json_schema_for_rule_files(tmp_path):
    result = invoke("rules", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    for rule in (JARGON_RULE, REQUIRED_IN_SECTION, HEADER_RULE, CONDITIONAL_RULE):
        jsonschema.validate(rule, schema)
    jsonschema.validate({"rules": [JARGON_RULE, HEADER_RULE]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(JARGON_RULE, type="erstatning"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(JARGON_RULE, severity="alvorlig"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(HEADER_RULE, wrods=["x"]), schema)
    manifest = json.loads(invoke("rules", "schema", "--manifest").output)
    jsonschema.validate({"name": "x", "extends": ["klarsprog"]}, manifest)


def test_rules_show_and_list(tmp_path):
    folder = write_pack(tmp_path / "packs", rules=[JARGON_RULE, CONDITIONAL_RULE])
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump({
        "packs": [str(folder)], "rules": {"test.papirord": "off"},
        "vocabulary": {"reject": ["sagsakter"]}}), "utf-8")
    config = str(tmp_path / "brevtjek.yaml")
    shown = invoke("rules", "show", "test.klage-ved-afslag", "--config", config)
    assert shown.exit_code == 0
    assert "Når: outcome: ['afslag', 'delvis']" in shown.output
    assert "Kræver: appeal_guidance.present: True" in shown.output
    assert "fakta:" in shown.output
    missing = invoke("rules", "show", "test.klage-ved-afslg", "--config", config)
    assert missing.exit_code == 2 and "Mente du «test.klage-ved-afslag»" in missing.output
    listed = invoke("rules", "list", "--config", config)
    assert "config.afvist-ord" in listed.output and "slået fra" in listed.output


def test_rule_the_model_cannot_run_is_a_warning_in_the_report(tmp_path):
    from brevtjek.checker import Checker
    from brevtjek.config import Config
    from brevtjek.document.text_reader import read_text

    passive = {"id": "test.passiv", "type": "pattern", "message": "m",
               "tokens": [[{"MORPH": "Voice=Pass"}]],
               "examples": {"bad": ["Ansøgningen afslås."], "good": ["Vi afslår."]}}
    checker = Checker(Config(packs=[str(write_pack(tmp_path, rules=[passive]))]), "blank")
    report = checker.check_document(read_text("Ansøgningen afslås af kommunen.", "t.txt"))
    assert report.findings == []
    assert any("test.passiv er sprunget over" in warning and "MORPH" in warning
               for warning in report.warnings)
