"""The decision: what the letter decides, and where it says so first."""

from __future__ import annotations

import pytest

from brevtjek.facts.outcome import FULL, GRANT, PARTIAL, REFUSAL, STOP, sentence_cues
from tests.facts_support import facts_of

GUIDANCE = ("\n\n# Klagevejledning\n\nDu kan klage inden 4 uger efter, at du har fået afgørelsen. "
            "Send klagen til os. Fastholder vi afgørelsen, sender vi den til Ankestyrelsen.")


@pytest.mark.parametrize(("sentence", "cues"), [
    ("Du får en manuel kørestol.", {GRANT}),
    ("Noah får aflastning en weekend om måneden.", {GRANT}),
    ("Vi bevilger dig en trappelift.", {GRANT}),
    ("Din ansøgning er imødekommet.", {GRANT}),
    ("Vi siger ja til en trappelift.", {GRANT}),
    ("Du får afslag på støtte til elcyklen.", {REFUSAL}),
    ("Vi giver dig afslag.", {REFUSAL}),
    ("Deres ansøgning kan derfor ikke imødekommes.", {REFUSAL}),
    ("Emil kan ikke få fri skolekørsel.", {REFUSAL}),
    ("Vi siger nej til en fast kontaktperson.", {REFUSAL}),
    ("Du er ikke berettiget til kontanthjælp.", {REFUSAL}),
    ("Dine sygedagpenge stopper den 23. november 2025.", {STOP}),
    ("Vi nedsætter beløbet fra 1.400 kr. til 600 kr. om måneden.", {STOP}),
    ("Du skal betale 8.412 kr. tilbage.", {STOP}),
    ("Indsatsen bringes til ophør pr. 1. marts.", {STOP}),
    ("Du får delvis friplads.", {GRANT, PARTIAL}),
    ("Vi dækker 2.000 kr. af de 3.500 kr., du har søgt om.", {GRANT, PARTIAL}),
    ("Du får støtte til en bil – men ikke til den model, du har søgt om.", {GRANT, PARTIAL}),
    ("Du får det, du har søgt om.", {GRANT, FULL}),
    ("Du er visiteret til 30 minutters rengøring hver 14. dag.", {GRANT}),
    ("Vi tilbyder Lucas en plads i specialklasse fra 1. august.", {GRANT}),
    ("Kommunen har besluttet at stoppe din kontanthjælp fra 1. maj.", {STOP}),
    ("Der er ikke grundlag for at bevilge dig en ny seng.", {REFUSAL}),
    ("Vi kan desværre ikke hjælpe dig med en ny vaskemaskine.", {REFUSAL}),
    ("Delvis bevilling af tandbehandling", {GRANT, PARTIAL}),
])
def test_decision_statements(sentence, cues):
    assert sentence_cues(sentence) == cues


@pytest.mark.parametrize("sentence", [
    "Hvis du ikke sender oplysningerne, kan det betyde, at du får afslag.",
    "Vi foreslår, at Victor får en fast kontaktperson.",
    "Du kan få hjælp til en enkeltudgift, hvis din situation har ændret sig.",
    "Kommunalbestyrelsen yder hjælp til personer med varigt nedsat funktionsevne.",
    "Du har søgt om at få dækket tabt arbejdsfortjeneste i 37 timer om ugen.",
    "Du får et særskilt brev om din første samtale.",
    "Hjælpemidler skal leveres tilbage, når behovet ophører.",
    "Alma fortsætter med den støtte, hun får i dag.",
    "Fra 1. januar får alle pensionister et højere tillæg.",
    "Vi forventer at kunne træffe afgørelse inden 8 uger.",
    "Kan du få hjælp et andet sted?",
    "Vi tilbyder dig et møde med en rådgiver.",
    "Du er velkommen til at få gratis økonomisk rådgivning.",
])
def test_talk_about_results_is_not_a_result(sentence):
    assert sentence_cues(sentence) == frozenset()


@pytest.mark.parametrize(("text", "outcome"), [
    ("# Du får en ny kørestol\n\nDu får den kørestol, du har søgt om.", "bevilling"),
    ("# Afgørelse\n\nDu får afslag på en elcykel.", "afslag"),
    ("# Afgørelse om rollator\n\nDu får en almindelig rollator. Du får ikke den terrænrollator, "
     "du har søgt om.", "delvis"),
    ("# Afgørelse\n\nDu får dækket 20 timer om ugen. Resten af din ansøgning giver vi afslag på.",
     "delvis"),
    ("# Revisitation\n\nHjælpen til rengøring bortfalder fra 1. februar, men du får fortsat "
     "hjælp til tøjvask.", "ophør"),
    ("# Afgørelse om aflastning\n\nUdvalget har besluttet, at der iværksættes en indsats, og at "
     "omfanget tilrettelægges nærmere.", "uklar"),
])
def test_outcome_of_a_letter(nlp, text, outcome):
    facts = facts_of(text + GUIDANCE, nlp)
    assert facts["letter_kind"] == "afgørelse"
    assert facts["outcome"] == outcome


def test_a_sentence_heading_is_the_decision_block(nlp):
    facts = facts_of("Lyngsø, 3. februar 2026\n\n# Du får en manuel kørestol\n\n"
                     "Du har søgt om en kørestol, og du får en let kørestol." + GUIDANCE, nlp)
    assert facts["decision_block"] == 1


def test_a_label_heading_is_not_the_decision_block(nlp):
    facts = facts_of("# Afgørelse om rollator\n\nDu har søgt om en rollator.\n\n"
                     "Du får en almindelig rollator." + GUIDANCE, nlp)
    assert facts["decision_block"] == 2


def test_an_outcome_label_heading_states_the_decision(nlp):
    facts = facts_of("# Afslag på støtte til elcykel\n\nDu får afslag på støtte til elcyklen."
                     + GUIDANCE, nlp)
    assert (facts["outcome"], facts["decision_block"]) == ("afslag", 0)


def test_a_heading_sentence_without_a_cue_is_the_decision_when_details_follow(nlp):
    facts = facts_of("# Vi laver en rampe ved din hoveddør\n\nDu får det, du har søgt om." + GUIDANCE,
                     nlp)
    assert (facts["outcome"], facts["decision_block"]) == ("bevilling", 0)


def test_a_buried_decision_is_found(nlp):
    text = ("# Vedrørende Deres ansøgning om elektrisk kørestol\n\n"
            "Kommunen har indhentet oplysninger fra Deres læge.\n\n"
            "En elektrisk kørestol kan alene bevilges, såfremt betingelserne er opfyldt.\n\n"
            "Deres ansøgning kan derfor ikke imødekommes." + GUIDANCE)
    facts = facts_of(text, nlp)
    assert (facts["outcome"], facts["decision_block"]) == ("afslag", 3)


def test_the_klagevejledning_does_not_decide(nlp):
    text = ("# Afgørelse om aflastning\n\nSagen er sendt videre til visitationen."
            "\n\n# Hvis du vil klage\n\nDu har fået det, du har søgt om. Er du alligevel uenig, "
            "kan du klage inden 4 uger. Send klagen til os.")
    assert facts_of(text, nlp)["outcome"] == "uklar"


def test_a_decision_and_guidance_in_one_paragraph(nlp):
    text = ("Du får afslag på en ny seng efter § 112 i serviceloven. Du kan klage til "
            "Ankestyrelsen inden 4 uger efter, at du har fået afgørelsen. Klagen sendes til os.")
    facts = facts_of(text, nlp)
    assert (facts["outcome"], facts["appeal_guidance"]["present"]) == ("afslag", True)
