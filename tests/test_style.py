"""Passive and nominalisation detection: the rule-based fallback and the morphology path."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from brevtjek.nlp.style import has_morphology, nominal_chain, nominalisations, passive_constructions


@pytest.fixture(scope="module")
def blank():
    from brevtjek.nlp.pipeline import load_pipeline

    pipeline, _ = load_pipeline("blank")
    return pipeline


def passives(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [doc[start:end].text for start, end in passive_constructions(doc[:])]


def nominals(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [doc[index].text for index in nominalisations(doc[:])]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ansøgningen kan derfor ikke imødekommes.", ["imødekommes"]),
        ("Sagen behandles hurtigt.", ["behandles"]),
        ("Det oplyses, at ansøgningen afslås.", ["oplyses", "afslås"]),
        ("Hvis du flytter, behandles sagen igen.", ["behandles"]),
        ("Sagen er blevet behandlet, og du bliver kontaktet af os.",
         ["er blevet behandlet", "bliver kontaktet"]),
        ("Afgørelsen er truffet efter serviceloven.", ["er truffet"]),
        ("Klagen skal være modtaget inden fire uger.", ["være modtaget"]),
        ("Sagen er derfor ikke blevet afsluttet.", ["er derfor ikke blevet afsluttet"]),
        # inverted order: the subject stands between the auxiliary and the participle
        ("Derfor er din ansøgning blevet afslået.", ["er din ansøgning blevet afslået"]),
        ("Den 3. maj blev sagen forelagt for udvalget.", ["blev sagen forelagt"]),
        # a coordinated participle shares the auxiliary
        ("Ansøgningen er modtaget og registreret.", ["er modtaget", "registreret"]),
        # impersonal "der"/"det" turns a reciprocal form into a passive
        ("Der ses bort fra formue under 10.000 kr.", ["ses"]),
        ("Det ses af journalen, at du har fået hjælp.", ["ses"]),
        # the lemma table calls "lægges" a form of the noun "læg"; after "der" it is a verb
        ("Der lægges vægt på din situation.", ["lægges"]),
        # after a modal an -es form is an infinitive passive ("leveres": lemma "lever")
        ("Hvis hjælpemidlet ikke bruges, skal det leveres tilbage.", ["bruges", "leveres"]),
        # strong participles in compounds ("iværk-sat", "fore-lagt")
        ("Indsatsen blev iværksat i maj.", ["blev iværksat"]),
    ],
)
def test_passive_found_without_morphology(blank, text, expected):
    assert passives(blank, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vi synes, at du har ret.",           # deponent
        "Vi ses på torsdag.",                 # reciprocal "ses" = meet
        "Det lykkes sikkert.",
        "Han er gået hjem.",                  # perfect tense with være
        "Din kommunes afgørelse står her.",   # genitive after a determiner
        "Egebæk Kommunes afgørelse er klar.",  # a name's genitive
        "Til din egen families brug.",
        "Det er rigtigt, og det er skattefrit.",
        "Det er ikke tilfældet.",             # a noun that looks like a participle
        "Han er fyldt 67 år.",
        "Du kan få hjælp til rengøring.",
        "Vi har lagt vægt på din situation.",
        "Din status er uændret.",             # negated participle: no verb "uændre"
        "Du er berettiget til hjælp.",        # participle that became an adjective
        "Bevillingen er bortfaldet.",         # være-perfect of a compound motion verb
        "Det er et bevilget hjælpemiddel.",   # attributive participle after a determiner
        "Vi kan mødes på rådhuset.",          # reciprocal with a plural person
        "Han ønsker ikke at mødes med flere voksne.",  # "mødes med" = meet with
        "Vi har ligeledes talt med din læge.",  # adverb in -es
        "Efter tre ugers sygdom har du ret til sygedagpenge.",  # genitive after a numeral
        "Du er nødt til at ringe.",           # "nødt" is not a participle
    ],
)
def test_no_passive(blank, text):
    assert passives(blank, text) == []


def test_nominalisations_and_stop_list(blank):
    assert nominals(blank, "Behandlingen af ansøgningen om bevilling tager tid.") == [
        "Behandlingen", "ansøgningen", "bevilling"]
    assert nominals(blank, "Vurderingen af sagen viser, at du har mulighed for hjælp.") == [
        "Vurderingen"]  # "mulighed" is on the stop list
    # organisations, short words and names are not nominalisations
    assert nominals(blank, "Ankestyrelsen og Familieafdelingen har en ting og en ring.") == []
    assert nominals(blank, "Du kan få en vurdering og en udtalelse om situationen.") == [
        "vurdering", "udtalelse", "situationen"]


def test_nominal_chain_needs_linking_words(blank):
    doc = blank("Behandlingen af ansøgningen om bevilling tager tid.")
    assert [doc[i].text for i in nominal_chain(doc[:])] == ["Behandlingen", "ansøgningen", "bevilling"]
    doc = blank("I forbindelse med sagens behandling indhentede vi oplysninger.")
    chain = [doc[i].text for i in nominal_chain(doc[:])]
    assert chain == ["forbindelse", "behandling"]  # a verb breaks the chain before "oplysninger"
    doc = blank("Vurderingen, ansøgningen og bevillingen.")
    assert len(nominal_chain(doc[:])) == 1  # punctuation and "og" break it


def _doc(blank, words, lemmas, pos, morphs):
    return Doc(blank.vocab, words=words, lemmas=lemmas, pos=pos, morphs=morphs)


def test_morphology_path_uses_voice_and_verbform(blank):
    # lemmas equal to the words: the rule-based fallback alone would find nothing here
    doc = _doc(blank, ["Hjælpen", "bevilges", "nu"], ["hjælpen", "bevilges", "nu"],
               ["NOUN", "VERB", "ADV"], ["", "Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Pass", ""])
    assert has_morphology(doc)
    assert passive_constructions(doc[:]) == [(1, 2)]
    doc = _doc(blank, ["Sagen", "blev", "afgjort", "i", "går"],
               ["sag", "blive", "afgjort", "i", "går"], ["NOUN", "AUX", "VERB", "ADP", "ADV"],
               ["", "Mood=Ind|Tense=Past|VerbForm=Fin|Voice=Act",
                "Definite=Ind|Number=Sing|Tense=Past|VerbForm=Part", "", ""])
    assert passive_constructions(doc[:]) == [(1, 3)]


def test_morphology_path_keeps_the_stop_lists(blank):
    doc = _doc(blank, ["Vi", "synes", "godt"], ["vi", "synes", "godt"], ["PRON", "VERB", "ADV"],
               ["", "Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Pass", ""])
    assert passive_constructions(doc[:]) == []
    doc = _doc(blank, ["Han", "er", "gået"], ["han", "være", "gå"], ["PRON", "AUX", "VERB"],
               ["", "", "Definite=Ind|Number=Sing|Tense=Past|VerbForm=Part"])
    assert passive_constructions(doc[:]) == []


def test_morphology_pos_filters_nominalisations(blank):
    doc = _doc(blank, ["ansøgning", "vurdering"], ["ansøgning", "vurdering"], ["NOUN", "VERB"],
               ["", ""])
    assert nominalisations(doc[:]) == [0]


def test_span_indices_are_doc_indices(blank):
    doc = blank("Du får en rollator. Sagen behandles nu.")
    second = list(doc.sents)[1]
    assert passive_constructions(second) == [(6, 7)]
    assert doc[6].text == "behandles"
