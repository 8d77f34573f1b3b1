"""Patterns that remember their results per text (brevtjek.facts.remembered) answer exactly
as the compiled pattern does, and a text met again is looked up instead of scanned."""

from __future__ import annotations

import re

from brevtjek.facts.appeal import DEADLINE, body_index
from brevtjek.facts.registry import load_registry
from brevtjek.facts.remembered import RememberedPattern, remembered

TEXTS = ["Du kan klage inden 4 uger.", "Klagefristen er fire uger fra i dag.", "", "Ingen frist her.",
         "Du kan klage til Ankestyrelsen og til Det Sociale Nævn."]


def spans(matches) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in matches]


def test_remembered_pattern_answers_as_the_compiled_one():
    plain = re.compile(r"\b(?:uger?|måned(?:er)?)\b", re.I)
    kept = remembered(r"\b(?:uger?|måned(?:er)?)\b", re.I)
    for text in TEXTS * 2:
        for method in ("search", "match"):
            expected, found = getattr(plain, method)(text), getattr(kept, method)(text)
            assert (expected and expected.span()) == (found and found.span())
        assert spans(plain.finditer(text)) == spans(kept.finditer(text))


def test_a_text_met_again_is_looked_up():
    kept = RememberedPattern(re.compile(r"\d+"), size=2)
    first = kept.search("klag inden 4 uger")
    assert kept.search("klag inden 4 uger") is first  # the same Match object: not scanned again
    kept.search("a 1"), kept.search("b 2")  # size 2: the first text is dropped
    assert kept.search("klag inden 4 uger") is not first


def test_the_fact_finders_patterns_remember():
    assert DEADLINE.search(TEXTS[0]) is DEADLINE.search(TEXTS[0])
    pattern, aliases = body_index(load_registry())
    assert [aliases[re.sub(r"\s+", " ", match.group(0).lower())][0] for match in pattern.finditer(TEXTS[4])] == [
        "Ankestyrelsen", "Det Sociale Nævn"]
