"""Is the letter a decision (afgørelse) at all?

The FVL duties to give reasons and appeal guidance apply only to decisions (domain.md
§ 1.1), so a partshøring letter, a receipt, a meeting notice or a request for information
must never be told it lacks a klagevejledning. The evidence, strongest first:

1. A klagevejledning is only written for decisions: with one the letter is a decision.
2. A letter that says the decision is still to come ("før vi træffer afgørelse", "vi har
   endnu ikke truffet afgørelse", "vi forventer at kunne træffe afgørelse"), proposes or
   considers one ("påtænker", "overvejer") or calls itself a partshøring, an indkaldelse
   or a kvittering is not a decision.
3. A letter that states a result (see :mod:`brevtjek.facts.outcome`) or announces one
   ("vi har besluttet, at …") is a decision — if its result is unclear, an unclear one.
4. Anything else is information: "andet".
"""

from __future__ import annotations

import re

from brevtjek.facts.layout import Layout
from brevtjek.facts.outcome import Decision

PENDING = re.compile(
    r"\b(?:før|inden)\s+(?:vi|der|kommunen|jobcentret)\s+(?:kan\s+)?(?:træffer|træffes|træffe)\s+"
    r"(?:en\s+)?(?:endelig\s+)?afgørelse"
    r"|\b(?:endnu\s+)?ikke\s+truffet\s+(?:en\s+)?afgørelse|\bikke\s+har\s+truffet\s+afgørelse"
    r"|\bforventer\s+(?:nu\s+)?(?:at\s+)?(?:kunne\s+)?(?:træffe\s+(?:en\s+)?afgørelse|give\s+(?:dig\s+)?svar)"
    r"|\bkan\s+forvente\s+(?:at\s+få\s+)?(?:svar|en\s+afgørelse)\b"
    r"|\b(?:komme|fremkomme)\s+med\s+(?:dine\s+|jeres\s+|Deres\s+|eventuelle\s+)?"
    r"(?:bemærkninger|kommentarer)\b"
    r"|\b(?:vi|kommunen|jobcentret|forvaltningen)\s+(?:påtænker|overvejer)\b"
    r"|\b(?:påtænker|overvejer)\s+(?:vi|kommunen|jobcentret)\b|\bvil\s+gerne\s+høre\b|\b(?:lejlighed|mulighed)\s+til\s+at\s+"
    r"(?:komme|fremkomme)\s+med\s+(?:dine\s+|jeres\s+|Deres\s+)?(?:bemærkninger|kommentarer)",
    re.I,
)
"""A decision that has not been made yet."""

NOT_A_DECISION_HEADING = re.compile(
    r"\bpartshøring\b|\bhøring\b|\bindkaldelse\b|\bkvittering\b|\banmodning\s+om\b"
    r"|\bvi\s+har\s+modtaget\b|\bvi\s+kommer\s+på\s+besøg\b|\bmøde\s+(?:den|i|hos)\b",
    re.I,
)


DECISION_HEADING = re.compile(r"^\s*(?:afgørelse|beslutning)\b", re.I)
"""A letter that calls itself a decision ("Afgørelse om aflastning")."""


def letter_kind(layout: Layout, decision: Decision, guidance_present: bool) -> str:
    if guidance_present:
        return "afgørelse"
    if _pending(layout):
        return "andet"
    if decision.outcome is not None:
        return "afgørelse"
    if any(block.is_heading and DECISION_HEADING.search(block.text) for block in layout.body):
        return "afgørelse"
    return "andet"


def _pending(layout: Layout) -> bool:
    for block in layout.body:
        if block.is_quote:
            continue
        if block.is_heading and NOT_A_DECISION_HEADING.search(block.text):
            return True
        if PENDING.search(block.text):
            return True
    return False
