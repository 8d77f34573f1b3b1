"""``brevtjek eval``: scoring functions and the command on a tiny corpus of text letters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from brevtjek.cli import app
from brevtjek.evaluation import (
    CorpusError,
    citation_pairs,
    decision_block_ok,
    expected_rules,
    load_corpus,
)

runner = CliRunner()

GRANT = ("# Du får en rollator\n\nDu får den rollator, du har søgt om, efter § 112 i serviceloven. "
         "Vi har lagt vægt på, at du ifølge lægen kan gå 50 meter.\n")
REFUSAL = ("# Du får ikke en elcykel\n\nDu får afslag på en elcykel efter § 113 i serviceloven. "
           "Vi har lagt vægt på, at du kan cykle på din egen cykel.\n\n# Klagevejledning\n\n"
           "Du kan klage inden 4 uger efter, at du har fået afgørelsen. Send klagen til os. "
           "Fastholder vi afgørelsen, sender vi den til Ankestyrelsen.\n")


def _facts(outcome: str, citation: str, guidance: dict, decision_text: str) -> dict:
    return {
        "letter_kind": "afgørelse", "outcome": outcome, "decision_text": decision_text,
        "legal_citations": [{"text": citation, "law": "serviceloven",
                             "paragraph": citation.split()[1], "stk": None, "nr": None}],
        "reasoning_present": True, "appeal_guidance": guidance, "address_form": "du",
    }


def write_corpus(root: Path, findings: list | None = None) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "letters").mkdir()
    no_guidance = {"present": False, "deadline": None, "body": None, "how": False}
    guidance = {"present": True, "deadline": "4 uger", "body": "Ankestyrelsen", "how": True}
    letters = {
        "bevilling-01": (GRANT, _facts("bevilling", "§ 112", no_guidance, "Du får en rollator"), True),
        "afslag-01": (REFUSAL, _facts("afslag", "§ 113", guidance, "Du får ikke en elcykel"), False),
    }
    for letter_id, (text, facts, exemplary) in letters.items():
        (root / "letters" / f"{letter_id}.md").write_text(text, "utf-8")
        spec = {"title": letter_id, "expected": {"exemplary": exemplary, "facts": facts,
                                                 "findings": findings or [], "notes": "test"}}
        (root / "src" / f"{letter_id}.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True),
                                                      "utf-8")
    return root


def test_decision_block_is_scored_by_the_labelled_sentence():
    blocks = ["Lyngsø, 3. marts", "Du får en rollator", "Du får den,  du har søgt om."]
    assert decision_block_ok("Du får den, du har søgt om.", blocks, 2)
    assert not decision_block_ok("Du får den, du har søgt om.", blocks, 1)
    assert not decision_block_ok("Du får en rollator", blocks, None)


def test_citations_are_counted_as_multisets():
    want = citation_pairs([{"law": "serviceloven", "paragraph": "116"}] * 2)
    got = citation_pairs([{"law": "serviceloven", "paragraph": "116"}])
    assert sum((want & got).values()) == 1 and sum((want - got).values()) == 1


def test_expected_findings_may_be_ids_or_mappings():
    assert expected_rules(["a.b", {"rule": "c.d", "text": "x"}, {"text": "no rule"}]) == {"a.b", "c.d"}
    assert expected_rules(None) == set()


def test_a_folder_that_is_not_a_corpus(tmp_path):
    with pytest.raises(CorpusError, match="ikke et korpus"):
        load_corpus(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "letters").mkdir()
    (tmp_path / "src" / "x.yaml").write_text("expected: {facts: {}}\n", "utf-8")
    with pytest.raises(CorpusError, match="mangler"):
        load_corpus(tmp_path)


def test_eval_command_prints_the_figures(tmp_path):
    corpus = write_corpus(tmp_path / "korpus")
    result = runner.invoke(app, ["eval", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "Korpus: 2 breve" in result.output
    assert "brevtype (letter_kind)" in result.output and "1.000  (2/2)" in result.output
    assert "præcision 1.000  genkaldelse 1.000" in result.output
    assert "regeltal kan ikke beregnes endnu" in result.output
    assert "Nul fejl (error) på mønsterbreve: OK (1 mønsterbreve, 0 fejlfund)" in result.output


def test_eval_scores_rules_when_letters_list_findings(tmp_path):
    corpus = write_corpus(tmp_path / "korpus", findings=["forvaltningsret.klagevejledning-mangler"])
    result = runner.invoke(app, ["eval", str(corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["letters_with_expected_findings"] == 2
    missed = data["rules"]["forvaltningsret.klagevejledning-mangler"]
    assert (missed["tp"], missed["fn"]) == (0, 2)
    assert data["exemplary"]["passed"] is True
    assert data["facts"]["outcome"]["accuracy"] == 1.0


def test_eval_of_a_missing_folder_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path / "findes-ikke")])
    assert result.exit_code == 2
    assert "er ikke et korpus" in result.output
