"""Sentence splitting on legal Danish: abbreviations, citations, dates, times, lists."""

from __future__ import annotations

import pytest


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize(
    "text",
    [
        "Vi har givet dig hjælp efter § 112, jf. § 112, stk. 1, nr. 2, i serviceloven.",
        "Du kan bl.a. få hjælp til transport.",
        "Du kan f.eks. søge om en rollator.",
        "Du kan fx søge om en rollator.",
        "Vi dækker ca. halvdelen af udgiften.",
        "Mødet er kl. 10.30 på rådhuset.",
        "Vi modtog din ansøgning den 3. maj 2024 og svarer snart.",
        "Du får hjælp til tøj, sko m.v. når du har brug for det.",
        "Se pkt. 4 i vejledningen.",
        "Reglerne står i lov om social service § 83, stk. 2, nr. 1, jf. bek. nr. 1234.",
        "Du får 1.000 kr. i tilskud hver måned.",
        "Vi skriver til dig inden den 1. januar 2026.",
        "Ring til os på tlf. 12 34 56 78 mellem kl. 9 og 12.",
        "Dit CPR-nr. står ikke i brevet.",
    ],
)
def test_one_sentence(nlp, text):
    assert sentences(nlp, text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Du får en rollator. Vi har lagt vægt på din gangfunktion.",
         ["Du får en rollator.", "Vi har lagt vægt på din gangfunktion."]),
        ("Vi dækker udgifter til hjælpemidler m.v. Du skal selv betale resten.",
         ["Vi dækker udgifter til hjælpemidler m.v.", "Du skal selv betale resten."]),
        ("Se pkt. 4. Bevillingen gælder et år.", ["Se pkt. 4.", "Bevillingen gælder et år."]),
        ("Vi ringer kl. 10. Du behøver ikke gøre noget.",
         ["Vi ringer kl. 10.", "Du behøver ikke gøre noget."]),
        ("Er du uenig? Så kan du klage!", ["Er du uenig?", "Så kan du klage!"]),
        ('Du skrev: "Jeg kan ikke gå." Det har vi lagt vægt på.',
         ['Du skrev: "Jeg kan ikke gå."', "Det har vi lagt vægt på."]),
        ("Du får:\n- en rollator\n- en badebænk",
         ["Du får:", "- en rollator", "- en badebænk"]),
        ("Første afsnit\n\nAndet afsnit", ["Første afsnit", "Andet afsnit"]),
        ("1. Du skal ringe til os. 2. Du skal sende papirerne.",
         ["1. Du skal ringe til os.", "2. Du skal sende papirerne."]),
        ("Det koster 500 kr. Vi betaler det hele.", ["Det koster 500 kr.", "Vi betaler det hele."]),
        ("Hjælpen gives efter § 32 i barnets lov. Vi følger op om et år.",
         ["Hjælpen gives efter § 32 i barnets lov.", "Vi følger op om et år."]),
    ],
)
def test_split(nlp, text, expected):
    assert sentences(nlp, text) == expected


def test_line_break_inside_sentence_does_not_split(nlp):
    text = "Afgørelsen er truffet i\nhenhold til serviceloven."
    assert sentences(nlp, text) == [text]


def test_heading_and_bullet_blocks_are_sentences_of_their_own(nlp):
    from brevtjek.document.text_reader import read_text
    from brevtjek.nlp.analysis import analyze

    document = read_text("Afgørelse om rollator\n\nDu får:\n\n- en rollator\n- en stok", "x.txt")
    analysis = analyze(document, nlp)
    count = sum(len(list(block.sentences())) for block in analysis.blocks)
    assert count == 4
