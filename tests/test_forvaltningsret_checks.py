"""The forvaltningsret pack: fact_check rules, their severities and their anchors."""

from __future__ import annotations

import shutil

import pytest
import yaml

from brevtjek.checker import Checker
from brevtjek.config import Config
from brevtjek.document.text_reader import read_text
from brevtjek.errors import RulePackError
from brevtjek.facts import letter_facts
from brevtjek.facts.checks import CHECKS, governing_laws, letter_date
from brevtjek.rules.packs import builtin_rules_dir, load_packs
from tests.facts_support import analysis_of

PACK = "forvaltningsret"
REFUSAL = ("Egebæk, 3. marts 2025\n\n# Du får ikke en elcykel\n\nDu får afslag på støtte til en "
           "elcykel efter § 113 i serviceloven. Vi har lagt vægt på, at du ifølge ergoterapeuten "
           "kan cykle på din egen cykel.\n\n")


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Config(packs=[PACK]))


def findings(checker: Checker, text: str) -> dict[str, list]:
    report = checker.check_document(read_text(text, "brev.md", markdown=True))
    found: dict[str, list] = {}
    for finding in report.findings:
        found.setdefault(finding.rule.removeprefix(PACK + "."), []).append(finding)
    return found


def test_every_check_named_by_the_pack_exists_and_every_check_is_used():
    used = {rule.spec.check for rule in load_packs([PACK]).rules  # type: ignore[attr-defined]
            if rule.spec.type == "fact_check"}
    assert used <= set(CHECKS)
    assert set(CHECKS) <= used


def test_every_rule_cites_its_legal_source_and_confidence():
    for rule in load_packs([PACK]).rules:
        assert rule.spec.reference, rule.spec.id
        assert rule.spec.confidence in ("verified", "knowledge", "uncertain"), rule.spec.id


def test_a_correct_refusal_has_no_findings(checker):
    text = REFUSAL + ("# Sådan klager du\n\nDu kan klage inden 4 uger efter, at du har fået "
                      "afgørelsen. Send klagen til os. Fastholder vi afgørelsen, sender vi den "
                      "til Ankestyrelsen.")
    assert findings(checker, text) == {}


def test_a_refusal_without_guidance_is_an_error(checker):
    found = findings(checker, REFUSAL)
    assert [f.severity.value for f in found["klagevejledning-mangler"]] == ["error"]


def test_a_full_grant_needs_no_guidance(checker):
    text = ("# Du får en kørestol\n\nDu får den kørestol, du har søgt om, efter § 112 i "
            "serviceloven.")
    assert "klagevejledning-mangler" not in findings(checker, text)


def test_gaps_in_optional_guidance_of_a_full_grant_are_warnings(checker):
    text = ("# Du får en kørestol\n\nDu får den kørestol, du har søgt om, efter § 112 i "
            "serviceloven.\n\n# Hvis du vil klage\n\nDu kan klage til Ankestyrelsen.")
    found = findings(checker, text)
    assert [f.severity.value for f in found["klagevejledning-uden-frist"]] == ["warning"]
    assert [f.severity.value for f in found["klagevejledning-uden-fremgangsmaade"]] == ["warning"]


def test_wrong_deadline_points_at_the_deadline(checker):
    text = REFUSAL + ("# Klagevejledning\n\nDu kan klage til Ankestyrelsen. Klagen skal være "
                      "modtaget inden 1 måned. Klagen sendes til kommunen, som vurderer sagen igen.")
    [finding] = findings(checker, text)["klagefrist-passer-ikke"]
    assert finding.text == "1 måned"
    assert "4 uger" in finding.message and finding.severity.value == "error"


def test_unverified_registry_entries_soften_the_finding(checker):
    text = ("# Din kørsel stopper\n\nKommunen har besluttet, at kørslen til genoptræning efter "
            "sundhedslovens § 172 ophører, fordi du ifølge fysioterapeuten kan tage bussen.\n\n"
            "# Klagevejledning\n\nDu kan klage til Ankestyrelsen inden 4 uger efter modtagelsen. "
            "Klagen sendes til os.")
    [finding] = findings(checker, text)["klageinstans-passer-ikke"]
    assert finding.text == "Ankestyrelsen"
    assert "Styrelsen for Patientklager" in finding.message
    assert finding.severity.value == "warning"  # sundhedsloven's route is not verified


def test_retired_body_is_an_error_in_guidance_and_a_warning_elsewhere(checker):
    text = REFUSAL + ("Tidligere hørte sagen under Det Sociale Nævn.\n\n# Klagevejledning\n\n"
                      "Du kan klage til Det Sociale Nævn inden 4 uger. Klagen sendes til os.")
    severities = [f.severity.value for f in findings(checker, text)["nedlagt-myndighed"]]
    assert severities == ["warning", "error"]


def test_retired_paragraph_depends_on_the_letter_date(checker):
    cited = "# Merudgifter til Oliver\n\nVi har behandlet ansøgningen efter servicelovens § 41."
    assert "ophaevet-paragraf" in findings(checker, "Mosevang, 5. maj 2025\n\n" + cited)
    assert "ophaevet-paragraf" not in findings(checker, "Mosevang, 5. maj 2023\n\n" + cited)


def test_mixed_address_points_at_the_rarer_form(checker):
    [finding] = findings(checker, "Du skal betale tilbage, fordi du ikke har givet besked. "
                                  "Det har De pligt til.")["tiltale-blandet"]
    assert finding.text == "De"


def test_cpr_numbers_are_found_but_never_shown(checker):
    [finding] = findings(checker, "Afgørelsen gælder CPR-nr. 121212-1212.")["cpr-nummer"]
    assert "1212-1212" not in finding.message + finding.text


def test_non_decisions_get_no_decision_findings(checker):
    text = ("# Partshøring\n\nVi påtænker at træffe afgørelse om tilbagebetaling efter § 91 i "
            "aktivloven. Du kan komme med dine bemærkninger senest den 1. juni.")
    assert findings(checker, text) == {}


def test_options_change_how_early_the_decision_must_come(tmp_path):
    folder = tmp_path / PACK
    shutil.copytree(builtin_rules_dir() / PACK, folder)
    rule_file = folder / "afgoerelse-foerst.yaml"
    rule = yaml.safe_load(rule_file.read_text("utf-8"))
    rule["options"] = {"max_paragraphs_before": 3}
    rule_file.write_text(yaml.safe_dump(rule, allow_unicode=True), "utf-8")
    text = ("# Vedrørende din ansøgning\n\nDu har søgt om hjælp.\n\nVi har set på sagen.\n\n"
            "Du får afslag.")
    default = findings(Checker(Config(packs=[PACK])), text)
    relaxed = findings(Checker(Config(packs=[str(folder)])), text)
    assert "afgoerelse-foerst" in default and "afgoerelse-foerst" not in relaxed


def test_unknown_check_is_a_danish_load_error(tmp_path):
    folder = tmp_path / "pakke"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: pakke\n", "utf-8")
    (folder / "regel.yaml").write_text(
        "id: pakke.regel\ntype: fact_check\ncheck: findes_ikke\nmessage: x\n"
        "examples: {bad: [x], good: [y]}\n", "utf-8")
    with pytest.raises(RulePackError) as raised:
        load_packs([str(folder)])
    assert any("ukendt kontrol «findes_ikke»" in problem and "regel.yaml:3" in problem
               for problem in raised.value.problems)


def test_governing_laws_skip_procedural_laws(nlp):
    facts = letter_facts(analysis_of(
        "Du får afslag efter aktivlovens § 81. Du har pligt til at oplyse os om ændringer efter "
        "§ 11 i retssikkerhedsloven og forvaltningslovens § 19.", nlp))
    assert [law.name for law in governing_laws(facts)] == ["aktivloven"]


@pytest.mark.parametrize(("first_line", "date"), [
    ("Lyngsø, 8. oktober 2025", "2025-10-08"),
    ("Dato: 03-02-2026", "2026-02-03"),
    ("Sagsnr. 27.15.08-G01-3317-25", None),
])
def test_letter_date(nlp, first_line, date):
    facts = letter_facts(analysis_of(first_line + "\n\n# Afgørelse\n\nDu får afslag.", nlp))
    found = letter_date(facts)
    assert (found.isoformat() if found else None) == date


def test_a_plain_text_date_line_is_not_the_subject_heading(checker):
    text = ("Lyngsø, 8. oktober 2025\n\n# Du får en rollator\n\nDu får den rollator, du har søgt "
            "om, efter § 112 i serviceloven.")
    assert "afgoerelse-foerst" not in findings(checker, text)
