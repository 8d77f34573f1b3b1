"""The decision: where the letter states it and what it is (grant, refusal, partial, stop).

A *decision statement* is a sentence that tells the citizen the result: "Du får en
rollator", "Vi giver dig afslag", "Din hjælp stopper den 1. marts", "Deres ansøgning kan ikke
imødekommes". The cues follow domain.md § 4.2. Four things keep them from firing on
sentences that merely talk about grants and refusals:

* **hedges** — conditions, proposals and expectations ("hvis", "vi foreslår", "kan betyde,
  at du får afslag", "vi forventer at kunne træffe afgørelse") are not results;
* **layout** — only the letter's main text counts: not the klagevejledning, quoted law,
  appendices or the signature; a heading counts when it states the result, as a sentence
  (plain-language guides recommend "Du får en ny kørestol") or as an outcome label ("Afslag
  på støtte til elcykel"), not when it only names the topic ("Afgørelse om rollator");
* **who and what** — a grant verb describing the application ("du har søgt om at få …"),
  a possibility ("du kan få …"), what the citizen already has ("den støtte, hun får i dag"),
  a letter ("du får et brev") or everyone ("alle pensionister får") is not a result;
* **the first statement wins** — the decision block is the first block that states a
  result; the outcome is read from that block and the one that belongs with it (a heading
  and its first paragraph), so later sentences about payment, next steps or alternatives do
  not change it.

Outcome precedence: a stop, reduction or repayment is *ophør* (a burdensome decision, even
when some help continues); a grant together with a refusal, or an explicitly partial grant
("delvis", "2.000 kr. af de 3.500 kr."), is *delvis*; then *afslag*; then *bevilling*. A
letter that calls itself a decision but states no result is *uklar*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from brevtjek.facts.appeal import is_appeal_statement
from brevtjek.facts.layout import (
    APPEAL,
    APPENDIX,
    NEXT,
    REASONS,
    RULES,
    GuidanceMap,
    Layout,
    LetterBlock,
    outside_guidance,
)
from brevtjek.facts.remembered import REMEMBERED

GRANT = "grant"
REFUSAL = "refusal"
STOP = "stop"
PARTIAL = "partial"
FULL = "full"

_NEG = r"(?:ikke|ingen|aldrig)"
_YOU = r"(?:du|dig|i|jer|de|dem)"

HEDGE = re.compile(
    r"\b(?:hvis|såfremt|dersom|i tilfælde af|i det omfang|kan betyde|foreslår|overvejer|påtænker"
    r"|forventer|vil gerne|kan komme til at|har mulighed for at søge|kan søge|hvorvidt|om vi kan)\b"
    r"|^\s*(?:når|vil du|er du|har du|ønsker du)\b|\?\s*$"
    # rule statements: the law's conditions, not this citizen's result
    r"|\bforudsætning\b|\ber\s+en\s+betingelse\b|\bbetingelse\s+for\b|\bkommunalbestyrelsen\b"
    r"|\bpersoner\s+(?:med|der|som|over|under)\b|\bansøgeren\b|\bborgeren\b|\bman\b",
    re.I,
)
"""Conditions, proposals, questions and expectations: talk about a result, not a result."""

GRANT_VERB = re.compile(
    r"\b(?:får|få|bevilger|bevilget|bevilges|bevilge|godkender|godkendt|godkendes"
    r"|imødekommet|imødekommes|imødekomme|dækker|dækket|dækkes|betaler|tildeler|tildelt"
    r"|berettiget|ret til|siger\s+ja|giver\s+(?:dig|jer|dem|Dem)|yder\s+(?:dig|jer|Dem)"
    r"|visiteret|visiteres|tilbyder|tilbydes|tilbudt)\b",
    re.I,
)
COMMUNICATION = re.compile(
    r"^\s*(?:(?:et|en|den|det|dette|denne|vores|et nyt|en ny)\s+)?"
    r"(?:særskilt\s+|særligt\s+|nærmere\s+|yderligere\s+|mere\s+)?"
    r"(?:brev|besked|svar|afgørelse|kopi|indkaldelse|girokort|listen|liste|mulighed|ret\b"
    r"|oplysninger|information|vejledning|møde|samtale|besøg|rådgivning)",
    re.I,
)
REFUSAL_CUE = re.compile(
    r"\bafslag\b|\bsiger\s+nej\b|\bnej\s+til\b|\bafslå(?:r|s|et)?\b|\bafvis(?:er|es|t)\b"
    r"|\b" + _YOU + r"\s+(?:opfylder|opfyldte)\s+" + _NEG + r"\b"
    r"|\b" + _NEG + r"\s+opfylder\s+betingelserne\b"
    r"|\b" + _NEG + r"\b.{0,40}?\bmålgruppen\b"
    r"|\bikke\s+(?:noget\s+)?grundlag\s+for\b|\bikke\s+omfattet\s+af\b"
    r"|\bkan\s+(?:desværre\s+)?ikke\s+hjælpe\s+(?:dig|jer|Dem)\b",
    re.I,
)
STOP_CUE = re.compile(
    r"\b(?:stopper|stoppes|stoppe|standser|standses|standse|ophører|bortfalder|nedsætter|nedsættes"
    r"|nedsætte|inddrager|inddrages|inddrage|frakender|frakendes|frakende|tilbagebetale"
    r"|tilbagebetaling|tilbagebetales"
    r"|sanktion(?:en|er)?)\b"
    r"|\btil\s+ophør\b|\bophør(?:er)?\s+med\b|\bikke\s+længere\b"
    r"|\b(?:skal|må)\s+(?:du|i|de)\s+betale\b.{0,60}?\btilbage\b"
    r"|\b(?:du|i|de)\s+skal\s+betale\b.{0,60}?\btilbage\b"
    r"|\bkræver\b.{0,60}?\btilbage\b"
    r"|\bvi\s+(?:ændrer|sætter\s+ned)\b|\b(?:du|i|de)\s+mister\b",
    re.I,
)
PARTIAL_CUE = re.compile(
    r"\bdelvi(?:s|st)\b"
    r"|\d[\d.]*\s*kr\.?\s+af\s+(?:de|den)?\s*(?:samlede\s+)?\d[\d.]*\s*kr"
    r"|\bi\s+stedet\b|\bmen\s+ikke\b|\bresten\b.{0,60}?\bafslag\b",
    re.I,
)
FULL_CUE = re.compile(
    r"\b(?:det|den hjælp|det beløb|den støtte)\s*,?\s*(?:du|i|de)\s+har\s+søgt\s+om\b"
    r"|\bdet,\s+(?:du|i|de)\s+har\s+søgt\s+om\b",
    re.I,
)
FRAMING = re.compile(
    r"\b(?:har|have|er)\s+(?:nu\s+)?besluttet\b|\btruffet\s+afgørelse\s+om\b"
    r"|\bbeslutter\b|\bafgørelsen\s+er,\s+at\b",
    re.I,
)
"""A decision is announced, whatever its content ("Udvalget har besluttet, at …")."""

_PRONOUN_SUBJECT = re.compile(r"\b(?:du|vi|de|han|hun|jeg)\b|(?:^|\s)I\s", re.I)
_FINITE_CUE = re.compile(
    r"\b(?:får|fik|stopper|stoppes|standser|standses|ophører|bortfalder|nedsættes|nedsætter"
    r"|bevilges|godkendes|kan\s+ikke|skal\s+ikke|skal\s+betale)\b",
    re.I,
)
REQUEST = re.compile(r"\b(?:søgt|ansøgt|anmodet|bedt)\s+om\b[^,;]*$|\b(?:gerne\s+vil|ønsker)\s+(?:at\s+)?(?:\w+\s+)?$"
                     r"|\bom\s+(?:at\s+)?(?:\w+\s+)?$|\bfor\s+at\s+(?:\w+\s+)?$", re.I)
"""What the citizen asked for ("du har søgt om at få dækket …", "ansøgning om at få …") or a
purpose ("for at få dækket merudgifter skal …"), in the same clause as the verb."""
POSSIBILITY = re.compile(r"\b(?:kan|vil\s+kunne)\s+(?:\w+\s+)?(?:også\s+)?$"
                         r"|\bvelkommen\s+til\s+at\s+$", re.I)
""""Du kan få hjælp til …" describes a possibility or a rule; a decision says "du får"."""
GENERIC_SUBJECT = re.compile(
    r"\b(?:alle|mange|de\s+fleste|nogle|borgere|pensionister|personer|forældre|elever|børn)"
    r"(?:\s+\w+)?\s*$", re.I)
GENERIC_AFTER = re.compile(
    r"\s+(?:alle|mange|de\s+fleste|nogle|borgere|pensionister|personer|forældre|elever|børn)\b",
    re.I)
STATUS_QUO = re.compile(r"^\s*(?:i\s+dag|allerede|nu)\b", re.I)
STATUS_QUO_BEFORE = re.compile(r"\b(?:allerede|fortsat|stadig)\s*$", re.I)
""""den støtte, hun får i dag": what the citizen already has is not what is decided."""
LABEL_HEADING = re.compile(
    r"^\s*(?:(?P<refusal>(?:delvist?\s+)?afslag)|(?P<stop>ophør|stop|nedsættelse|tilbagebetaling"
    r"|tilbagekaldelse)|(?P<grant>(?:delvis\s+)?(?:bevilling|godkendelse|tilladelse|tilsagn)))\s+(?:af|på|om|til)\b",
    re.I,
)
"""A heading that names the outcome: "Afslag på støtte til elcykel", "Ophør af kørsel"."""
CONDITIONAL_BEFORE = re.compile(r"\bnår\b", re.I)
_NAME_VERB = re.compile(
    r"^\s*(?:[A-ZÆØÅ][\wæøå'-]+\s+){1,3}(?:får|kan|skal|må|er|har|stopper|fortsætter"
    r"|bliver|[a-zæøå]+er)\b"
)
_MIN_TABLE_WORDS = 4


@dataclass(frozen=True)
class Statement:
    """A decision statement: the sentence and the cues it carries."""

    block: int
    start: int
    end: int
    text: str
    cues: frozenset[str]


def _negated(text: str, start: int, end: int) -> bool:
    """A negation within three words before or after a grant verb ("får ikke", "ikke kan få")."""
    before = text[:start].split()[-3:]
    after = text[end:].split()[:3]
    words = [w.strip(",.;:–-").lower() for w in before + after]
    return any(w in ("ikke", "ingen", "aldrig") for w in words)


def _conditional(text: str, position: int) -> bool:
    """Inside a "når" clause ("…, når behovet ophører"): a condition, not the result."""
    return bool(CONDITIONAL_BEFORE.search(text[:position]))


def _grant_verb_cue(text: str, match: re.Match[str]) -> str | None:
    """GRANT, REFUSAL (a negated grant) or None for one grant verb in its sentence."""
    verb = match.group(0).lower()
    before, after = text[:match.start()], text[match.end():]
    if _conditional(text, match.start()) or REQUEST.search(before):
        return None  # a condition, the application itself, or a purpose
    if STATUS_QUO.match(after) or STATUS_QUO_BEFORE.search(before):
        return None  # what the citizen already has
    if verb in ("får", "få", "tilbyder", "tilbydes", "tilbudt") and COMMUNICATION.match(
            re.sub(r"^\s*(?:dig|jer|dem|du|i|de)\b", "", after, flags=re.I)):
        return None  # "du får et brev", "vi tilbyder dig et møde"
    if verb in ("får", "få") and (re.search(r"\bvi\s*$", before, re.I)
                                  or GENERIC_SUBJECT.search(before) or GENERIC_AFTER.match(after)):
        return None  # "vi får", "alle pensionister får"
    if re.match(r"\s+(?:(?:du|i|de|dig|jer|dem)\s+)?(?:desværre\s+)?afslag\b", after, re.I):
        return None  # "du får afslag", "vi giver dig afslag" are refusal cues of their own
    if verb in ("betaler", "dækker") and re.search(r"\b(?:du|i|de|selv)\s*$", before, re.I):
        return None  # "du betaler selv resten" is the citizen's share
    if _negated(text, match.start(), match.end()):
        return REFUSAL
    if verb in ("får", "få") and POSSIBILITY.search(before):
        return None  # "du kan få …" is a possibility, not a result
    return GRANT


@lru_cache(maxsize=REMEMBERED)
def sentence_cues(text: str) -> frozenset[str]:
    """The outcome cues of one sentence (empty for hedged sentences and non-statements).

    Remembered per text: the decision finder reads a candidate block's sentences twice
    (to pick the block, then its region), and a dozen regular expressions run on each.
    """
    if HEDGE.search(text):
        return frozenset()
    cues: set[str] = set()
    if any(not _conditional(text, m.start()) for m in STOP_CUE.finditer(text)):
        cues.add(STOP)
    if any(not _conditional(text, m.start()) for m in REFUSAL_CUE.finditer(text)):
        cues.add(REFUSAL)
    label = LABEL_HEADING.match(text)
    if label:
        cues.add(REFUSAL if label.group("refusal") else STOP if label.group("stop") else GRANT)
    for match in GRANT_VERB.finditer(text):
        cue = _grant_verb_cue(text, match)
        if cue is not None:
            cues.add(cue)
    if PARTIAL_CUE.search(text) and (GRANT in cues or REFUSAL in cues):
        cues.add(PARTIAL)
    if FULL_CUE.search(text) and GRANT in cues:
        cues.add(FULL)
    return frozenset(cues)


def heading_states_result(text: str) -> bool:
    """A heading that is a sentence ("Du får en rollator"), not a label ("Afslag på elcykel")."""
    return bool(_PRONOUN_SUBJECT.search(text) or _NAME_VERB.match(text)
                or _FINITE_CUE.search(text) or LABEL_HEADING.match(text))


def is_main(block: LetterBlock, guidance: GuidanceMap) -> bool:
    """Part of the letter's main text: where a decision can be stated."""
    return (block.in_body and not block.is_quote and not block.after_closing
            and not block.is_closing and guidance.get(block.index) != 0
            and block.section_kind not in (APPEAL, APPENDIX))


def statements_in(block: LetterBlock, guidance: GuidanceMap) -> list[Statement]:
    found = []
    for sentence in outside_guidance(block, guidance):
        if is_appeal_statement(sentence.text):
            continue
        if block.in_table and len(sentence.text.split()) < _MIN_TABLE_WORDS:
            continue
        cues = sentence_cues(sentence.text)
        if cues - {FULL}:
            found.append(Statement(block.index, sentence.start, sentence.end, sentence.text, cues))
    return found


@dataclass(frozen=True)
class Decision:
    outcome: str | None
    """bevilling, afslag, delvis, ophør or uklar (None: nothing decided)."""
    block: int | None
    statements: tuple[Statement, ...]
    """The statements the outcome was read from."""
    framed: bool
    """The letter announces that a decision was made ("har besluttet", "truffet afgørelse")."""


def _candidate_blocks(layout: Layout, guidance: GuidanceMap) -> list[LetterBlock]:
    blocks = []
    for block in layout.body:
        if not is_main(block, guidance):
            continue
        if block.is_heading and (block.section_kind in (REASONS, RULES, NEXT)
                                 or not heading_states_result(block.text)):
            continue
        blocks.append(block)
    return blocks


def _region(layout: Layout, first: LetterBlock, guidance: GuidanceMap) -> list[LetterBlock]:
    """The decision block and the block that belongs with it."""
    body = layout.body
    position = body.index(first)
    region = [first]
    following = body[position + 1] if position + 1 < len(body) else None
    if (following is not None and is_main(following, guidance) and not following.is_heading
            and (first.is_heading or statements_in(following, guidance))):
        # a heading's first paragraph always belongs with it; a paragraph's neighbour only
        # when it states part of the result too ("Du får ikke …" after "Du får …")
        region.append(following)
    return region


def _outcome(cues: set[str]) -> str:
    if STOP in cues:
        return "ophør"
    if PARTIAL in cues or (GRANT in cues and REFUSAL in cues):
        return "delvis"
    if REFUSAL in cues:
        return "afslag"
    if GRANT in cues:
        return "bevilling"
    return "uklar"


def find_decision(layout: Layout, guidance: GuidanceMap) -> Decision:
    """The first decision statement, the outcome it states, and where it is."""
    candidates = _candidate_blocks(layout, guidance)
    framed = any(FRAMING.search(s.text) for b in candidates for s in outside_guidance(b, guidance))
    for block in candidates:
        if not statements_in(block, guidance):
            continue
        region = _region(layout, block, guidance)
        statements = tuple(s for b in region for s in statements_in(b, guidance))
        cues = {cue for statement in statements for cue in statement.cues}
        decision_block = block
        previous = _previous_body_block(layout, block)
        if (not block.is_heading and previous is not None and previous.is_heading
                and is_main(previous, guidance) and previous.section_kind not in (REASONS, RULES, NEXT)
                and heading_states_result(previous.text)):
            decision_block = previous  # "Vi laver en rampe …" followed by the details
        return Decision(_outcome(cues), decision_block.index, statements, framed)
    for block in candidates:
        for sentence in outside_guidance(block, guidance):
            if FRAMING.search(sentence.text) and not HEDGE.search(sentence.text):
                return Decision("uklar", block.index, (), True)
    return Decision(None, None, (), framed)


def _previous_body_block(layout: Layout, block: LetterBlock) -> LetterBlock | None:
    body = layout.body
    position = body.index(block)
    return body[position - 1] if position > 0 else None
