"""brevtjek's LIX agrees with an independent implementation (textstat) on plain Danish text.

textstat splits sentences with a regular expression that knows nothing about Danish
abbreviations, and it drops "sentences" of one or two words. So it gets texts where that
cannot matter: no abbreviations, no numbers, every sentence three words or longer — and,
to keep its splitter out of the comparison entirely, pre-split text: one sentence per
line, each ending with a period. brevtjek gets the same sentences as ordinary running
text and splits them itself.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brevtjek.document.text_reader import read_text
from brevtjek.metrics import compute_metrics
from brevtjek.nlp.analysis import analyze

textstat = pytest.importorskip("textstat")


def textstat_lix(sentences: list[str]) -> float:
    textstat.set_lang("da")
    presplit = "\n".join(sentence.rstrip(".!?") + "." for sentence in sentences)
    return float(textstat.lix(presplit))


def brevtjek_lix(nlp, sentences: list[str]) -> float:
    metrics = compute_metrics(analyze(read_text(" ".join(sentences), "<tekst>"), nlp))
    assert metrics["sentences"] == len(sentences)
    return float(metrics["lix"])


PLAIN_TEXTS = [
    ["Du får en rollator.", "Vi har lagt vægt på, at du ikke kan gå uden støtte.",
     "Du kan klage inden fire uger."],
    ["Vi har modtaget din ansøgning om hjælp til en ny vaskemaskine.",
     "Du får ikke hjælpen, fordi du har penge nok til selv at købe den.",
     "Hvis din økonomi ændrer sig, kan du søge igen."],
    ["Kommunen har foretaget en konkret og individuel vurdering af ansøgningen.",
     "Betingelserne for bevilling af hjælpemidlet er ikke opfyldt.",
     "Ansøgningen kan derfor ikke imødekommes."],
    ["Noah får aflastning en weekend om måneden.",
     "Aflastningen foregår hos en familie, som Noah allerede kender.",
     "Familien henter Noah fredag efter skole og kører ham hjem søndag aften.",
     "Har I spørgsmål, er I velkomne til at ringe til Noahs kontaktperson."],
    ["Er du uenig i afgørelsen?", "Så kan du klage til Ankestyrelsen!",
     "Send klagen til os, så ser vi på sagen igen."],
    ["Det skal i den forbindelse bemærkes, at en elektrisk kørestol alene kan bevilges, "
     "såfremt betingelserne i serviceloven er opfyldt, herunder at hjælpemidlet i væsentlig "
     "grad kan lette den daglige tilværelse i hjemmet.",
     "Kommunen har endvidere ved vurderingen taget udgangspunkt i kommunens serviceniveau."],
    ["Dine sygedagpenge stopper, fordi du har fået dem i den længste tid, loven tillader.",
     "Vi har set på, om din sag kan forlænges efter en af reglerne om forlængelse.",
     "Det kan den ikke, fordi din læge ikke kan sige, hvornår du bliver rask."],
]


@pytest.mark.parametrize("sentences", PLAIN_TEXTS, ids=[text[0][:30] for text in PLAIN_TEXTS])
def test_agrees_with_textstat_on_plain_texts(nlp, sentences):
    assert brevtjek_lix(nlp, sentences) == pytest.approx(textstat_lix(sentences), abs=0.1)


SHORT_WORDS = ["du", "vi", "får", "en", "et", "og", "at", "kan", "har", "til", "om", "dig",
               "sag", "hjælp", "brev", "uge", "mad", "bil", "hus", "ikke", "også", "søge"]
LONG_WORDS = ["rollator", "kommunen", "afgørelsen", "ansøgning", "hjælpemidler",
              "begrundelse", "sagsbehandler", "kørestolen", "bevillingen", "økonomisk",
              "rådgivning", "genoptræning", "væsentlig", "ergoterapeut"]
WORD = st.sampled_from(SHORT_WORDS + LONG_WORDS)


@st.composite
def plain_sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORD, min_size=3, max_size=30))
    end = draw(st.sampled_from([".", ".", ".", "?", "!"]))
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) + end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(plain_sentence(), min_size=1, max_size=8))
def test_agrees_with_textstat_on_generated_texts(nlp, sentences):
    assert brevtjek_lix(nlp, sentences) == pytest.approx(textstat_lix(sentences), abs=0.1)


def test_textstat_miscounts_legal_danish_where_brevtjek_does_not(nlp):
    """Why brevtjek splits itself: textstat cuts at every abbreviation dot."""
    text = "Vi har givet dig hjælp efter reglerne, jf. stk. 1, nr. 2, i serviceloven."
    metrics = compute_metrics(analyze(read_text(text, "<tekst>"), nlp))
    assert metrics["sentences"] == 1
    assert float(textstat.lix(text)) < metrics["lix"] - 5
