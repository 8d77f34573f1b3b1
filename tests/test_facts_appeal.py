"""Appeal guidance: present, and with deadline, appeal body and how to complain."""

from __future__ import annotations

import pytest

from brevtjek.facts.appeal import is_appeal_statement, normalise_deadline
from tests.facts_support import facts_of, letter_facts_of

DECISION = "# Du får ikke en elcykel\n\nDu får afslag på en elcykel efter § 113 i serviceloven.\n\n"


def guidance(text: str, nlp) -> dict:
    return facts_of(DECISION + "# Klagevejledning\n\n" + text, nlp)["appeal_guidance"]


def test_complete_guidance(nlp):
    result = guidance("Du kan klage inden 4 uger efter, at du har fået afgørelsen. Send klagen til "
                      "os. Fastholder vi afgørelsen, sender vi klagen til Ankestyrelsen.", nlp)
    assert result == {"present": True, "deadline": "4 uger", "body": "Ankestyrelsen", "how": True,
                      "block": 3}


@pytest.mark.parametrize(("text", "deadline"), [
    ("Klagefristen er fire uger fra den dag, du modtog afgørelsen.", "4 uger"),
    ("Klagen skal være modtaget inden 1 måned.", "1 måned"),
    ("Fristen for at klage er 4 uger.", "4 uger"),
    ("Ønsker du at klage, skal det ske, inden der er gået 4 uger.", "4 uger"),
    ("Du kan klage inden for 14 dage.", "14 dage"),
])
def test_deadline_forms(nlp, text, deadline):
    assert guidance(text, nlp)["deadline"] == deadline


def test_forwarding_and_court_deadlines_are_not_the_citizens(nlp):
    result = guidance("Du kan klage til Planklagenævnet via Klageportalen. Hvis du vil have "
                      "afgørelsen prøvet ved domstolene, skal du anlægge sag inden 6 måneder. "
                      "Fastholder vi afgørelsen, sender vi klagen videre inden 4 uger.", nlp)
    assert result["deadline"] is None
    assert result["body"] == "Planklagenævnet"


def test_the_deciding_body_is_preferred_to_where_the_complaint_is_sent(nlp):
    result = guidance("Hvis du er uenig, kan du klage til Udbetaling Danmark. Udbetaling Danmark "
                      "vurderer sagen igen og sender klagen videre til Ankestyrelsen.", nlp)
    assert result["body"] == "Ankestyrelsen"


def test_a_retired_body_is_recognised(nlp):
    assert guidance("Du kan klage til Det Sociale Nævn inden 4 uger.", nlp)["body"] == \
        "Det Sociale Nævn"


@pytest.mark.parametrize(("text", "how"), [
    ("Du kan klage over afgørelsen til Ankestyrelsen inden 4 uger.", False),
    ("Du kan klage inden 4 uger. Klagen sendes til Borgerservice.", True),
    ("Du kan klage inden 4 uger. Ring eller skriv til os.", True),
    ("Du kan klage direkte til Ankestyrelsen via borger.dk inden 4 uger.", True),
    ("Klagen skal være modtaget i Mosevang Kommune inden 4 uger.", True),
    ("Du kan klage mundtligt eller skriftligt inden 4 uger.", True),
    ("Du kan klage inden 4 uger. Send den til Jobcenter Havnstrup.", True),
    ("Du kan klage til Udbetaling Danmark inden 4 uger.", True),
    ("Du kan klage til Det Sociale Nævn inden 4 uger.", False),
])
def test_how_to_complain(nlp, text, how):
    assert guidance(text, nlp)["how"] is how


def test_no_appeal_possible_is_guidance_without_details(nlp):
    facts = letter_facts_of(DECISION + "# Klagemuligheder\n\nAfgørelsen kan ikke påklages til en "
                            "anden administrativ myndighed. Du kan klage til Folketingets "
                            "Ombudsmand.", nlp)
    assert facts.appeal.to_dict()["present"] is True
    assert facts.appeal.appealable is False
    assert (facts.appeal.deadline, facts.appeal.body, facts.appeal.how) == (None, None, False)


def test_a_receipt_for_a_complaint_is_not_guidance(nlp):
    facts = facts_of("# Vi har modtaget din klage\n\nTak for din klage af 27. oktober. Hvis vi "
                     "fastholder afgørelsen, sender vi din klage til Ankestyrelsen inden 4 uger.", nlp)
    assert facts["appeal_guidance"] == {"present": False, "deadline": None, "body": None,
                                        "how": False, "block": None}


def test_unheaded_guidance_in_the_body(nlp):
    facts = facts_of("Du får afslag på en seng. Du kan klage til Ankestyrelsen inden 4 uger efter, "
                     "at du har fået afgørelsen. Klagen sendes til os.", nlp)
    assert facts["appeal_guidance"]["present"] and facts["appeal_guidance"]["block"] == 0


def test_route_anchor_and_date_deadline_details(nlp):
    facts = letter_facts_of(DECISION + "# Klagevejledning\n\nDu kan klage direkte til "
                            "Ankestyrelsen. Klagen skal være modtaget senest 4 uger fra brevets "
                            "dato.", nlp)
    assert facts.appeal.direct_route is not None
    assert facts.appeal.anchored_to_letter_date is not None
    dated = letter_facts_of(DECISION + "# Klagevejledning\n\nDu kan klage til Ankestyrelsen. "
                            "Klagen skal være modtaget senest den 15. marts 2026. Send den til os.",
                            nlp)
    assert dated.appeal.deadline is None and dated.appeal.deadline_date is not None
    assert dated.appeal.via_decider


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Du kan klage over afgørelsen.", True),
    ("Afgørelsen kan påklages til Ankestyrelsen.", True),
    ("Eventuelle klager over afgørelsen rettes til kommunen.", True),
    ("Afgørelsen kan ikke påklages.", True),
    ("Tak for din klage af 27. oktober.", False),
    ("Vi ser på det, du har skrevet i klagen.", False),
])
def test_appeal_statements(sentence, expected):
    assert is_appeal_statement(sentence) is expected


@pytest.mark.parametrize(("number", "unit", "expected"), [
    ("4", "uger", "4 uger"), ("fire", "ugers", "4 uger"), ("en", "måned", "1 måned"),
    ("1", "uge", "1 uge"), ("30", "dage", "30 dage"), ("seks", "måneder", "6 måneder"),
])
def test_deadlines_are_normalised(number, unit, expected):
    assert normalise_deadline(number, unit) == expected
