"""Broken packs: every mistake is one Danish message at the right file, line and column.

The packs are written as literal YAML so the line numbers in the assertions can be read off
the text above them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from brevtjek.errors import RulePackError
from brevtjek.rules.packs import load_packs

GOOD_EXAMPLES = """examples:
  bad: ["Såfremt du vil."]
  good: ["Hvis du vil."]
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"pack.yaml": f"name: {folder.name}\nversion: 1.0.0\n", **files}
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(RulePackError) as caught:
        load_packs([str(folder)])
    return caught.value.problems


def problem_at(problems: list[str], file: Path, line: int, column: int | None = None) -> str:
    """The one problem reported at file:line(:column)."""
    prefix = f"{file}:{line}:" + (f"{column}:" if column is not None else "")
    found = [p for p in problems if p.startswith(prefix)]
    assert len(found) == 1, (prefix, problems)
    return found[0]


def test_unknown_rule_type(tmp_path):
    pack = write(tmp_path / "p", {"a.yaml": "id: p.a\ntype: erstatning\nmessage: m\n" + GOOD_EXAMPLES})
    text = problem_at(problems_of(pack), pack / "a.yaml", 2, 7)
    assert "ukendt regeltype «erstatning»" in text and "substitution" in text


def test_missing_type_and_missing_field(tmp_path):
    pack = write(tmp_path / "p", {
        "a.yaml": "id: p.a\nmessage: m\n" + GOOD_EXAMPLES,
        "b.yaml": "id: p.b\ntype: existence\nwords: [x]\n" + GOOD_EXAMPLES,
    })
    problems = problems_of(pack)
    assert "feltet «type» mangler" in problem_at(problems, pack / "a.yaml", 1, 1)
    assert "feltet «message» mangler. Tilføj det." in problem_at(problems, pack / "b.yaml", 1, 1)


def test_wrong_severity_word(tmp_path):
    pack = write(tmp_path / "p", {
        "a.yaml": "id: p.a\ntype: existence\nseverity: alvorlig\nmessage: m\nwords: [x]\n" + GOOD_EXAMPLES,
    })
    text = problem_at(problems_of(pack), pack / "a.yaml", 3, 11)
    assert "ugyldig alvorlighed «alvorlig»" in text and "error, warning eller info" in text


def test_duplicate_rule_id_across_files(tmp_path):
    rule = "id: p.samme\ntype: existence\nmessage: m\nwords: [x]\n" + GOOD_EXAMPLES
    pack = write(tmp_path / "p", {"a.yaml": rule, "b.yaml": "# en kommentar\n" + rule})
    text = problem_at(problems_of(pack), pack / "b.yaml", 2, 1)
    assert "regel-id «p.samme» findes allerede i" in text and "a.yaml:1" in text


def test_regex_that_does_not_compile(tmp_path):
    pack = write(tmp_path / "p", {"a.yaml": (
        "id: p.a\ntype: existence\nmessage: m\npatterns:\n  - 'ok'\n  - '(uafsluttet'\n" + GOOD_EXAMPLES)})
    text = problem_at(problems_of(pack), pack / "a.yaml", 6, 5)
    assert "kan ikke læses" in text and "(uafsluttet" in text


@pytest.mark.parametrize("pattern", [r"(a+)+", r"(a|a)*", r"(\w+\s?)*"])
def test_regex_with_exponential_backtracking(tmp_path, pattern):
    pack = write(tmp_path / "p", {"a.yaml": (
        f"id: p.a\ntype: existence\nmessage: m\npatterns:\n  - '{pattern}'\n" + GOOD_EXAMPLES)})
    text = problem_at(problems_of(pack), pack / "a.yaml", 5, 5)
    assert "eksponentielt lang tid" in text


def test_safe_repetitions_are_accepted(tmp_path):
    pack = write(tmp_path / "p", {"a.yaml": (
        "id: p.a\ntype: existence\nmessage: m\n"
        "patterns: ['(\\d+\\.)+\\d+', '(?:stk\\.\\s*\\d+,?\\s*)+', '\\[(?:dato|navn)\\]']\n"
        + GOOD_EXAMPLES)})
    assert len(load_packs([str(pack)]).rules) == 1


def test_rule_without_examples(tmp_path):
    pack = write(tmp_path / "p", {
        "a.yaml": "id: p.a\ntype: existence\nmessage: m\nwords: [x]\n",
        "b.yaml": "id: p.b\ntype: existence\nmessage: m\nwords: [x]\nexamples:\n  bad: [x]\n",
    })
    problems = problems_of(pack)
    assert "reglen har ingen eksempler" in problem_at(problems, pack / "a.yaml", 1, 1)
    assert "har ingen gode eksempler" in problem_at(problems, pack / "b.yaml", 6, 3)


def test_conflicting_entries_in_one_rule(tmp_path):
    pack = write(tmp_path / "p", {"a.yaml": (
        "id: p.a\ntype: substitution\nmessage: m\nentries:\n"
        "  - {term: såfremt, alternative: hvis}\n"
        "  - {term: fremsende, alternative: sende}\n"
        "  - {term: Såfremt, alternative: hvis bare}\n"
        "  - {term: bevilling, alternative: hjælp, forms: [fremsende]}\n" + GOOD_EXAMPLES)})
    problems = problems_of(pack)
    text = problem_at(problems, pack / "a.yaml", 7, 12)
    assert "modstridende ord i ordlisten: «Såfremt»" in text and "«hvis»" in text
    assert "modstridende ord i ordlisten: «fremsende»" in problem_at(problems, pack / "a.yaml", 8)


def test_token_pattern_mistakes(tmp_path):
    pack = write(tmp_path / "p", {"a.yaml": (
        "id: p.a\ntype: pattern\nmessage: m\ntokens:\n"
        "  - [{LEMA: anmode}]\n"
        "  - [{POS: VERBUM}]\n"
        "  - [{LOWER: at, OP: '++'}]\n"
        "  - [{MORPH: 'Voice:Pass'}]\n"
        "  - [{DEP: nsubj}]\n" + GOOD_EXAMPLES)})
    problems = problems_of(pack)
    assert "ukendt token-egenskab «LEMA»" in problem_at(problems, pack / "a.yaml", 5, 6)
    assert "«VERBUM» er ikke en ordklasse" in problem_at(problems, pack / "a.yaml", 6, 6)
    assert "ugyldig OP «++»" in problem_at(problems, pack / "a.yaml", 7, 6)
    assert "«Voice:Pass» er ikke et gyldigt morfologisk træk" in problem_at(problems, pack / "a.yaml", 8, 6)
    assert "kræver en parser" in problem_at(problems, pack / "a.yaml", 9, 6)


def test_yaml_alias_and_syntax_errors(tmp_path):
    pack = write(tmp_path / "p", {
        "a.yaml": "id: p.a\ntype: existence\nmessage: &m hej\nsuggestion: *m\n" + GOOD_EXAMPLES,
        "b.yaml": "id: p.b\ntype: existence\nmessage: 'uafsluttet\n",
    })
    problems = problems_of(pack)
    assert "Ankre og aliaser" in problem_at(problems, pack / "a.yaml", 3, 10)
    assert any(p.startswith(f"{pack / 'b.yaml'}:") and "YAML-fejl" in p for p in problems)


def test_oversized_file(tmp_path):
    pack = write(tmp_path / "p", {"a.yaml": "# " + "x" * (2 * 1024 * 1024 + 10) + "\n"})
    text = problem_at(problems_of(pack), pack / "a.yaml", 1, 1)
    assert "Filen er for stor" in text and "Del den op" in text


def test_extends_cycle_points_at_the_extends_entry(tmp_path):
    rule = "id: {n}.a\ntype: existence\nmessage: m\nwords: [x]\n" + GOOD_EXAMPLES
    write(tmp_path / "a", {"pack.yaml": "name: a\nextends:\n  - b\n", "r.yaml": rule.format(n="a")})
    write(tmp_path / "b", {"pack.yaml": "name: b\nversion: 1.0.0\nextends: [a]\n",
                           "r.yaml": rule.format(n="b")})
    problems = problems_of(tmp_path / "a")
    text = problem_at(problems, tmp_path / "b" / "pack.yaml", 3, 11)
    assert "udvider sig selv i en ring: a → b → a" in text


def test_extends_unknown_pack_and_depth(tmp_path):
    rule = "id: {n}.a\ntype: existence\nmessage: m\nwords: [x]\n" + GOOD_EXAMPLES
    write(tmp_path / "a", {"pack.yaml": "name: a\nextends: [findes-ikke]\n", "r.yaml": rule.format(n="a")})
    text = problem_at(problems_of(tmp_path / "a"), tmp_path / "a" / "pack.yaml", 2, 11)
    assert "regelpakken «findes-ikke» findes ikke" in text
    for index in range(13):  # p0 → p1 → … → p12
        manifest = f"name: p{index}\n" + (f"extends: [p{index + 1}]\n" if index < 12 else "")
        write(tmp_path / "chain" / f"p{index}", {"pack.yaml": manifest,
                                                  "r.yaml": rule.format(n=f"p{index}")})
    problems = problems_of(tmp_path / "chain" / "p0")
    assert any("mere end 10 pakker dybt" in p and "pack.yaml:2:11:" in p for p in problems)


def test_unknown_field_and_bad_placeholder(tmp_path):
    pack = write(tmp_path / "p", {"a.yaml": (
        "id: p.a\ntype: existence\nmessage: 'Skriv {alternativ}'\nwords: [x]\nwrods: [y]\n"
        + GOOD_EXAMPLES)})
    problems = problems_of(pack)
    assert "ukendt pladsholder {alternativ}" in problem_at(problems, pack / "a.yaml", 3, 10)
    assert "ukendt felt «wrods»" in problem_at(problems, pack / "a.yaml", 5, 8)


def test_conditional_unknown_fact_and_example_facts(tmp_path):
    pack = write(tmp_path / "p", {"a.yaml": (
        "id: p.a\ntype: conditional\nmessage: m\n"
        "when:\n  outcome: afslag\n  letter_kinds: afgørelse\n"
        "require: {appeal_guidance.present: true}\n"
        "examples:\n  bad:\n    - text: Du får afslag.\n      facts: {outcom: afslag}\n"
        "  good: [Du får hjælpen.]\n")})
    problems = problems_of(pack)
    assert "ukendt fakta «letter_kinds»" in problem_at(problems, pack / "a.yaml", 6, 17)
    assert "ukendt fakta «outcom» i eksemplet" in problem_at(problems, pack / "a.yaml", 11, 14)


def test_words_from_missing_and_bad_data_file(tmp_path):
    pack = write(tmp_path / "p", {
        "a.yaml": ("id: p.a\ntype: existence\nmessage: m\nwords_from:\n  - ordlister/findes-ikke\n"
                   "  - ordlister/fagord\n" + GOOD_EXAMPLES),
        "data/ordlister/fagord.yaml": "words:\n  - partshøring\n  - 17\n",
    })
    problems = problems_of(pack)
    assert "datafilen «ordlister/findes-ikke» findes ikke" in problem_at(problems, pack / "a.yaml", 5, 5)
    data_file = pack / "data" / "ordlister" / "fagord.yaml"
    assert "ikke-tom tekst" in problem_at(problems, data_file, 3, 5)


def test_vocabulary_conflict_in_configuration(tmp_path):
    from brevtjek.config import load_config_file

    config = tmp_path / "brevtjek.yaml"
    config.write_text("vocabulary:\n  accept: [visitation, bevilling]\n  reject:\n"
                      "    - skrivelse\n    - Bevilling\n", "utf-8")
    with pytest.raises(RulePackError) as caught:
        load_config_file(config)
    (text,) = caught.value.problems
    assert text.startswith(f"{config}:5:7: modstridende ord i ordlisten: «Bevilling»")
    assert "(linje 2)" in text


def test_cli_validate_reports_every_problem_with_exit_2(tmp_path):
    from brevtjek.cli import app

    pack = write(tmp_path / "p", {
        "a.yaml": "id: p.a\ntype: erstatning\nmessage: m\n" + GOOD_EXAMPLES,
        "b.yaml": "id: p.b\ntype: existence\nseverity: høj\nmessage: m\nwords: [x]\n" + GOOD_EXAMPLES,
    })
    result = CliRunner().invoke(app, ["rules", "validate", str(pack)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{pack / 'a.yaml'}:2:7: ukendt regeltype" in result.output
    assert f"{pack / 'b.yaml'}:3:11: regel p.b: ugyldig alvorlighed «høj»" in result.output
