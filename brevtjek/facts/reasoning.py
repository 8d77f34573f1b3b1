"""Reasons (begrundelse): does the letter explain the result with the facts of the case?

FVL § 24 and the Ombudsman ask for the legal rules, the main considerations and the facts
that carried weight. Repeating the rule ("betingelserne er ikke opfyldt"), announcing that
an assessment happened ("efter en konkret og individuel vurdering") or listing documents
that were collected is not a begrundelse (domain.md §§ 1.3, 1.12, 4.4). So reasons are
present when the letter's main text

* says what it gave weight to ("Vi har lagt vægt på …"), or
* draws a conclusion or gives a cause ("derfor", "fordi", "vi vurderer, at", "beregnet ud
  fra" …) **and** states at least one concrete fact: what a source shows ("Det fremgår af
  lægens erklæring, at …", "Udtalelsen viser, at …"), what the citizen said ("Du har skrevet,
  at …"), or figures (amounts, distances, percentages).

A fact "from" a law ("Det fremgår af servicelovens § 114, at …") is the rule, not a fact.
The check runs on the main text and the reasons section, never on the klagevejledning or
quoted law.
"""

from __future__ import annotations

import re
from functools import lru_cache

from brevtjek.facts.layout import APPEAL, APPENDIX, GuidanceMap, Layout, LetterBlock, outside_guidance
from brevtjek.facts.remembered import REMEMBERED, remembered

WEIGHT = remembered(r"\blagt\s+(?:\w+\s+){0,2}vægt\s+på\b|\blægger\s+(?:\w+\s+){0,2}vægt\s+på\b",
                    re.I)
CONCLUSION = remembered(
    r"\bderfor\b|\bfordi\b|\bidet\b|(?:^|[,;]\s*)da\b|\bpå\s+grund\s+af\b|\bskyldes\b"
    r"|\bvurderer\b.{0,40}?\bat\b|\bvurdering(?:en)?\s+(?:er\s+)?,?\s*at\b"
    r"|\bvurderet\b.{0,20}?,?\s+at\b|\bbetyder\b|\bberegnet\b.{0,60}?\bud\s+fra\b"
    r"|\bud\s+fra\b|\bpå\s+(?:denne|den)\s+baggrund\b|\bbygger\s+på\b|\bhar\s+fundet,?\s+at\b"
    r"|\bbegrundelsen\b.{0,30}?\ber,?\s+at\b",
    re.I,
)
FROM_SOURCE = re.compile(r"\bfremgår\b(?P<source>.{0,150}?)\bat\b", re.I)
""""Det fremgår af lægens erklæring af 2. april, at …" (or "det af X fremgår, at …")."""
SOURCE_FACT = re.compile(
    r"\bviser\b.{0,40}?\b(?:at|tydelig)\b|\bviser\s+(?:dine|din|det|de)\b|\bifølge\b"
    r"|\bskriver\b.{0,30}?\bat\b|\bbekræftet\b",
    re.I,
)
REPORTED = re.compile(
    r"\b(?:noteret|noterede|bekræftet|bekræftede|oplyst|oplyste|skrevet|skrev|fortalt|fortalte|sagt"
    r"|sagde)\b.{0,10}?\bat\b", re.I)
"""A third party reported a fact ("Hjemmeplejen har noteret, at …"). When the citizen is
the subject ("idet De har oplyst, at …") it is only a fact if the letter engages with it
as the party's view, see PARTY_VIEW."""
_CITIZEN_BEFORE = re.compile(r"\b(?:du|de|i|dig|dem|jer)\s+(?:\w+\s+)?$", re.I)
PARTY_VIEW = re.compile(
    r"^\s*(?:du|i|de|han|hun)\s+(?:har\s+)?(?:oplyst|fortalt|skrevet|sagt|sagde|fortalte|skrev"
    r"|svarede|mener)\b",
    re.I,
)
FIGURE = re.compile(
    r"\d[\d.]*(?:,\d+)?\s*(?:kr\b|kroner\b|%|procent\b|km\b|kilometer\b|meter\b|m²|m2\b|kg\b"
    r"|cm\b)",
    re.I,
)
LEGAL_SOURCE = re.compile(r"§|\blov(?:en|ens)?\b|loven\b|lovens\b|bekendtgørelse", re.I)


def _main_blocks(layout: Layout, guidance: GuidanceMap) -> list[LetterBlock]:
    return [block for block in layout.body
            if guidance.get(block.index) != 0 and block.section_kind not in (APPEAL, APPENDIX)
            and not block.after_closing and not block.is_closing]


@lru_cache(maxsize=REMEMBERED)
def _has_fact(text: str) -> bool:
    """Whether a sentence states a fact of the case (remembered per sentence: template
    letters share most of theirs)."""
    for match in FROM_SOURCE.finditer(text):
        if not LEGAL_SOURCE.search(text[:match.start()] + match.group("source")):
            return True
    if SOURCE_FACT.search(text):
        return True
    for match in REPORTED.finditer(text):
        if not _CITIZEN_BEFORE.search(text[:match.start()]):
            return True
    return bool(PARTY_VIEW.search(text) or FIGURE.search(text))


def reasoning_evidence(layout: Layout, guidance: GuidanceMap) -> tuple[int, int, int] | None:
    """Where the letter first ties its result to facts: (block, start, end), or None."""
    weighted = None
    conclusion = None
    fact = None
    for block in _main_blocks(layout, guidance):
        for sentence in outside_guidance(block, guidance):
            text = sentence.text
            span = (sentence.block, sentence.start, sentence.end)
            if weighted is None and WEIGHT.search(text):
                weighted = span
            if conclusion is None and CONCLUSION.search(text):
                conclusion = span
            if fact is None and not block.is_heading and _has_fact(text):
                fact = span
    if weighted is not None:
        return weighted
    if conclusion is not None and fact is not None:
        return min(conclusion, fact)
    return None


def reasoning_present(layout: Layout, guidance: GuidanceMap) -> bool:
    return reasoning_evidence(layout, guidance) is not None
