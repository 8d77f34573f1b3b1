"""Reasons: concrete facts tied to the result, not boilerplate."""

from __future__ import annotations

import pytest

from tests.facts_support import facts_of

GUIDANCE = "\n\n# Klagevejledning\n\nDu kan klage inden 4 uger. Send klagen til os."


@pytest.mark.parametrize("reasons", [
    "Vi har lagt vægt på, at du kan gå 400 meter med rollator.",
    "Det fremgår af lægens erklæring af 2. april 2025, at du ikke kan gå uden støtte. "
    "Du får derfor en kørestol.",
    "Vi har målt skolevejen til 4,8 km. Emil bor derfor ikke langt nok fra skolen.",
    "Din formue er 86.500 kr. Da formuen er over grænsen, stopper hjælpen.",
    "Hjemmeplejen har noteret, at du selv kan gå i bad. Vi vurderer derfor, at du ikke har brug "
    "for hjælp til bad.",
    "Du har skrevet, at opsparingen er til din begravelse. Det ændrer ikke vores vurdering, fordi "
    "pengene står på en almindelig konto.",
])
def test_concrete_reasons(nlp, reasons):
    facts = facts_of("# Afgørelse\n\nDu får afslag.\n\n" + reasons + GUIDANCE, nlp)
    assert facts["reasoning_present"] is True


@pytest.mark.parametrize("reasons", [
    "Efter en konkret og individuel vurdering finder kommunen, at betingelserne ikke er opfyldt.",
    "Det fremgår af servicelovens § 114, stk. 1, at kommunen yder støtte til køb af bil. Kommunen "
    "finder derfor, at betingelserne ikke er opfyldt.",
    "Kommunen har indhentet lægelige oplysninger, idet De har oplyst, at bilen skal bruges til "
    "arbejde. På baggrund af en samlet vurdering er betingelserne ikke opfyldt.",
    "Visitationsudvalget har på baggrund af den pædagogisk-psykologiske vurdering af 29. april "
    "fundet, at behovet kan tilgodeses i den almindelige undervisning.",
])
def test_boilerplate_is_not_reasons(nlp, reasons):
    facts = facts_of("# Afgørelse\n\nDu får afslag.\n\n" + reasons + GUIDANCE, nlp)
    assert facts["reasoning_present"] is False


def test_the_klagevejledning_gives_no_reasons(nlp):
    facts = facts_of("# Afgørelse\n\nDu får afslag.\n\n# Klagevejledning\n\nDu kan klage, fordi "
                     "klagefristen er 4 uger fra den dag, du fik 3.000 kr. udbetalt.", nlp)
    assert facts["reasoning_present"] is False


def test_a_partshoering_letter_can_explain_itself(nlp):
    facts = facts_of("# Vi vil gerne høre dine bemærkninger\n\nUndersøgelsen viser, at Victor ofte "
                     "er alene. Vi foreslår derfor en kontaktperson. Vi har ikke truffet afgørelse.",
                     nlp)
    assert (facts["letter_kind"], facts["reasoning_present"]) == ("andet", True)
