"""Legal citations: every § with its law, in the shapes Danish letters use."""

from __future__ import annotations

import pytest

from tests.facts_support import facts_of, pairs


@pytest.mark.parametrize(("sentence", "law", "paragraph", "stk", "nr"), [
    ("Afgørelsen er truffet efter § 112 i serviceloven.", "serviceloven", "112", None, None),
    ("Det står i servicelovens § 112, stk. 1.", "serviceloven", "112", "1", None),
    ("Efter lov om social service § 83 kan du få hjælp.", "serviceloven", "83", None, None),
    ("Se jf. § 26, stk. 1, nr. 1, i folkeskoleloven.", "folkeskoleloven", "26", "1", "1"),
    ("Reglen står i SEL § 113, stk. 3.", "serviceloven", "113", "3", None),
    ("Reglen står i LAS § 81.", "aktivloven", "81", None, None),
    ("Reglen står i LAB § 10.", "beskæftigelsesloven", "10", None, None),
    ("Afgørelsen er truffet efter BL § 86.", "barnets lov", "86", None, None),
    ("Det står i barnets lovs § 86.", "barnets lov", "86", None, None),
    ("Det står i serviceloven, § 116.", "serviceloven", "116", None, None),
    ("Lov om aktiv socialpolitik, § 81 (uddrag):", "aktivloven", "81", None, None),
    ("Efter servicelovens § 83 a har du ret til et forløb.", "serviceloven", "83a", None, None),
    ("Efter §112 stk 1 i serviceloven.", "serviceloven", "112", "1", None),
    ("Efter §\u00a0112 i serviceloven.", "serviceloven", "112", None, None),
])
def test_citation_shapes(nlp, sentence, law, paragraph, stk, nr):
    citations = facts_of(sentence, nlp)["legal_citations"]
    assert len(citations) == 1
    citation = citations[0]
    assert (citation["law"], citation["paragraph"], citation["stk"], citation["nr"]) == \
        (law, paragraph, stk, nr)
    assert citation["paragraph"] in citation["text"].replace(" ", "")


def test_a_list_gives_one_citation_per_paragraph(nlp):
    facts = facts_of("Reglerne står i servicelovens §§ 83 og 83 a.", nlp)
    assert pairs(facts) == [("serviceloven", "83"), ("serviceloven", "83a")]
    assert {c["text"] for c in facts["legal_citations"]} == {"servicelovens §§ 83 og 83 a"}


def test_a_law_named_once_carries_to_later_paragraphs(nlp):
    text = ("Vi har behandlet din ansøgning efter barnets lov.\n\n"
            "Efter § 32 kan vi sætte støttende indsatser i gang. Indsatsen skal passe til "
            "undersøgelsen efter § 20.")
    assert pairs(facts_of(text, nlp)) == [("barnets lov", "32"), ("barnets lov", "20")]


def test_the_nearest_law_wins(nlp):
    text = ("Du opfylder betingelserne i aktivlovens § 11 og får hjælp med satsen i § 25. "
            "Det står i § 11 i retssikkerhedsloven.")
    assert pairs(facts_of(text, nlp)) == [
        ("aktivloven", "11"), ("aktivloven", "25"), ("retssikkerhedsloven", "11")]


def test_a_law_named_later_in_the_same_sentence(nlp):
    assert pairs(facts_of("Du får hjælp efter § 83 og § 84 i serviceloven.", nlp)) == [
        ("serviceloven", "83"), ("serviceloven", "84")]


def test_an_appendix_quote_takes_the_law_from_its_label(nlp):
    text = "# Bilag\n\nUddrag af lov om social service:\n\n> § 116. Kommunalbestyrelsen yder hjælp."
    assert pairs(facts_of(text, nlp)) == [("serviceloven", "116")]


def test_a_paragraph_in_another_act_is_not_given_the_last_law(nlp):
    text = "Du får en kørestol efter § 112 i serviceloven og § 3 i bekendtgørelse om hjælpemidler."
    assert pairs(facts_of(text, nlp)) == [("serviceloven", "112"), (None, "3")]


def test_an_ambiguous_abbreviation_stays_unresolved(nlp):
    assert pairs(facts_of("Du opfylder ikke betingelserne i SL § 112.", nlp)) == [(None, "112")]


def test_an_abbreviation_the_letter_introduces_is_resolved(nlp):
    text = "Vi har brugt reglerne i serviceloven (SL). Efter SL § 112 får du en rollator."
    assert pairs(facts_of(text, nlp)) == [("serviceloven", "112")]


def test_a_paragraph_without_any_law(nlp):
    assert pairs(facts_of("Afgørelsen er truffet efter § 112, stk. 1.", nlp)) == [(None, "112")]


def test_no_citation_without_a_section_sign(nlp):
    facts = facts_of("Afgørelsen er truffet efter lov om individuel boligstøtte.", nlp)
    assert facts["legal_citations"] == []


def test_citations_carry_their_block(nlp):
    facts = facts_of("# Afgørelse\n\nDu får hjælp efter § 83 i serviceloven.", nlp)
    assert facts["legal_citations"][0]["block"] == 1
