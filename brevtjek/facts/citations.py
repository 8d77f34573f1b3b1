"""Legal citations: every § reference, with the law it belongs to.

Danish letters cite provisions in a handful of shapes (domain.md § 2.4):

* paragraph first: ``§ 112 i serviceloven``, ``jf. § 26, stk. 1, nr. 2, i folkeskoleloven``;
* law first: ``servicelovens § 112, stk. 1``, ``lov om social service § 83``, ``SEL § 113``,
  ``serviceloven, § 116``, ``barnets lovs § 86``;
* lists and ranges: ``§§ 83 og 83 a``, ``§§ 144-150`` (one citation per number);
* bare: ``§ 32`` after the law was named earlier ("efter barnets lov … Efter § 32 kan vi").

A bare paragraph takes the nearest law named before it — in the same block, else earlier in
the letter — because that is how a reader resolves it too. Law names, genitives and
abbreviations come from the registry; an abbreviation shared by several laws (SL, SUL) is
resolved only when the letter itself settles it: it introduces the abbreviation in
parentheses ("serviceloven (SEL)") or names just one of the candidate laws in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from brevtjek.facts.layout import Layout
from brevtjek.facts.registry import Law, LawRegistry

SP = r"[ \t\u00a0]*"
_SUFFIX = r"(?:" + SP + r"[a-h](?![a-zæøå]))?"
_NUMBER = r"\d+" + _SUFFIX
_JOIN = SP + r"(?:-|–|og|eller|,|til)" + SP
_STK = r",?" + SP + r"[Ss]tk\.?" + SP + r"(?P<stk>\d+(?:" + SP + r"(?:-|–|og)" + SP + r"\d+)*)"
_NR = r",?" + SP + r"nr\.?" + SP + r"(?P<nr>\d+(?:" + SP + r"(?:-|–|og)" + SP + r"\d+)*)"
_PKT = r",?" + SP + r"\d+\." + SP + r"pkt\.?"
_LITRA = r",?" + SP + r"litra" + SP + r"[a-zæøå]\b"

PROVISION = re.compile(
    r"(?P<sign>§§?)" + SP + r"(?P<nums>" + _NUMBER + r"(?:" + _JOIN + _NUMBER + r")*)"
    r"(?:" + _STK + r")?(?:" + _NR + r")?(?:" + _PKT + r")?(?:" + _LITRA + r")?"
)
NUMBER = re.compile(r"\d+(?:" + SP + r"[a-h](?![a-zæøå]))?")
LAW_AFTER = r"^" + SP + r",?" + SP + r"(?:i|af)" + SP + r"(?:den\s+)?"
OTHER_ACT_AFTER = re.compile(
    LAW_AFTER + r"(?:\w+-)?(?:bekendtgørelse|vejledning|cirkulære|forordning|lov\s+om|lov\s+nr"
    r"|lovbekendtgørelse|kvalitetsstandard)", re.I)
OTHER_ACT_BEFORE = re.compile(
    r"(?:bekendtgørelsens|vejledningens|cirkulærets|forordningens|kvalitetsstandardens)"
    + SP + r",?" + SP + r"$", re.I)
"""A § in an act the registry does not know ("§ 3 i bekendtgørelse om …"): its law is
unknown, and must not be guessed from the law named before it."""
ABBREVIATION_INTRO = re.compile(r"\(" + SP + r"(?P<abbr>[A-ZÆØÅ][A-Za-zÆØÅæøå]{0,5}\.?)" + SP + r"\)")


@dataclass(frozen=True)
class LawMention:
    """A place where the letter names a law (by name, genitive or abbreviation)."""

    block: int
    start: int
    end: int
    law: Law | None
    """None for an abbreviation the letter does not settle."""
    genitive: bool
    weak: bool = False
    """An abbreviation the registry calls ambiguous (BL, PL …): it resolves a § written right
    after it ("BL § 86"), but is not trusted to carry over to later bare paragraphs."""


@dataclass(frozen=True)
class Citation:
    text: str
    law: Law | None
    paragraph: str
    stk: str | None
    nr: str | None
    block: int
    start: int
    end: int
    other_act: bool = False
    """The § belongs to an act the registry does not know ("§ 3 i bekendtgørelse om …")."""

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "law": self.law.name if self.law else None,
            "paragraph": self.paragraph,
            "stk": self.stk,
            "nr": self.nr,
            "block": self.block,
        }


@dataclass(frozen=True)
class _Form:
    law_ids: tuple[str, ...]
    genitive: bool
    abbreviation: bool


def trie_alternation(forms: list[str]) -> str:
    """One regex alternation for ``forms``, factored into a trie of shared prefixes.

    A flat ``a|b|c`` over the registry's 150 law names made the regex engine try every name
    at every character of a letter. In the trie, a position that starts no name fails after
    one character. Longer forms win, as in a flat alternation sorted by length: at each
    node the continuations are tried before the form that ends there. A space in a form
    matches any run of whitespace (a line break inside a law name).
    """
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return pattern(trie)


def names_pattern(forms: list[str]) -> re.Pattern[str]:
    """Any of ``forms`` as a whole name, in any case, longest first (a trie alternation of
    the lower-cased forms; lower-cased so that two spellings of one name share a branch)."""
    lowered = sorted({form.lower() for form in forms})
    return re.compile(r"(?<![\w-])(?:" + trie_alternation(lowered) + r")(?![\w-])", re.I)


@lru_cache(maxsize=4)
def _name_index(registry: LawRegistry) -> tuple[re.Pattern[str], dict[str, _Form],
                                                re.Pattern[str], dict[str, _Form]]:
    """Compiled matchers for law names (case-insensitive) and abbreviations (exact)."""
    names: dict[str, _Form] = {}
    abbreviations: dict[str, _Form] = {}
    for law in registry.laws:
        for form, genitive in [(n, False) for n in law.names] + [(g, True) for g in law.genitive]:
            key = form.lower()
            previous = names.get(key)
            ids = (*previous.law_ids, law.id) if previous else (law.id,)
            names[key] = _Form(tuple(dict.fromkeys(ids)), genitive, False)
        for abbreviation in law.abbreviations:
            previous = abbreviations.get(abbreviation)
            ids = (*previous.law_ids, law.id) if previous else (law.id,)
            abbreviations[abbreviation] = _Form(tuple(dict.fromkeys(ids)), False, True)

    name_pattern = names_pattern(list(names))
    abbreviation_pattern = re.compile(
        r"(?<![\w.])(?:" + trie_alternation(list(abbreviations)) + r")(?![\w])"
    )
    return name_pattern, names, abbreviation_pattern, abbreviations


def _normal_paragraph(number: str) -> str:
    return re.sub(r"\s+", "", number.replace("\u00a0", " "))


def _normal_level(value: str | None) -> str | None:
    if value is None:
        return None
    return re.sub(r"\s*(-|–)\s*", "-", re.sub(r"\s+", " ", value.replace("\u00a0", " "))).strip()


class CitationFinder:
    """Finds law mentions and § citations in a letter, resolving each § to a law."""

    def __init__(self, registry: LawRegistry) -> None:
        self.registry = registry
        (self.name_pattern, self.names, self.abbreviation_pattern,
         self.abbreviations) = _name_index(registry)

    # ------------------------------------------------------------------ law mentions
    def _introduced_abbreviations(self, named: list[tuple[int, re.Match[str]]]) -> dict[str, Law]:
        """Abbreviations the letter itself defines: "serviceloven (SEL)"."""
        defined: dict[str, Law] = {}
        for _, match in named:
            rest = match.string[match.end():match.end() + 12]
            intro = ABBREVIATION_INTRO.match(rest)
            form = self.names[_key(match.group(0))]
            if intro and len(form.law_ids) == 1:
                law = self.registry.by_id(form.law_ids[0])
                if law is not None:
                    defined[intro.group("abbr")] = law
        return defined

    def mentions(self, layout: Layout) -> list[LawMention]:
        """Every law mention in reading order."""
        named = [(block.index, match) for block in layout.blocks
                 for match in self.name_pattern.finditer(block.text)]
        defined = self._introduced_abbreviations(named)
        named_ids: set[str] = set()
        raw: list[tuple[int, int, int, _Form, str]] = []
        for block_index, match in named:
            form = self.names[_key(match.group(0))]
            raw.append((block_index, match.start(), match.end(), form, match.group(0)))
            named_ids.update(form.law_ids)
        for block in layout.blocks:
            for match in self.abbreviation_pattern.finditer(block.text):
                form = self.abbreviations[match.group(0)]
                raw.append((block.index, match.start(), match.end(), form, match.group(0)))
        mentions = []
        for block_index, start, end, form, text in sorted(raw, key=lambda item: item[:2]):
            law = self._resolve(form, text, defined, named_ids)
            weak = (form.abbreviation and text not in defined and law is not None
                    and text in law.ambiguous_abbreviations and law.id not in named_ids)
            mentions.append(LawMention(block_index, start, end, law, form.genitive, weak))
        return _drop_overlaps(mentions)

    def _resolve(self, form: _Form, text: str, defined: dict[str, Law],
                 named_ids: set[str]) -> Law | None:
        if form.abbreviation and text in defined:
            return defined[text]
        candidates = [law for law_id in form.law_ids
                      if (law := self.registry.by_id(law_id)) is not None]
        if len(candidates) == 1:
            return candidates[0]
        if form.abbreviation:
            named = [law for law in candidates if law.id in named_ids]
            if len(named) == 1:
                return named[0]
        return None

    # ------------------------------------------------------------------ citations
    def citations(self, layout: Layout, mentions: list[LawMention] | None = None) -> list[Citation]:
        """Every § citation; ``mentions`` are :meth:`mentions`' result when already known."""
        if mentions is None:
            mentions = self.mentions(layout)
        by_block: dict[int, list[LawMention]] = {}
        for mention in mentions:
            by_block.setdefault(mention.block, []).append(mention)
        result: list[Citation] = []
        last_law: Law | None = None
        for block in layout.blocks:
            text = block.text
            block_mentions = by_block.get(block.index, [])
            for match in PROVISION.finditer(text):
                law, start, end = self._attached_law(text, match, block_mentions)
                other_act = bool(OTHER_ACT_AFTER.match(text[match.end():])
                                 or OTHER_ACT_BEFORE.search(text[:match.start()]))
                if law is None and start == match.start() and end == match.end() and not other_act:
                    law = _nearest_before(block_mentions, match.start()) or last_law
                    if law is None:
                        law = _nearest_after_in_sentence(text, block_mentions, match.end())
                citation_text = text[start:end]
                numbers = [_normal_paragraph(n.group(0))
                           for n in NUMBER.finditer(match.group("nums"))]
                for position, number in enumerate(numbers):
                    last = position == len(numbers) - 1
                    result.append(Citation(
                        text=citation_text, law=law, paragraph=number,
                        stk=_normal_level(match.group("stk")) if last else None,
                        nr=_normal_level(match.group("nr")) if last else None,
                        block=block.index, start=start, end=end, other_act=other_act,
                    ))
                if law is not None and not _attached_weak(block_mentions, start, end):
                    last_law = law
            resolved = [m.law for m in block_mentions if m.law is not None and not m.weak]
            if resolved:
                last_law = resolved[-1]
        return result

    def _attached_law(self, text: str, match: re.Match[str],
                      mentions: list[LawMention]) -> tuple[Law | None, int, int]:
        """A law written right after ("§ 3 i folkeskoleloven") or before ("SEL § 113")."""
        end = match.end()
        for mention in mentions:
            if mention.start >= end and re.match(LAW_AFTER + r"$", text[end:mention.start]) \
                    and not mention.genitive:
                return mention.law, match.start(), mention.end
        for mention in reversed(mentions):
            if mention.end <= match.start() and \
                    re.fullmatch(SP + r",?" + SP, text[mention.end:match.start()]):
                return mention.law, mention.start, end
        return None, match.start(), end


def _attached_weak(mentions: list[LawMention], start: int, end: int) -> bool:
    return any(m.weak and start <= m.start < end for m in mentions)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


def _drop_overlaps(mentions: list[LawMention]) -> list[LawMention]:
    kept: list[LawMention] = []
    for mention in mentions:
        if kept and kept[-1].block == mention.block and mention.start < kept[-1].end:
            if (mention.end - mention.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _nearest_before(mentions: list[LawMention], position: int) -> Law | None:
    for mention in reversed(mentions):
        if mention.end <= position and mention.law is not None and not mention.weak:
            return mention.law
    return None


def _nearest_after_in_sentence(text: str, mentions: list[LawMention], position: int) -> Law | None:
    """A law named later in the same sentence ("Efter § 112 … i serviceloven")."""
    for mention in mentions:
        if mention.start >= position and mention.law is not None and not mention.weak:
            between = text[position:mention.start]
            if not re.search(r"[.!?](?:\s|$)", between):
                return mention.law
            return None
    return None


def find_citations(layout: Layout, registry: LawRegistry) -> list[Citation]:
    return CitationFinder(registry).citations(layout)


def find_mentions(layout: Layout, registry: LawRegistry) -> list[LawMention]:
    return CitationFinder(registry).mentions(layout)
