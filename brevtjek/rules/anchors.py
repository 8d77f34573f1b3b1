"""Where a finding about something *missing* points.

A missing klagevejledning has no text to underline, yet the finding needs a place: the
annotator puts a Word comment there and the terminal groups findings by section. The
sensible places, in order: the block a fact names (the decision paragraph), the heading of
the section the rule is about, the letter's first heading (its subject line), its first
body paragraph. The range covers the whole block text (without surrounding spaces).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from brevtjek.document.model import Part
from brevtjek.nlp.analysis import AnalyzedBlock
from brevtjek.rules.context import BODY_PARTS, CheckContext

Anchor = tuple[AnalyzedBlock, int, int]


def whole_block(analyzed: AnalyzedBlock) -> Anchor:
    """The block's text range without leading and trailing whitespace."""
    text = analyzed.block.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return analyzed, start, max(start, end)


def _first_heading(blocks: Iterable[AnalyzedBlock]) -> AnalyzedBlock | None:
    for analyzed in blocks:
        if analyzed.block.is_heading and analyzed.block.text.strip():
            return analyzed
    return None


def letter_anchor(context: CheckContext) -> Anchor | None:
    """The letter's first body heading, else its first non-empty body block, else any block."""
    blocks = context.analysis.blocks
    body = [b for b in blocks if b.block.part in BODY_PARTS and b.block.text.strip()]
    heading = _first_heading(body)
    if heading is not None:
        return whole_block(heading)
    if body:
        return whole_block(body[0])
    rest = [b for b in blocks if b.block.text.strip() and b.block.part is not Part.FOOTNOTE]
    return whole_block(rest[0]) if rest else None


def anchor_for_scope(context: CheckContext, blocks: list[AnalyzedBlock]) -> Anchor | None:
    """For a rule that looked at ``blocks``: their first heading, else their first block,
    else (nothing in scope, e.g. the section is missing) the letter's anchor."""
    heading = _first_heading(blocks)
    if heading is not None:
        return whole_block(heading)
    for analyzed in blocks:
        if analyzed.block.text.strip():
            return whole_block(analyzed)
    return letter_anchor(context)


def block_from_fact(context: CheckContext, value: Any) -> Anchor | None:
    """A block named by a fact: an index, an object with ``block``, or a list of those."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("block")
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    for analyzed in context.analysis.blocks:
        if analyzed.block.index == value and analyzed.block.text.strip():
            return whole_block(analyzed)
    return None
