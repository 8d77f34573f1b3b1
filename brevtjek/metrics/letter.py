"""Measure a whole letter: its body, each section and paragraph, and the excluded parts.

:func:`measure` counts every sentence of the analysed letter once and keeps the per-sentence
figures, so the readability rules (``brevtjek/rules/types/metric.py``) can point at a
sentence, a paragraph or a section without counting again. :meth:`LetterMeasure.to_dict`
is the ``files[].metrics`` object of the JSON contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from brevtjek.document.model import Part, Role
from brevtjek.metrics.counting import SentenceFigures, measure_sentence
from brevtjek.metrics.exclusions import BODY_PARTS, Exclusion, classify_blocks
from brevtjek.metrics.figures import LIX_DECIMALS, Figures
from brevtjek.metrics.lix import band
from brevtjek.nlp.analysis import Analysis, AnalyzedBlock, per_analysis
from brevtjek.nlp.tokens import on_doc
from brevtjek.privacy import mask_cpr

HARDEST_SENTENCES = 3
HARDEST_MIN_WORDS = 8
PARAGRAPH_PARTS = frozenset({Part.BODY, Part.TEXTBOX})


@dataclass
class Section:
    """A heading and the blocks under it (the part before the first heading has none)."""

    heading: str | None
    heading_block: int | None
    first: int
    last: int
    sentences: list[SentenceFigures] = field(default_factory=list)

    @property
    def figures(self) -> Figures:
        return Figures.of(self.sentences)


@dataclass
class LetterMeasure:
    """Every sentence of a letter, counted once, grouped the ways the report needs."""

    sentences: list[SentenceFigures]
    """The sentences that count: body blocks that are not excluded, in reading order."""
    excluded_blocks: dict[int, Exclusion]
    excluded: dict[Exclusion, list[SentenceFigures]]
    sections: list[Section]
    paragraphs: list[tuple[int, Figures]]
    anchor_block: int | None
    """Where a finding about the whole body points: the first heading, else the first block."""
    morphology: bool

    @property
    def body(self) -> Figures:
        return Figures.of(self.sentences)

    def hardest(self, count: int = HARDEST_SENTENCES) -> list[SentenceFigures]:
        """The hardest sentences: highest per-sentence LIX, longer first on a tie.

        Sentences under HARDEST_MIN_WORDS words are left out: a one-word heading
        ("Begrundelse") has a sentence LIX of 101 but is not hard to read.
        """
        ranked = sorted(
            (sentence for sentence in self.sentences if sentence.words >= HARDEST_MIN_WORDS),
            key=lambda s: (-(s.lix or 0.0), -s.words, s.block, s.start),
        )
        return ranked[:count]

    def to_dict(self) -> dict[str, Any]:
        body = self.body.to_dict()
        sections = []
        for section in self.sections:
            figures = section.figures
            if figures.words == 0:
                continue
            sections.append({
                "heading": mask_cpr(section.heading) if section.heading else None,
                "heading_block": section.heading_block,
                "blocks": [section.first, section.last],
                **figures.to_dict(),
            })
        paragraphs = []
        for block, figures in self.paragraphs:
            value = figures.lix
            paragraphs.append({
                "block": block,
                "lix": round(value, LIX_DECIMALS) if value is not None else None,
                "words": figures.words,
                "sentences": figures.sentences,
            })
        excluded = {}
        for kind in Exclusion:
            blocks = sorted(index for index, why in self.excluded_blocks.items() if why is kind)
            excluded[kind.value] = {"blocks": blocks, **Figures.of(self.excluded[kind]).to_dict()}
        hardest = []
        for sentence in self.hardest():
            value = sentence.lix
            hardest.append({
                "block": sentence.block,
                "start": sentence.start,
                "end": sentence.end,
                "words": sentence.words,
                "lix": round(value, LIX_DECIMALS) if value is not None else None,
                "text": mask_cpr(sentence.text),
            })
        return {
            **body,
            "lix_band": band(body["lix"]),
            "style_detection": "morphology" if self.morphology else "rules",
            "sections": sections,
            "paragraphs": paragraphs,
            "excluded": excluded,
            "hardest_sentences": hardest,
        }


_FIGURES_KEY = "brevtjek.metrics.sentences"


def block_figures(analyzed: AnalyzedBlock) -> list[SentenceFigures]:
    """The figures of each sentence of a block, counted once per Doc.

    A recurring block's Doc (:mod:`brevtjek.nlp.recurring`) serves many letters; there the
    counts are only re-labelled with this letter's block number.
    """
    counted = on_doc(analyzed.doc, _FIGURES_KEY, lambda: [
        measure_sentence(ref.block, ref.start, ref.end, ref.span) for ref in analyzed.sentences()])
    index = analyzed.block.index
    if not counted or counted[0].block == index:
        return counted
    return [replace(figures, block=index) for figures in counted]


def measure(analysis: Analysis) -> LetterMeasure:
    """Count every sentence of ``analysis`` and group the counts."""
    blocks = [analyzed.block for analyzed in analysis.blocks]
    excluded_blocks = classify_blocks(blocks)
    counted: list[SentenceFigures] = []
    excluded: dict[Exclusion, list[SentenceFigures]] = {kind: [] for kind in Exclusion}
    sections: list[Section] = []
    paragraphs: list[tuple[int, Figures]] = []
    anchor_heading: int | None = None
    anchor_first: int | None = None
    morphology = False
    from brevtjek.nlp.style import has_morphology  # spaCy: only when a letter is measured

    for analyzed in analysis.blocks:
        block = analyzed.block
        morphology = morphology or has_morphology(analyzed.doc)
        sentences = block_figures(analyzed)
        why = excluded_blocks.get(block.index)
        if block.part in BODY_PARTS:
            starts_section = block.is_heading and why is not Exclusion.SIGNATURE
            if starts_section or not sections:
                heading = block.text if starts_section else None
                sections.append(Section(heading, block.index if starts_section else None,
                                        block.index, block.index))
            section = sections[-1]
            section.last = block.index
            if why is None:
                section.sentences.extend(sentences)
        if why is not None:
            excluded[why].extend(sentences)
            continue
        if block.part not in BODY_PARTS:
            continue
        counted.extend(sentences)
        figures = Figures.of(sentences)
        if figures.words == 0:
            continue
        if anchor_first is None:
            anchor_first = block.index
        if anchor_heading is None and block.is_heading and block.part is Part.BODY:
            anchor_heading = block.index
        if block.role is Role.PARAGRAPH and block.part in PARAGRAPH_PARTS:
            paragraphs.append((block.index, figures))
    return LetterMeasure(
        sentences=counted,
        excluded_blocks=excluded_blocks,
        excluded=excluded,
        sections=sections,
        paragraphs=paragraphs,
        anchor_block=anchor_heading if anchor_heading is not None else anchor_first,
        morphology=morphology,
    )


@per_analysis
def measure_cached(analysis: Analysis) -> LetterMeasure:
    """:func:`measure`, once per letter: the metrics stage and several readability rules
    read the same letter one after the other."""
    return measure(analysis)
