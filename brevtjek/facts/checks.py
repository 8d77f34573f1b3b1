"""Named checks behind the ``fact_check`` rules of the forvaltningsret pack.

Each check reads the letter's facts and yields :class:`Hit`s: where to point and the values
for the rule's message. Whether a check applies is decided from ``context.facts`` (the JSON
facts, which ``rules test`` examples may override); the exact places come from the richer
:class:`~brevtjek.facts.LetterFacts`. A hit is *soft* when the same gap matters less —
optional guidance in a full grant, a registry entry that legal staff have not verified —
and the rule then reports it one severity lower.

"Governing laws" are the substantive laws the letter cites or names in its main text
(procedural laws such as forvaltningsloven and retssikkerhedsloven say nothing about the
area); the appeal body, deadline and route must fit at least one of them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from brevtjek.facts import LetterFacts, letter_facts
from brevtjek.facts.appeal import body_index
from brevtjek.facts.citations import Citation, names_pattern
from brevtjek.facts.layout import LetterBlock
from brevtjek.facts.outcome import REFUSAL, REQUEST, is_main
from brevtjek.facts.registry import Law, LawRegistry, NamedEntity
from brevtjek.rules.context import CheckContext

NOT_FULL_GRANT = ("afslag", "delvis", "ophør", "uklar")
VAGUE_BASIS = re.compile(
    r"\b(?:gældende|de\s+relevante|de\s+almindelige|lovens|kommunens)\s+(?:regler|lovgivning|bestemmelser)\b"
    r"|\b(?:reglerne|lovgivningen)\s+(?:om|på\s+området|i)\b|\befter\s+(?:reglerne|loven|lovgivningen)\b",
    re.I,
)
MONTHS = {name: number for number, name in enumerate(
    ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
     "oktober", "november", "december"), start=1)}
DATE = re.compile(r"\b(?P<d>\d{1,2})\.\s*(?P<m>" + "|".join(MONTHS) + r")\s+(?P<y>\d{4})\b"
                  r"|\b(?P<d2>\d{1,2})[./-](?P<m2>\d{1,2})[./-](?P<y2>\d{4})\b", re.I)
CHILD_DECISION_BODY = re.compile(r"børne-\s*og\s*ungeudvalg", re.I)
NO_DEADLINE = re.compile(r"\b(?:ikke\s+(?:nogen\s+)?|ingen\s+)(?:klage)?frist\b", re.I)
"""The guidance itself says there is no deadline ("Der er ikke nogen frist for at klage")."""


@dataclass(frozen=True)
class Hit:
    block: int
    start: int
    end: int
    values: dict[str, str] = field(default_factory=dict)
    soft: bool = False


Check = Callable[[CheckContext, dict[str, Any]], Iterator[Hit]]
CHECKS: dict[str, Check] = {}


def check(function: Check) -> Check:
    CHECKS[function.__name__] = function
    return function


# ---------------------------------------------------------------------------- helpers
def _facts(context: CheckContext) -> LetterFacts:
    return letter_facts(context.analysis)


def _is_decision(context: CheckContext) -> bool:
    return context.facts.get("letter_kind") == "afgørelse"


def _outcome(context: CheckContext) -> str | None:
    value = context.facts.get("outcome")
    return str(value) if value is not None else None


def _guidance(context: CheckContext) -> dict[str, Any]:
    value = context.facts.get("appeal_guidance")
    return value if isinstance(value, dict) else {}


def _whole(block: LetterBlock) -> Hit:
    text = block.text
    start = len(text) - len(text.lstrip())
    return Hit(block.index, start, max(start, len(text.rstrip())))


def _decision_anchor(facts: LetterFacts) -> Hit | None:
    """The first decision statement, else the decision block, the subject heading, the text."""
    if facts.decision.statements:
        statement = facts.decision.statements[0]
        return Hit(statement.block, statement.start, statement.end)
    if facts.decision.block is not None:
        return _whole(facts.layout.block(facts.decision.block))
    if facts.layout.first_heading is not None:
        return _whole(facts.layout.first_heading)
    body = [b for b in facts.layout.body if b.text.strip()]
    return _whole(body[0]) if body else None


def _guidance_anchor(facts: LetterFacts) -> Hit | None:
    appeal = facts.appeal
    if appeal.block is None:
        return None
    block = facts.layout.block(appeal.block)
    for sentence in block.sentences:
        return Hit(block.index, sentence.start, sentence.end)
    return _whole(block)


def _main_blocks(facts: LetterFacts) -> list[LetterBlock]:
    guidance = facts.appeal.guidance_map
    return [b for b in facts.layout.body if is_main(b, guidance)]


def _main_citations(facts: LetterFacts) -> list[Citation]:
    main = {b.index for b in _main_blocks(facts)} | {
        b.index for b in facts.layout.blocks if b.is_quote or b.section_kind == "appendix"}
    return [c for c in facts.citations if c.block in main]


def governing_laws(facts: LetterFacts) -> list[Law]:
    """Substantive laws cited or named in the letter's main text, most cited first."""
    main = {b.index for b in _main_blocks(facts)}
    counts: dict[str, int] = {}
    laws: dict[str, Law] = {}
    for citation in facts.citations:
        if citation.block in main and citation.law is not None and not citation.law.procedural:
            counts[citation.law.id] = counts.get(citation.law.id, 0) + 2
            laws[citation.law.id] = citation.law
    for mention in facts.mentions:
        if mention.block in main and mention.law is not None and not mention.law.procedural \
                and not mention.weak:
            counts[mention.law.id] = counts.get(mention.law.id, 0) + 1
            laws[mention.law.id] = mention.law
    return [laws[law_id] for law_id in sorted(counts, key=lambda i: -counts[i])]


def cited_laws(facts: LetterFacts) -> list[Law]:
    """Every law cited in the main text, procedural ones included (for letters under
    forvaltningsloven alone, e.g. partsaktindsigt)."""
    main = {b.index for b in _main_blocks(facts)}
    laws: dict[str, Law] = {}
    for citation in facts.citations:
        if citation.block in main and citation.law is not None:
            laws.setdefault(citation.law.id, citation.law)
    return list(laws.values())


def letter_date(facts: LetterFacts) -> dt.date | None:
    """The letter's date: the first date up to the subject heading (or in the header)."""
    for block in facts.layout.blocks:
        match = DATE.search(block.text)
        if match:
            try:
                if match.group("d"):
                    return dt.date(int(match.group("y")), MONTHS[match.group("m").lower()],
                                   int(match.group("d")))
                return dt.date(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))
            except ValueError:
                pass
        if block.is_heading and block.in_body:
            break
    return None


def _unverified(laws: list[Law]) -> bool:
    return any(law.confidence != "verified" for law in laws)


# ---------------------------------------------------------------------------- structure
@check
def afgoerelse_ikke_foerst(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """The decision is not in the letter's first section, or comes after N paragraphs."""
    if not _is_decision(context):
        return
    facts = _facts(context)
    if facts.decision.block is None:
        return
    allowed = int(options.get("max_paragraphs_before", 1))
    body = facts.layout.body
    decision = facts.layout.block(facts.decision.block)
    first = facts.layout.first_heading
    start = body.index(first) if first is not None else 0
    if decision not in body[start:]:
        return
    position = body.index(decision)
    headings_between = [b for b in body[start + 1:position] if b.is_heading]
    paragraphs = set()
    for block in body[start:position]:
        if block.is_heading or not block.text.strip():
            continue
        table = block.analyzed.block.table
        paragraphs.add(("table", table[0]) if table else ("block", block.index))
    if headings_between or len(paragraphs) > allowed:
        anchor = _decision_anchor(facts)
        if anchor is not None:
            yield Hit(anchor.block, anchor.start, anchor.end,
                      {"position": str(len(paragraphs) + 1)})


@check
def hjemmel_mangler(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """A decision that cites no provision and names no law at all."""
    if not _is_decision(context):
        return
    facts = _facts(context)
    if _main_citations(facts) or governing_laws(facts) or _vague_basis(facts):
        return
    anchor = _decision_anchor(facts)
    if anchor is not None:
        yield Hit(anchor.block, anchor.start, anchor.end,
                  soft=_outcome(context) not in NOT_FULL_GRANT)


def _vague_basis(facts: LetterFacts) -> Hit | None:
    for block in _main_blocks(facts):
        match = VAGUE_BASIS.search(block.text)
        if match:
            return Hit(block.index, match.start(), match.end())
    return None


@check
def hjemmel_uden_paragraf(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """The decision names a law (or 'gældende regler') but cites no paragraph."""
    if not _is_decision(context):
        return
    facts = _facts(context)
    if _main_citations(facts):
        return
    main = {b.index for b in _main_blocks(facts)}
    mention = next((m for m in facts.mentions if m.block in main and m.law is not None
                    and not m.law.procedural), None)
    if mention is not None:
        yield Hit(mention.block, mention.start, mention.end, {"law": mention.law.name if mention.law else ""},
                  soft=_outcome(context) not in NOT_FULL_GRANT)
        return
    vague = _vague_basis(facts)
    if vague is not None:
        yield Hit(vague.block, vague.start, vague.end, soft=_outcome(context) not in NOT_FULL_GRANT)


@check
def paragraf_uden_lov(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """A § whose law the reader cannot tell (no law named before or with it)."""
    facts = _facts(context)
    seen: set[tuple[int, int]] = set()
    for citation in facts.citations:
        block = facts.layout.block(citation.block)
        if citation.law is None and not citation.other_act and block.in_body \
                and (citation.block, citation.start) not in seen:
            seen.add((citation.block, citation.start))
            yield Hit(citation.block, citation.start, citation.end)


# ---------------------------------------------------------------------------- guidance
def _guidance_gap(context: CheckContext, key: str) -> Iterator[Hit]:
    guidance = _guidance(context)
    if not _is_decision(context) or not guidance.get("present") or guidance.get(key):
        return
    facts = _facts(context)
    if not facts.appeal.appealable:
        return
    if key == "deadline" and facts.appeal.deadline_date is not None:
        return  # "senest den 15. marts 2026" is a deadline too
    laws = governing_laws(facts) or cited_laws(facts)
    if key == "deadline" and (NO_DEADLINE.search(" ".join(
            s.text for b in facts.appeal.blocks for s in facts.layout.block(b).sentences))
            or (laws and all(law.appeal.deadline is None for law in laws))):
        return  # no statutory deadline (aktindsigt: forvaltningsloven, offentlighedsloven § 37)
    anchor = _guidance_anchor(facts)
    if anchor is not None:
        yield Hit(anchor.block, anchor.start, anchor.end,
                  soft=_outcome(context) not in NOT_FULL_GRANT)


@check
def klagevejledning_uden_frist(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    yield from _guidance_gap(context, "deadline")


@check
def klagevejledning_uden_klageinstans(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    yield from _guidance_gap(context, "body")


@check
def klagevejledning_uden_fremgangsmaade(context: CheckContext,
                                       options: dict[str, Any]) -> Iterator[Hit]:
    yield from _guidance_gap(context, "how")


@check
def klagefrist_passer_ikke(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """The guidance's deadline is not the one the governing law sets ('1 måned' for 4 uger)."""
    facts = _facts(context)
    appeal = facts.appeal
    if not _is_decision(context) or appeal.deadline is None or appeal.deadline_span is None:
        return
    laws = [law for law in governing_laws(facts) if law.appeal.deadline]
    if not laws or any(law.appeal.deadline == appeal.deadline for law in laws):
        return
    law = laws[0]
    block, start, end = appeal.deadline_span
    yield Hit(block, start, end, {"expected": law.appeal.deadline or "", "law": law.name},
              soft=_unverified(laws))


@check
def klagefrist_fra_brevets_dato(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """The deadline runs from the letter's date instead of from receipt."""
    facts = _facts(context)
    span = facts.appeal.anchored_to_letter_date
    if _is_decision(context) and facts.appeal.present and span is not None:
        yield Hit(*span)


@check
def klageinstans_passer_ikke(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """The named appeal body does not decide complaints under the governing law."""
    facts = _facts(context)
    appeal = facts.appeal
    if not _is_decision(context) or not appeal.present or not appeal.appealable:
        return
    laws = [law for law in governing_laws(facts) if law.appeal.route != "ingen"]
    if not laws:
        return
    allowed = set().union(*(facts.registry.bodies_for_law(law) for law in laws))
    if not allowed:
        return
    for mention in appeal.bodies:
        if mention.retired or mention.name in allowed:
            continue
        if any(other.name in allowed for other in appeal.bodies):
            continue  # the right body is named too (e.g. "Ombudsmanden" as a later step)
        yield Hit(mention.block, mention.start, mention.end,
                  {"expected": " eller ".join(sorted(allowed)), "law": laws[0].name},
                  soft=_unverified(laws))
        return


@check
def klagevej_direkte(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """'Send the complaint directly to Ankestyrelsen' where the decider must reconsider first."""
    facts = _facts(context)
    appeal = facts.appeal
    if not _is_decision(context) or appeal.direct_route is None or appeal.via_decider:
        return
    laws = governing_laws(facts)
    if not laws or not all(law.appeal.route == "via_afgoerende_myndighed" for law in laws):
        return
    if any(CHILD_DECISION_BODY.search(block.text) for block in facts.layout.body):
        return  # børne- og ungeudvalgets afgørelser go directly to Ankestyrelsen
    yield Hit(*appeal.direct_route, soft=_unverified(laws))


@check
def klageadgang_uden_hjemmel(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """Guidance offers an appeal where the governing law has none (folkeskoleloven § 26 …)."""
    facts = _facts(context)
    appeal = facts.appeal
    if not _is_decision(context) or not appeal.present or not appeal.appealable or not appeal.bodies:
        return
    laws = governing_laws(facts)
    bodies = [mention for mention in appeal.bodies if mention.rank == 0]
    if bodies and laws and all(law.appeal.route == "ingen" for law in laws):
        mention = bodies[0]
        yield Hit(mention.block, mention.start, mention.end, {"law": laws[0].name},
                  soft=_unverified(laws))


# ---------------------------------------------------------------------------- outcome
@check
def delvis_uden_afslag(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """A partial grant that never says what the citizen does not get."""
    if _outcome(context) != "delvis":
        return
    facts = _facts(context)
    statements = facts.decision.statements
    if any(REFUSAL in s.cues for s in statements):
        return
    region = {s.block for s in statements}
    texts = [facts.layout.block(i).text for i in region]
    if any(REQUEST.search(text) or re.search(r"\bi\s+stedet\b|\baf\s+de\b", text, re.I)
           for text in texts):
        return
    anchor = _decision_anchor(facts)
    if anchor is not None:
        yield anchor


# ---------------------------------------------------------------------------- retired things
@check
def nedlagt_myndighed(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """A body that no longer exists (Det Sociale Nævn, Statsforvaltningen …)."""
    facts = _facts(context)
    pattern, aliases = body_index(facts.registry)
    guidance = set(facts.appeal.blocks)
    for block in facts.layout.body:
        for match in pattern.finditer(block.text):
            name, retired, _ = aliases[re.sub(r"\s+", " ", match.group(0).lower())]
            if not retired:
                continue
            entity = facts.registry.body(name)
            yield Hit(block.index, match.start(), match.end(),
                      {"note": entity.message if entity else "",
                       "replacement": (entity.replaced_by or "") if entity else ""},
                      soft=block.index not in guidance)


@check
def ophaevet_paragraf(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """A provision that has moved (servicelovens § 41 → barnets lov § 86 since 2024)."""
    facts = _facts(context)
    date = letter_date(facts)
    for citation in facts.citations:
        law = citation.law
        if law is None:
            continue
        for retired in law.retired_paragraphs:
            if retired.paragraph != citation.paragraph:
                continue
            if date is not None and retired.since and date.isoformat() < retired.since:
                continue
            target = facts.registry.by_id(retired.moved_to_law or "")
            replacement = (f"{target.name} § {retired.moved_to_paragraph}"
                           if target and retired.moved_to_paragraph else "")
            yield Hit(citation.block, citation.start, citation.end,
                      {"law": law.name, "paragraph": citation.paragraph, "replacement": replacement,
                       "note": retired.note},
                      soft=retired.confidence != "verified")


@lru_cache(maxsize=4)
def _retired_law_patterns(
    registry: LawRegistry,
) -> tuple[re.Pattern[str], tuple[tuple[NamedEntity, re.Pattern[str]], ...]]:
    """A pattern for any repealed law's name, and each repealed law with the pattern of its
    own names: built once per registry rather than once per letter. The first is a pre-test
    — a block it finds nothing in holds none of the names — so most blocks are scanned once
    instead of once per law."""
    laws = registry.retired_laws
    every = [alias for entity in laws for alias in entity.aliases]
    return names_pattern(every), tuple((entity, names_pattern(list(entity.aliases)))
                                        for entity in laws)


@check
def ophaevet_lov(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """A law that has been repealed (bistandsloven, persondataloven …)."""
    facts = _facts(context)
    any_law, laws = _retired_law_patterns(facts.registry)
    blocks = [block for block in facts.layout.body if any_law.search(block.text)]
    for entity, pattern in laws:
        for block in blocks:
            for match in pattern.finditer(block.text):
                yield Hit(block.index, match.start(), match.end(),
                          {"note": entity.message, "replacement": entity.replaced_by or ""},
                          soft=entity.confidence != "verified")


# ---------------------------------------------------------------------------- address
@check
def tiltale_blandet(context: CheckContext, options: dict[str, Any]) -> Iterator[Hit]:
    """Both "du" and "De" in one letter: point at the first word of the rarer form."""
    if context.facts.get("address_form") != "blandet":
        return
    counts = _facts(context).address
    span = counts.first_formal if counts.plain >= counts.formal else counts.first_plain
    if span is not None:
        yield Hit(*span)
