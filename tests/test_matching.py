"""Lemma-aware, boundary-respecting phrase matching through the substitution rule type."""

from __future__ import annotations

import pytest

from brevtjek.document.text_reader import read_text
from tests.packs import checker_for, write_pack


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    return checker_for(write_pack(tmp_path_factory.mktemp("packs")))


def flagged(checker, text: str) -> list[str]:
    report = checker.check_document(read_text(text, "t.txt"))
    return [finding.text for finding in report.findings]


@pytest.mark.parametrize("form", ["bevilling", "bevillingen", "bevillinger", "bevillingerne"])
def test_noun_inflections_match(checker, form):
    assert flagged(checker, f"Vi har set på {form} igen.") == [form]


def test_capitalised_sentence_start_matches(checker):
    assert flagged(checker, "Vi har set på sagen. Bevillingen gælder et år.") == ["Bevillingen"]


def test_word_capitalised_mid_sentence_is_a_name_and_left_alone(checker):
    # "Ydelsen" here names a municipal unit, not the abstract word the list targets.
    assert flagged(checker, "Send klagen til Ydelsen i Borgerservice.") == []
    assert flagged(checker, "Send klagen til ydelsen i Borgerservice.") == ["ydelsen"]
    assert flagged(checker, "Vi skriver: Bevillingen gælder et år.") == ["Bevillingen"]


def test_signature_block_is_left_alone(checker):
    text = ("Du får hjælp til rengøring.\n\nMed venlig hilsen\n\nAnne Holm\n"
            "Ydelse og Bevilling, Solbjerg Kommune")
    assert flagged(checker, text) == []


@pytest.mark.parametrize("form", ["fremsende", "fremsender", "fremsendt", "fremsendte",
                                  "fremsendes"])
def test_verb_inflections_match(checker, form):
    assert flagged(checker, f"Vi {form} papirerne.") == [form]


def test_word_boundaries_respected(checker):
    assert flagged(checker, "Du får en udbetalingsydelse og en ydelsesperiode.") == []
    assert flagged(checker, "Du får en ydelse.") == ["ydelse"]


def test_phrase_across_line_break_and_extra_spaces(checker):
    text = "Afgørelsen er truffet i\nhenhold   til loven."
    assert flagged(checker, text) == ["i\nhenhold   til"]


def test_longest_match_wins_and_no_overlap(checker):
    assert flagged(checker, "Det skal bemærkes, at du kan klage.") == ["Det skal bemærkes, at"]


def test_case_insensitive_and_offsets_point_at_text(checker):
    document = read_text("Intro.\n\nSÅFREMT du vil, kan du.", "t.txt")
    report = checker.check_document(document)
    (finding,) = report.findings
    block = document.blocks[finding.location.block]
    assert block.text[finding.location.start:finding.location.end] == finding.text == "SÅFREMT"
    assert finding.suggestion == "Skriv «Hvis»."
    assert finding.message == "«SÅFREMT» er et gammeldags ord."


def test_entry_severity_override_and_safe_replacement(checker):
    report = checker.check_document(read_text("Bevilling og bevillingen.", "t.txt"))
    first, second = report.findings
    assert first.severity.value == "info"
    assert first.replacement == "Hjælp"  # exact dictionary form: safe drop-in
    assert second.replacement is None  # inflected form: advice only


def test_empty_alternative_suggests_deleting(checker):
    report = checker.check_document(read_text("Det skal bemærkes at du kan klage.", "t.txt"))
    (finding,) = report.findings
    assert finding.suggestion.startswith("Slet «Det skal bemærkes»")


def test_quoted_law_text_is_not_flagged(checker):
    from brevtjek.document.model import Block, Document, Role

    document = Document("q", (Block(0, "Efter § 112 i henhold til loven.", role=Role.QUOTE),))
    assert checker.check_document(document).findings == []


def test_thousand_entry_vocabulary_matches_in_one_pass(tmp_path):
    from tests.packs import JARGON_RULE

    big = dict(JARGON_RULE)
    big["entries"] = [*JARGON_RULE["entries"],
                      *({"term": f"ordnummer{n}", "alternative": "x", "reason": "test"}
                        for n in range(1000))]
    checker = checker_for(write_pack(tmp_path, rules=[big]))
    assert flagged(checker, "Her står ordnummer999 og såfremt.") == ["ordnummer999", "såfremt"]
