"""Appeal guidance (klagevejledning): is it there, and does it say where, how and by when?

FVL § 25 requires the guidance to name the appeal body (klageinstans), how to complain
(fremgangsmåde) and the deadline (tidsfrist). The guidance is found where a reader finds it:
under a heading such as "Klagevejledning", "Sådan klager du" or "Hvis du er uenig", or in
any paragraph that tells the citizen they may (or may not) complain. A receipt for a
complaint that has already been made ("Vi har modtaget din klage … sender vi den til
Ankestyrelsen inden 4 uger") mentions a body and a deadline but is not guidance.

Only the citizen's own deadline counts: the municipality's deadline for forwarding the
complaint ("sender vi klagen videre inden 4 uger") and a court deadline ("anlægge sag inden
6 måneder", FVL § 26) are different things. The appeal body is the body that decides the
complaint (Ankestyrelsen, a klagenævn …), not the authority it is sent to first (Udbetaling
Danmark, the municipality) nor a channel (Klageportalen); names come from the registry,
retired bodies included, so a guidance pointing to "Det Sociale Nævn" is recognised — and
later flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from brevtjek.facts.citations import names_pattern
from brevtjek.facts.layout import APPEAL, Layout, LetterBlock, Sentence
from brevtjek.facts.registry import APPEAL_BODY_KINDS, LawRegistry
from brevtjek.facts.remembered import REMEMBERED, RememberedPattern, remembered

APPEAL_STATEMENT = remembered(
    r"\b(?:kan|må|skal)\b[^;:]{0,60}?\bklage\b(?!\s*(?:af|fra)\b)"
    r"|\bpåklage(?:s|t)?\b|\bklagefrist(?:en)?\s+(?:er|på|regnes|løber)\b"
    r"|\bhvis\s+(?:du|i|de)\s+(?:vil|ønsker\s+at)\s+klage\b"
    r"|\b(?:ønsker|vil)\s+(?:du|i|de)\s+(?:at\s+)?klage\b"
    r"|\bfrist(?:en)?\s+for\s+at\s+klage\b"
    r"|\b(?:mulighed|ret|adgang)\s+til\s+at\s+klage\b|\bmulighed\s+for\s+at\s+klage\b|\bklageadgang\b"
    r"|\b(?:eventuelle\s+|en\s+eventuel\s+|din\s+|jeres\s+|deres\s+)?klage[nr]?\b[^;:]{0,25}"
    r"\b(?:skal\s+(?:være|sendes|indgives|rettes)|sendes|rettes|indgives)\b"
    r"|\bsend\s+(?:din\s+|jeres\s+|deres\s+)?klage(?:n)?\b"
    r"|\bindbringe(?:s)?\b[^;:]{0,40}\b(?:ankestyrelsen|nævn|klageinstans|for\s+domstolene)",
    re.I,
)
NO_APPEAL = remembered(
    r"\bkan\s+(?:derfor\s+)?ikke\s+(?:på)?klage(?:s)?\b|\bikke\s+kan\s+(?:på)?klages\b"
    r"|\bingen\s+klageadgang\b|\bikke\s+klageadgang\b|\bkan\s+ikke\s+indbringes\b",
    re.I,
)
_NUMBER_WORDS = {
    "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
    "syv": 7, "otte": 8, "ni": 9, "ti": 10, "tolv": 12, "fjorten": 14, "tredive": 30,
}
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_UNIT = r"(?P<unit>uger?s?|måned(?:er|s)?|dage?s?|år)"
DEADLINE = remembered(
    r"\b(?:inden(?:\s+for)?|senest|indenfor|(?:klage)?frist(?:en)?(?:\s+for\s+at\s+klage)?\s+(?:er|på)"
    r"|være\s+modtaget\s+(?:inden|senest))\s+(?:de\s+)?"
    + _NUMBER + r"\s+" + _UNIT + r"\b"
    r"|\b(?:inden|senest|frist)\b[^;:]{0,25}?\b" + _NUMBER.replace("?P<n>", "?P<n2>") + r"\s+"
    + _UNIT.replace("?P<unit>", "?P<unit2>") + r"\b",
    re.I,
)
DATE_DEADLINE = remembered(
    r"\b(?:inden|senest|før)\s+(?:den\s+)?\d{1,2}\.\s*(?:januar|februar|marts|april|maj|juni|juli"
    r"|august|september|oktober|november|december)(?:\s+\d{4})?\b"
    r"|\b(?:inden|senest|før)\s+(?:den\s+)?\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b",
    re.I,
)
"""A deadline given as a date ("senest den 15. marts 2026"). The JSON fact holds durations
only ("4 uger"), but a date is a deadline all the same."""
NOT_CITIZEN_DEADLINE = remembered(
    r"\bdomstol|\bretten\b|\bsøgsmål|\banlægge\b|\bfastholde[rs]?\b|\bsender\s+vi\b"
    r"|\bvi\s+(?:sender|videresender)\b|\bvideresend|\bsendes\s+(?:den\s+|klagen\s+)?videre\b",
    re.I,
)
HOW = remembered(
    r"\bsend(?:e|er)?\s+(?:din\s+|jeres\s+|deres\s+|en\s+)?klage"
    r"|\bklage[nr]?\b[^;:]{0,30}\b(?:sendes|rettes|indgives|afleveres|skal\s+sendes)\b"
    r"|\b(?:være|er)\s+modtaget\s+(?:hos|i|på)\b|\bskal\s+være\s+hos\s+os\b"
    r"|\bvia\s+(?:digital\s+post|borger\.dk|klageportalen|e-?mail|mail|e-boks|www\.)"
    r"|\bklageportalen\b|\bdigital\s+post\b|\bborger\.dk\b"
    r"|\bsend\s+(?:den|dem)\s+til\b|\b(?:skal\s+)?sendes\s+til\b"
    r"|\bklage\w*\b.{0,60}?\b(?:ringe|skrive|e-?mail|sende\s+et\s+brev|med\s+(?:almindelig\s+)?post)\b"
    r"|\b(?:kan|skal)\s+(?:du\s+|i\s+|de\s+)?(?:også\s+)?(?:ringe|skrive|ringe\s+eller\s+skrive)\b"
    r"|\b(?:ringe|skrive|ringe eller skrive)\s+til\s+os\b"
    r"|\b(?:ring|skriv)(?:\s+eller\s+(?:ring|skriv))?\s+til\s+(?:os|[A-ZÆØÅ])"
    r"|\bmundtligt\s+eller\s+skriftligt\b|\bskriftligt\s+eller\s+mundtligt\b"
    r"|[\w.+-]+@[\w-]+\.[\w.]+",
    re.I,
)
LETTER_DATE_ANCHOR = remembered(
    r"\b(?:fra|efter)\s+(?:brevets|afgørelsens|skrivelsens|dags|denne\s+skrivelses)\s+dato\b"
    r"|\bfra\s+dato\b|\bfra\s+dags\s+dato\b|\bfra\s+(?:datoen\s+(?:for|på)\s+)?(?:dette\s+brev|brevets\s+udsendelse)\b",
    re.I,
)
RECIPIENT = remembered(
    r"\b[Kk]lage\w*\b(?:\s+\w+){0,3}?\s+til\s+(?P<to>os\b|kommunen\b|jobcentret\b"
    r"|[A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+)*)",
)
"""Where the complaint goes ("klage til Udbetaling Danmark", "klage til os"): that is how to
complain, unless the name is the appeal body itself ("klage til Ankestyrelsen")."""
DIRECT_ROUTE = remembered(r"\bdirekte\s+til\b", re.I)
VIA_DECIDER = remembered(
    r"\b(?:vi|kommunen|jobcentret|udbetaling danmark)\s+(?:ser|vurderer|genvurderer|behandler)"
    r"\b.{0,30}?\bigen\b|\bgenvurder\w*|\bvurderer\s+(?:din\s+)?sag(?:en)?\s+igen"
    r"|\bsend\w*\s+(?:din\s+|jeres\s+)?klage(?:n)?\s+til\s+kommunen\b"
    r"|\b(?:til|hos)\s+os\b|\bfastholde[rs]?\b",
    re.I,
)


@dataclass(frozen=True)
class BodyMention:
    name: str
    retired: bool
    rank: int
    """0 for a klageinstans (or a retired one), higher for tilsyn, ombudsmand and courts."""
    block: int
    start: int
    end: int


@dataclass(frozen=True)
class AppealGuidance:
    present: bool
    deadline: str | None
    body: str | None
    how: bool
    block: int | None
    regions: tuple[tuple[int, int], ...] = ()
    """(block, offset where the guidance starts in it) for every block of the guidance."""
    appealable: bool = True
    """False when the guidance says the decision cannot be appealed."""
    deadline_span: tuple[int, int, int] | None = None
    """(block, start, end) of the deadline text."""
    deadline_date: tuple[int, int, int] | None = None
    """(block, start, end) of a deadline given as a date instead of a duration."""
    anchored_to_letter_date: tuple[int, int, int] | None = None
    """(block, start, end) of "fra brevets dato" and the like."""
    direct_route: tuple[int, int, int] | None = None
    via_decider: bool = False
    bodies: tuple[BodyMention, ...] = field(default=())
    """Every appeal body named in the guidance, retired ones included, in order."""

    @property
    def blocks(self) -> tuple[int, ...]:
        return tuple(block for block, _ in self.regions)

    @property
    def guidance_map(self) -> dict[int, int]:
        return dict(self.regions)

    def to_dict(self) -> dict[str, object]:
        return {"present": self.present, "deadline": self.deadline, "body": self.body,
                "how": self.how, "block": self.block}


@lru_cache(maxsize=REMEMBERED)
def is_appeal_statement(text: str) -> bool:
    """A sentence telling the citizen that they may — or may not — complain.

    Remembered per text: the guidance finder, the decision finder and the guidance facts
    each ask about the same sentences of a letter.
    """
    return bool(APPEAL_STATEMENT.search(text) or NO_APPEAL.search(text))


def normalise_deadline(number: str, unit: str) -> str:
    """'fire ugers' → '4 uger', 'en måned' → '1 måned' (the corpus label format)."""
    n = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
    unit = unit.lower()
    if unit.startswith("uge"):
        word = "uge" if n == 1 else "uger"
    elif unit.startswith("måned"):
        word = "måned" if n == 1 else "måneder"
    elif unit.startswith("dag"):
        word = "dag" if n == 1 else "dage"
    else:
        word = "år"
    return f"{n} {word}"


@lru_cache(maxsize=4)
def body_index(registry: LawRegistry) -> tuple[RememberedPattern, dict[str, tuple[str, bool, int]]]:
    """Matcher for appeal-body names: alias → (canonical name, retired, preference rank)."""
    aliases: dict[str, tuple[str, bool, int]] = {}
    for entity in registry.retired_bodies:
        for alias in entity.aliases:
            aliases[alias.lower()] = (entity.name, True, 0)
    for entity in registry.appeal_bodies:
        if entity.kind not in APPEAL_BODY_KINDS:
            continue
        rank = APPEAL_BODY_KINDS.index(entity.kind)
        for alias in entity.aliases:
            if alias.lower() not in aliases:
                aliases[alias.lower()] = (entity.name, False, rank)
    return RememberedPattern(names_pattern(list(aliases))), aliases


def guidance_regions(layout: Layout) -> list[tuple[LetterBlock, int]]:
    """The klagevejledning: its section, and the rest of any paragraph that grants the right.

    A paragraph outside the appeal section is guidance from its first appeal statement on,
    so "Du får hjælp hver anden uge. Du kan klage inden 4 uger …" keeps its decision.
    """
    regions = []
    for block in layout.body:
        if block.is_closing:
            continue
        if block.section_kind == APPEAL:
            regions.append((block, 0))
            continue
        for sentence in block.sentences:
            if is_appeal_statement(sentence.text):
                regions.append((block, sentence.start))
                break
    return regions


def _guidance_sentences(regions: list[tuple[LetterBlock, int]]) -> list[Sentence]:
    return [sentence for block, offset in regions for sentence in block.sentences
            if sentence.start >= offset]


def _deadline(sentences: list[Sentence]) -> tuple[str, tuple[int, int, int]] | None:
    for sentence in sentences:
        if NOT_CITIZEN_DEADLINE.search(sentence.text):
            continue
        match = DEADLINE.search(sentence.text)
        if match:
            group = "n" if match.group("n") else "n2"
            unit = match.group("unit") or match.group("unit2")
            span = (sentence.block, sentence.start + match.start(group), sentence.start + match.end())
            return normalise_deadline(match.group(group), unit), span
    return None


def _bodies(sentences: list[Sentence], registry: LawRegistry) -> list[BodyMention]:
    pattern, aliases = body_index(registry)
    found = []
    for sentence in sentences:
        for match in pattern.finditer(sentence.text):
            name, retired, rank = aliases[re.sub(r"\s+", " ", match.group(0).lower())]
            found.append(BodyMention(name, retired, rank, sentence.block,
                                     sentence.start + match.start(), sentence.start + match.end()))
    return found


def _names_recipient(sentences: list[Sentence], registry: LawRegistry) -> bool:
    pattern, _ = body_index(registry)
    for sentence in sentences:
        for match in RECIPIENT.finditer(sentence.text):
            if not pattern.match(match.group("to")):
                return True
    return False


def _first_span(sentences: list[Sentence], pattern: RememberedPattern,
                skip: RememberedPattern | None = None) -> tuple[int, int, int] | None:
    for sentence in sentences:
        if skip is not None and skip.search(sentence.text):
            continue
        match = pattern.search(sentence.text)
        if match:
            return sentence.block, sentence.start + match.start(), sentence.start + match.end()
    return None


def find_appeal_guidance(layout: Layout, registry: LawRegistry) -> AppealGuidance:
    found = guidance_regions(layout)
    regions = tuple((block.index, offset) for block, offset in found)
    sentences = _guidance_sentences(found)
    statements = [s for s in sentences if is_appeal_statement(s.text)]
    if not statements:
        return AppealGuidance(False, None, None, False, None, regions)
    bodies = _bodies(sentences, registry)
    # "Kan ikke påklages" settles it, unless an administrative klageinstans is named anyway
    # (a pointer to the Ombudsman does not make the decision appealable).
    appealable = (not any(NO_APPEAL.search(s.text) for s in statements)
                  or any(mention.rank == 0 for mention in bodies))
    if not appealable:
        bodies = []
    deadline = _deadline(sentences) if appealable else None
    body = min(bodies, key=lambda mention: mention.rank).name if bodies else None
    how = appealable and (any(HOW.search(s.text) for s in sentences)
                          or _names_recipient(sentences, registry))
    direct = _first_span(sentences, DIRECT_ROUTE) if appealable else None
    return AppealGuidance(
        present=True,
        deadline=deadline[0] if deadline else None,
        body=body,
        how=how,
        block=statements[0].block,
        regions=regions,
        appealable=appealable,
        deadline_span=deadline[1] if deadline else None,
        deadline_date=(_first_span(sentences, DATE_DEADLINE, NOT_CITIZEN_DEADLINE)
                       if appealable and not deadline else None),
        anchored_to_letter_date=_first_span(sentences, LETTER_DATE_ANCHOR),
        direct_route=direct,
        via_decider=any(VIA_DECIDER.search(s.text) for s in sentences),
        bodies=tuple(bodies),
    )
