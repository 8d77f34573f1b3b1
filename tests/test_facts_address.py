"""Form of address: du, De or both."""

from __future__ import annotations

import pytest

from tests.facts_support import facts_of


@pytest.mark.parametrize(("text", "form"), [
    ("Du får en rollator. Vi kører den ud til dig.", "du"),
    ("I har søgt om aflastning til jeres søn.", "du"),
    ("Kommunen har behandlet Deres ansøgning. De får afslag.", "De"),
    ("De kan klage over afgørelsen.", "De"),
    ("Du skal betale pengene tilbage, fordi De har været samlevende med Deres kæreste.", "blandet"),
    ("Hjemmeplejen kommer hver anden uge. De støvsuger og vasker gulv hos dig.", "du"),
    ("Du får afslag. De kan klage inden 4 uger fra modtagelsen.", "blandet"),
    ("De bedes medbringe dit sygesikringskort.", "blandet"),
    ("I perioden fra maj til juli arbejdede ansøgeren som afløser.", None),
    ("Afgørelsen gælder ejendommen Kærgårdsvej 140.", None),
])
def test_address_forms(nlp, text, form):
    assert facts_of(text, nlp)["address_form"] == form


def test_headings_count(nlp):
    assert facts_of("# Vedr. Deres ansøgning\n\nAnsøgningen er modtaget.", nlp)["address_form"] == "De"
