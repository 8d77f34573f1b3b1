"""Form of address: does the letter say "du" or the old formal "De" — or both?

"du/dig/din/dit/dine" and plural "I/jer/jeres" are the plain form (plural "I" counts as du:
it is the same register, used for parents or couples). "De/Dem/Deres" with a capital letter
inside a sentence is the formal form. At the start of a sentence the capital says nothing:
"De støvsuger og vasker gulv" is "they", so a sentence-initial "De/Dem/Deres" only counts
when the letter has no plain-form words at all. Likewise a sentence-initial "I" counts only
when a verb follows ("I har søgt om …", not "I perioden …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brevtjek.facts.layout import Layout
from brevtjek.facts.remembered import remembered

PLAIN = remembered(r"\b(?:du|dig|din|dit|dine|jer|jeres)\b", re.I)
FORMAL = remembered(r"\b(?:De|Dem|Deres)\b")
PLURAL_I = remembered(r"(?<=\s)I\b")
_I_VERBS = (r"(?:har|kan|skal|får|fik|er|var|vil|må|bedes|modtager|modtog|bor|søgte|ønsker|mener"
            r"|skrev|fortalte|sagde|betaler|bliver)")
INITIAL_I = remembered(r"^\s*I\s+" + _I_VERBS + r"\b")
ADDRESSED_DE = remembered(
    r"^\s*De\s+(?:bedes|indkaldes|meddeles|opfordres|anmodes|gøres\s+opmærksom|kan\s+klage"
    r"|har\s+ret\s+til\s+at\s+klage|kan\s+(?:inden|senest)\b.{0,60}?\bklage)\b")
"""A sentence-initial "De" that can only be the reader: a request in the passive ("De bedes
…", "De indkaldes …") or the right to complain ("De kan klage …")."""


@dataclass(frozen=True)
class AddressCounts:
    plain: int
    formal: int
    formal_initial: int
    first_formal: tuple[int, int, int] | None
    """(block, start, end) of the first formal form inside a sentence."""
    first_plain: tuple[int, int, int] | None

    @property
    def form(self) -> str | None:
        if self.formal and self.plain:
            return "blandet"
        if self.formal:
            return "De"
        if self.plain:
            return "du"
        if self.formal_initial:
            return "De"
        return None


def count_address(layout: Layout) -> AddressCounts:
    plain = formal = formal_initial = 0
    first_formal: tuple[int, int, int] | None = None
    first_plain: tuple[int, int, int] | None = None
    for block in layout.body:
        for sentence in block.sentences:
            text = sentence.text
            lead = len(text) - len(text.lstrip())
            for match in PLAIN.finditer(text):
                plain += 1
                if first_plain is None:
                    first_plain = (sentence.block, sentence.start + match.start(),
                                   sentence.start + match.end())
            for match in PLURAL_I.finditer(text):
                if match.start() > lead:
                    plain += 1
            if INITIAL_I.match(text):
                plain += 1
            for match in FORMAL.finditer(text):
                addressed = match.start() <= lead and ADDRESSED_DE.match(text)
                if not addressed and (match.start() <= lead or _after_heading_start(text, match.start())):
                    formal_initial += 1
                    continue
                formal += 1
                if first_formal is None:
                    first_formal = (sentence.block, sentence.start + match.start(),
                                    sentence.start + match.end())
    return AddressCounts(plain, formal, formal_initial, first_formal, first_plain)


def _after_heading_start(text: str, position: int) -> bool:
    """A capital after a colon or a bullet-like dash also starts a sentence ("Svar: De …")."""
    before = text[:position].rstrip()
    return before.endswith((":", "–", "-", "•", "\n"))


def address_form(layout: Layout) -> str | None:
    return count_address(layout).form
