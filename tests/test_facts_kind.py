"""Is the letter a decision at all? Partshøring, receipts and summonses are not."""

from __future__ import annotations

import json

import pytest

from brevtjek.facts import FACT_KEYS, extract_facts
from tests.facts_support import analysis_of, facts_of

NOT_DECISIONS = {
    "partshøring": (
        "# Vi vil gerne høre, hvad du mener, før vi træffer afgørelse\n\n"
        "Vi overvejer at ændre din hjælp til indkøb. Du kan ringe til mig senest den 16. december."),
    "partshøring i kancellistil": (
        "# Partshøring vedrørende eventuel tilbagebetaling\n\n"
        "Kommunen påtænker at træffe afgørelse om tilbagebetaling af 6.911 kr. efter aktivlovens "
        "§ 91. De anmodes om at fremsende Deres bemærkninger senest 14 dage fra dato."),
    "kvittering": (
        "# Vi har modtaget din ansøgning om et personløftesystem\n\n"
        "Tak for din ansøgning. Vi forventer at kunne træffe afgørelse inden 8 uger."),
    "kvittering for en klage": (
        "# Tak for din klage\n\nVi skal nu vurdere din sag igen. Hvis vi giver dig helt eller delvis "
        "ret, får du en ny afgørelse fra os. Hvis vi fastholder afgørelsen, sender vi din klage "
        "og sagens dokumenter til Ankestyrelsen inden 4 uger."),
    "indkaldelse": (
        "# Indkaldelse til jobsamtale\n\nDe indkaldes hermed til samtale i jobcentret torsdag "
        "den 2. oktober 2025 kl. 10.30."),
    "anmodning om oplysninger": (
        "# Anmodning om yderligere oplysninger\n\nFor at vi kan færdigbehandle sagen, skal du sende "
        "os kvitteringer for dine udgifter. Hvis vi ikke modtager dem, kan det betyde, at du får "
        "afslag."),
    "information": (
        "# Din sag tager længere tid end forventet\n\nVi forventer nu at kunne træffe afgørelse "
        "senest den 27. februar. Indtil da får du fortsat den hjælp, du har i dag."),
}


@pytest.mark.parametrize("text", NOT_DECISIONS.values(), ids=NOT_DECISIONS.keys())
def test_non_decisions_are_andet(nlp, text):
    facts = facts_of(text, nlp)
    assert facts["letter_kind"] == "andet"
    assert facts["outcome"] is None
    assert facts["decision_block"] is None
    assert facts["appeal_guidance"]["present"] is False


def test_a_decision_without_guidance_is_still_a_decision(nlp):
    facts = facts_of("# Svar på din ansøgning\n\nDu får ikke hjælp til ombygningen. Vi har lagt vægt "
                     "på, at I overvejer at flytte.", nlp)
    assert (facts["letter_kind"], facts["outcome"]) == ("afgørelse", "afslag")


def test_guidance_makes_a_letter_a_decision(nlp):
    facts = facts_of("# Afgørelse om hjælpemidler\n\nSagen er overgivet til depotet.\n\n"
                     "# Klagevejledning\n\nEventuelle klager rettes til kommunen.", nlp)
    assert (facts["letter_kind"], facts["outcome"]) == ("afgørelse", "uklar")


def test_a_letter_that_calls_itself_a_decision(nlp):
    facts = facts_of("# Afgørelse om indsats\n\nDin sag videreføres efter teamets indstilling.", nlp)
    assert (facts["letter_kind"], facts["outcome"]) == ("afgørelse", "uklar")


def test_the_facts_have_exactly_the_contract_keys(nlp):
    facts = extract_facts(analysis_of("# Du får en rollator\n\nDu får en rollator efter § 112 i "
                                      "serviceloven.", nlp))
    assert tuple(facts) == FACT_KEYS
    assert set(facts["appeal_guidance"]) == {"present", "deadline", "body", "how", "block"}
    assert set(facts["legal_citations"][0]) == {"text", "law", "paragraph", "stk", "nr", "block"}
    json.dumps(facts)  # plain JSON data
