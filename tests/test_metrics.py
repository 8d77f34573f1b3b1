"""Readability metrics against counts made by hand.

Each case lists the words as counted by hand (L = long word, more than six letters,
counting letters only), the number of sentences, and the LIX worked out from them:
LIX = words / sentences + 100 × long words / words, rounded to one decimal.
"""

from __future__ import annotations

import pytest

from brevtjek.document.model import Block, Document, Part, Role
from brevtjek.document.text_reader import read_text
from brevtjek.metrics import compute_metrics, letter_measure
from brevtjek.metrics.counting import token_words, word_letters
from brevtjek.metrics.exclusions import Exclusion, classify_blocks, is_prose
from brevtjek.metrics.figures import METRIC_KEYS
from brevtjek.metrics.lix import band, lix
from brevtjek.nlp.analysis import analyze


def metrics_of(nlp, text: str, markdown: bool = False) -> dict:
    return compute_metrics(analyze(read_text(text, "<test>", markdown=markdown), nlp))


HAND_COUNTED = [
    # (text, words, sentences, long words, LIX)
    pytest.param(
        "Du får en rollator. Vi har lagt vægt på, at du ikke kan gå uden støtte. "
        "Du kan klage inden 4 uger.",
        # Du får en rollator(L) | Vi har lagt vægt på at du ikke kan gå uden støtte |
        # Du kan klage inden uger ("4" is no word) → 4 + 12 + 5 = 21 words, 1 long
        21, 3, 1, 11.8,  # 21/3 + 100·1/21 = 7 + 4.76
        id="plain-three-sentences",
    ),
    pytest.param(
        "Vi har givet dig hjælp efter § 112, jf. § 112, stk. 1, nr. 2, i serviceloven.",
        # Vi har givet dig hjælp efter jf stk nr i serviceloven(L) — "§", "112", "1", "2"
        # are no words, "jf."/"stk."/"nr." do not end the sentence
        11, 1, 1, 20.1,  # 11 + 100/11
        id="legal-citation-abbreviations",
    ),
    pytest.param(
        "Du kan bl.a. få hjælp til transport. Vi dækker ca. halvdelen af udgiften.",
        # Du kan bl.a.(3 letters) få hjælp til transport(L) |
        # Vi dækker(6) ca. halvdelen(L) af udgiften(L)
        13, 2, 3, 29.6,  # 6.5 + 300/13 = 6.5 + 23.08
        id="bl.a.-and-ca.",
    ),
    pytest.param(
        "Vi modtog din ansøgning den 3. maj 2024 og svarer snart. Mødet er kl. 10.30 på rådhuset.",
        # Vi modtog din ansøgning(L) den maj og svarer snart | Mødet er kl på rådhuset(L)
        # "3." before a month is an ordinal date, not a sentence end
        14, 2, 2, 21.3,  # 7 + 200/14 = 7 + 14.29
        id="ordinal-date-and-time",
    ),
    pytest.param(
        "Vi dækker udgifter til hjælpemidler m.v. Du skal selv betale resten.",
        # Vi dækker udgifter(L) til hjælpemidler(L) m.v. | Du skal selv betale resten
        # "m.v." before a capital letter ends the sentence
        11, 2, 2, 23.7,  # 5.5 + 200/11 = 5.5 + 18.18
        id="m.v.-ends-sentence",
    ),
    pytest.param(
        "Vi skriver om din sag. Sagsnr. 27.15.08-G01-0412-25 gælder din sag om 1.862 kr. om "
        "måneden.",
        # Vi skriver(L) om din sag | Sagsnr.(6 letters) gælder(6) din sag om kr om måneden(L);
        # the case number and the amount are no words. (A letter that *starts* with a
        # "Sagsnr." line would have that line counted as address.)
        13, 2, 2, 21.9,  # 13/2 + 200/13 = 6.5 + 15.38
        id="case-number-and-amount",
    ),
    pytest.param(
        "Børne- og Familieafdelingen har sendt en e-mail til Lise-Lotte.",
        # Børne-(5) og Familieafdelingen(L) har sendt en e-mail(5) til Lise-Lotte(9, L)
        9, 1, 2, 31.2,  # 9 + 200/9 = 9 + 22.22
        id="hyphenated-compounds",
    ),
    pytest.param(
        "Du får et 3-årigt forløb med 10-minutters besøg hver dag.",
        # Du får et 3-årigt(årigt, 5) forløb(6) med 10-minutters(minutters, 9, L) besøg hver dag
        10, 1, 1, 20.0,  # 10 + 100/10
        id="digit-hyphen-words",
    ),
    pytest.param(
        "Du og/eller din ægtefælle skal sende papirerne.",
        # Du og eller din ægtefælle(L) skal sende papirerne(L) — the slash separates
        8, 1, 2, 33.0,  # 8 + 200/8
        id="slash-separates",
    ),
    pytest.param(
        "Sagen om Oliver (020347-XXXX) er afsluttet.",
        # Sagen om Oliver(6) er afsluttet(L); the masked CPR number is a code, no word
        5, 1, 1, 25.0,  # 5 + 100/5
        id="masked-cpr-is-no-word",
    ),
    pytest.param(
        "Er du uenig? Så kan du klage! Skriv til os inden fire uger.",
        # Er du uenig | Så kan du klage | Skriv til os inden fire uger
        13, 3, 0, 4.3,  # 13/3
        id="question-and-exclamation",
    ),
    pytest.param(
        "1. Du skal ringe til os. 2. Du skal sende lægeerklæringen.",
        # (list number dropped) Du skal ringe til os | Du skal sende lægeerklæringen(L)
        9, 2, 1, 15.6,  # 4.5 + 100/9 = 4.5 + 11.11
        id="numbered-items",
    ),
    pytest.param(
        "Under henvisning til Deres ansøgning skal det herved meddeles, at Deres ansøgning om "
        "bevilling af ganghjælpemiddel i henhold til servicelovens § 112 ikke kan imødekommes, "
        "idet De ikke opfylder betingelserne herfor.",
        # Under henvisning(L) til Deres ansøgning(L) skal det herved(6) meddeles(L) at Deres
        # ansøgning(L) om bevilling(L) af ganghjælpemiddel(L) i henhold(L) til servicelovens(L)
        # ikke kan imødekommes(L) idet De ikke opfylder(L) betingelserne(L) herfor(6)
        29, 1, 11, 66.9,  # 29 + 1100/29 = 29 + 37.93
        id="bureaucratic-sentence",
    ),
    pytest.param(
        "Det koster 500 kr. Vi betaler det hele.",
        # Det koster kr | Vi betaler(L) det hele — "kr." before a capital ends the sentence
        7, 2, 1, 17.8,  # 3.5 + 100/7 = 3.5 + 14.29
        id="kr.-ends-sentence",
    ),
    pytest.param(
        "Du kan f.eks. søge om en rollator, evt. en kørestol, jf. bek. nr. 1234.",
        # Du kan f.eks.(4) søge om en rollator(L) evt. en kørestol(L) jf bek nr
        13, 1, 2, 28.4,  # 13 + 200/13 = 13 + 15.38
        id="f.eks.-evt.-bek.-nr.",
    ),
    pytest.param(
        "Du får hjælp\n\nVi betaler for:\n- en rampe ved hoveddøren\n- en ny dør til "
        "badeværelset\n\nHåndværkeren ringer til dig.",
        # heading: Du får hjælp | Vi betaler(L) for | bullet: en rampe ved hoveddøren(L) |
        # bullet: en ny dør til badeværelset(L) | Håndværkeren(L) ringer til dig
        # → 3 + 3 + 4 + 5 + 4 = 19 words in 5 sentences, 4 long
        19, 5, 4, 24.9,  # 3.8 + 400/19 = 3.8 + 21.05
        id="heading-and-bullets-are-sentences",
    ),
]


@pytest.mark.parametrize("text, words, sentences, long_words, expected_lix", HAND_COUNTED)
def test_hand_counted(nlp, text, words, sentences, long_words, expected_lix):
    metrics = metrics_of(nlp, text)
    assert metrics["words"] == words
    assert metrics["sentences"] == sentences
    assert metrics["long_word_share"] == round(long_words / words, 3)
    assert metrics["lix"] == expected_lix


def test_sentence_length_figures_by_hand(nlp):
    text = ("Vi har lagt vægt på, at du har boet alene i mange år, at du selv kan lave mad, og at "
            "din datter hjælper dig med indkøb hver uge. Du får derfor ikke hjemmehjælp.")
    # sentence 1: Vi har lagt vægt på at du har boet alene i mange år at du selv kan lave mad
    # og at din datter hjælper(L) dig med indkøb hver uge = 29 words;
    # sentence 2: Du får derfor ikke hjemmehjælp(L) = 5 words
    metrics = metrics_of(nlp, text)
    assert metrics["words"] == 34
    assert metrics["sentences"] == 2
    assert metrics["max_sentence_words"] == 29
    assert metrics["avg_sentence_words"] == 17.0
    assert metrics["long_sentence_share"] == 0.5  # 1 of 2 sentences has more than 25 words
    assert metrics["long_word_share"] == 0.059  # 2 / 34
    assert metrics["lix"] == 22.9  # 17 + 200/34 = 17 + 5.88


LETTER = """Hr. Poul Hansen
Vejen 7
9998 Egebæk

Egebæk, 3. marts 2025

# Du får en rollator

Vi har set på din ansøgning. Du får en rollator.

Med venlig hilsen

Bente Holm

# Klagevejledning

Du kan klage til Ankestyrelsen inden fire uger.

# Bilag: Lovgrundlag

§ 112. Kommunalbestyrelsen skal yde støtte til hjælpemidler.
"""


def test_letter_parts_are_excluded_and_measured_separately(nlp):
    metrics = metrics_of(nlp, LETTER, markdown=True)
    # body: heading "Du får en rollator(L)" + "Vi har set på din ansøgning(L)" + "Du får en
    # rollator(L)" = 4 + 6 + 4 = 14 words, 3 sentences, 3 long
    assert (metrics["words"], metrics["sentences"]) == (14, 3)
    assert metrics["lix"] == 26.1  # 14/3 + 300/14 = 4.67 + 21.43
    excluded = metrics["excluded"]
    # address: "Hr Poul Hansen Vejen Egebæk" (one sentence) + "Egebæk marts" (one sentence)
    assert (excluded["address"]["words"], excluded["address"]["sentences"]) == (7, 2)
    assert excluded["address"]["lix"] == 3.5  # 7/2, no long words
    # signature: "Med venlig hilsen" + "Bente Holm"
    assert (excluded["signature"]["words"], excluded["signature"]["sentences"]) == (5, 2)
    # appeal guidance: "Klagevejledning(L)" + "Du kan klage til Ankestyrelsen(L) inden fire uger"
    assert (excluded["appeal_guidance"]["words"], excluded["appeal_guidance"]["sentences"]) == (9, 2)
    assert excluded["appeal_guidance"]["lix"] == 26.7  # 4.5 + 200/9
    # quoted law: "Bilag Lovgrundlag(L)" + "Kommunalbestyrelsen(L) skal yde støtte til
    # hjælpemidler(L)"; the "§ 112." fragment has no word and is no sentence
    assert (excluded["law_quote"]["words"], excluded["law_quote"]["sentences"]) == (8, 2)
    assert excluded["law_quote"]["lix"] == 41.5  # 4 + 300/8
    assert excluded["notes"]["words"] == 0 and excluded["notes"]["lix"] is None


def test_sections_and_paragraphs(nlp):
    metrics = metrics_of(nlp, LETTER, markdown=True)
    sections = metrics["sections"]
    assert [section["heading"] for section in sections] == ["Du får en rollator"]
    section = sections[0]
    assert section["heading_block"] == 2
    assert section["words"] == 14 and section["lix"] == 26.1
    assert set(METRIC_KEYS) <= set(section)
    # the only body paragraph: "Vi har set på din ansøgning(L). Du får en rollator(L)."
    assert metrics["paragraphs"] == [{"block": 3, "lix": 25.0, "words": 10, "sentences": 2}]


def test_json_shape_and_bands(nlp):
    metrics = metrics_of(nlp, LETTER, markdown=True)
    for key in METRIC_KEYS:
        assert key in metrics
    assert metrics["lix_band"] == "let"
    assert set(metrics["excluded"]) == {"address", "signature", "appeal_guidance",
                                        "law_quote", "notes"}
    assert metrics["style_detection"] in {"rules", "morphology"}


def test_hardest_sentences_skip_short_ones_and_mask_cpr(nlp):
    text = ("Begrundelse\n\nKommunen har i forbindelse med behandlingen af sagen om CPR-nummer "
            "020347-1234 indhentet helbredsmæssige oplysninger fra lægen. Du får en rollator "
            "til at gå med.")
    hardest = metrics_of(nlp, text)["hardest_sentences"]
    assert len(hardest) == 2  # the one-word heading is not a hard sentence
    assert hardest[0]["text"].startswith("Kommunen har")
    assert "020347-XXXX" in hardest[0]["text"] and "1234" not in hardest[0]["text"]
    assert hardest[0]["lix"] > hardest[1]["lix"]


def test_empty_body_has_null_figures(nlp):
    metrics = metrics_of(nlp, "Beløb\n\n1.862 kr.\n\n2.390")
    # heading "Beløb" | "kr." is a word, so "1.862 kr." is a sentence | "2.390" has no word
    assert (metrics["words"], metrics["sentences"]) == (2, 2)
    empty = compute_metrics(analyze(Document("<tom>", ()), nlp))
    assert empty["words"] == 0 and empty["lix"] is None and empty["lix_band"] is None
    assert empty["sections"] == [] and empty["paragraphs"] == []


@pytest.mark.parametrize(
    "text, letters",
    [("rollator", 8), ("e-mail", 5), ("Lise-Lotte", 9), ("Børne-", 5), ("bl.a.", 3),
     ("f.eks.", 4), ("3-årigt", 5), ("§", None), ("112a", None), ("G01", None),
     ("27.15.08-G01-0412-25", None), ("020347-XXXX", None), ("1.862", None),
     ("XX.XX.2025", None), ("CPR-nr", 5)],
)
def test_word_letters(text, letters):
    assert word_letters(text) == letters


def test_slash_makes_two_words():
    assert token_words("og/eller") == [2, 5]


@pytest.mark.parametrize(
    "value, label",
    [(24.9, "meget let"), (25.0, "let"), (34.9, "let"), (35.0, "middel"), (44.9, "middel"),
     (45.0, "svær"), (54.9, "svær"), (55.0, "meget svær"), (None, None)],
)
def test_bands(value, label):
    assert band(value) == label


def test_lix_formula():
    assert lix(21, 3, 1) == pytest.approx(7 + 100 / 21)
    assert lix(0, 0, 0) is None


def _block(index: int, text: str, role: Role = Role.PARAGRAPH, part: Part = Part.BODY,
           level: int | None = None, style: str | None = None) -> Block:
    return Block(index=index, text=text, role=role, part=part, heading_level=level, style=style)


def test_exclusions_on_a_word_letter_without_spacy():
    blocks = (
        _block(0, "EGEBÆK KOMMUNE", part=Part.HEADER),
        _block(1, "Hr. Poul Erik Vestergaard\nKirsebærhaven 7, 1. th.\n9998 Egebæk"),
        _block(2, "Dato:", part=Part.TABLE),
        _block(3, "17. marts 2025", part=Part.TABLE),
        _block(4, "Afgørelse om kørestol", Role.HEADING, level=1, style="heading 1"),
        _block(5, "Du får ikke en elektrisk kørestol, fordi du kan gå med rollator."),
        _block(6, "§ 112. Kommunalbestyrelsen skal yde støtte.", Role.QUOTE, style="Quote"),
        _block(7, "Med venlig hilsen"),
        _block(8, "Bente Holm Madsen\nVisitator"),
        _block(9, "Hvis du vil klage", Role.HEADING, level=2),
        _block(10, "Du kan klage inden fire uger."),
        _block(11, "Frist", Role.HEADING, level=3),
        _block(12, "Fristen regnes fra den dag, du får brevet."),
        _block(13, "Hvad sker der nu?", Role.HEADING, level=2),
        _block(14, "Vi ringer til dig i næste uge."),
        _block(15, "Se også vejledningen.", part=Part.FOOTNOTE),
    )
    result = classify_blocks(blocks)
    assert result == {
        0: Exclusion.ADDRESS, 1: Exclusion.ADDRESS, 2: Exclusion.ADDRESS, 3: Exclusion.ADDRESS,
        6: Exclusion.LAW_QUOTE, 7: Exclusion.SIGNATURE, 8: Exclusion.SIGNATURE,
        9: Exclusion.APPEAL_GUIDANCE, 10: Exclusion.APPEAL_GUIDANCE,
        11: Exclusion.APPEAL_GUIDANCE, 12: Exclusion.APPEAL_GUIDANCE,
        15: Exclusion.NOTES,
    }


@pytest.mark.parametrize(
    "heading",
    ["Klagevejledning", "Hvis du vil klage", "Sådan klager du", "Hvis du er uenig",
     "Klagemuligheder", "Hvis I eller Noah vil klage", "Klage over afgørelsen"],
)
def test_appeal_headings(heading):
    blocks = (_block(0, heading, Role.HEADING, level=2), _block(1, "Du kan klage."))
    assert classify_blocks(blocks) == {0: Exclusion.APPEAL_GUIDANCE, 1: Exclusion.APPEAL_GUIDANCE}


def test_a_complaint_heading_is_not_appeal_guidance():
    blocks = (_block(0, "Klagen over din hjemmehjælp", Role.HEADING, level=1),
              _block(1, "Vi har set på din klage og giver dig ret."))
    assert classify_blocks(blocks) == {}


def test_appendix_without_law_quote_counts():
    blocks = (
        _block(0, "Du får boligstøtte", Role.HEADING, level=1),
        _block(1, "Du får 1.862 kr. om måneden."),
        _block(2, "Bilag: Sådan har vi regnet", Role.HEADING, level=1),
        _block(3, "Vi har lagt din husleje og din indkomst sammen."),
    )
    assert classify_blocks(blocks) == {}


def test_prose_versus_address_lines():
    assert not is_prose(_block(0, "Hr. Poul Erik Vestergaard\nKirsebærhaven 7, 1. th.\n9998 Egebæk"))
    assert not is_prose(_block(0, "Egebæk, den 3. marts 2025"))
    assert not is_prose(_block(0, "Vedr."))
    assert is_prose(_block(0, "Du får en rollator."))
    assert is_prose(_block(0, "Sagen behandles."))


def test_letter_measure_anchor_and_cache(nlp):
    analysis = analyze(read_text(LETTER, "<test>", markdown=True), nlp)
    first = letter_measure(analysis)
    assert letter_measure(analysis) is first
    assert first.anchor_block == 2  # the first body heading
    other = analyze(read_text("Du får en rollator.", "<x>"), nlp)
    assert letter_measure(other).anchor_block == 0
    assert letter_measure(other) is not first


def test_corpus_letter_excludes_appeal_and_signature(nlp):
    from pathlib import Path

    from brevtjek.document import load_document

    path = Path(__file__).resolve().parents[1] / "corpora" / "letters" / "hjaelpemiddel-afslag-01.docx"
    measure = letter_measure(analyze(load_document(path), nlp))
    kinds = {why.value for why in measure.excluded_blocks.values()}
    assert {"address", "signature", "appeal_guidance"} <= kinds
    # the klagevejledning's text never reaches the body figure
    assert all("klage" not in sentence.text.lower() for sentence in measure.sentences)
    assert measure.body.words > 150
