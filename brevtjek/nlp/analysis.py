"""The NLP stage: run the pipeline over a document's blocks, once, in one batch.

Output is an :class:`Analysis`: for each block its spaCy ``Doc`` (tokens, lemmas, POS and
morphology where the model has them) and its sentences as character ranges. Every later
stage (facts, metrics, rules) reads this instead of calling spaCy again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, wraps
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # spaCy loads only when a letter is checked (`rules list` starts instantly)
    from spacy.tokens import Doc, Span

from brevtjek.document.model import Block, Document
from brevtjek.nlp.tokens import on_doc

MAX_BLOCK_CHARS = 1_000_000
PIPE_BATCH = 64
"""Texts per ``nlp.pipe`` batch (spaCy's default is 1000; 64 keeps a batch's arrays small)."""


@dataclass(frozen=True)
class SentenceRef:
    """A sentence: its block and character range in that block's text."""

    block: int
    start: int
    end: int
    span: Span


_SENTENCES_KEY = "brevtjek.sentences"
_BOUNDS_KEY = "brevtjek.sentence_bounds"


def _sentence_ranges(doc: Doc) -> list[tuple[int, int, Span]]:
    """(start, end, span) of each non-empty sentence, whitespace trimmed; once per Doc
    (a recurring block's Doc serves many letters)."""
    found: list[tuple[int, int, Span]] = []
    for sentence in doc.sents:
        text = sentence.text
        stripped = text.rstrip()
        if not stripped.strip():
            continue
        start = sentence.start_char + (len(text) - len(text.lstrip()))
        found.append((start, sentence.start_char + len(stripped), sentence))
    return found


@dataclass(frozen=True)
class AnalyzedBlock:
    block: Block
    doc: Doc

    @cached_property
    def _sentences(self) -> tuple[SentenceRef, ...]:
        index = self.block.index
        return tuple(SentenceRef(index, start, end, span)
                     for start, end, span in on_doc(self.doc, _SENTENCES_KEY, lambda: _sentence_ranges(self.doc)))

    def sentences(self) -> tuple[SentenceRef, ...]:
        """The block's non-empty sentences, worked out once (facts, metrics and rules all ask)."""
        return self._sentences

    def sentence_at(self, start: int, end: int) -> str:
        """Text of the sentence containing the character range (or the whole block)."""
        for first, last, text in on_doc(self.doc, _BOUNDS_KEY, self._sentence_bounds):
            if first <= start and end <= last + 1:
                return text
        return self.block.text.strip()

    def _sentence_bounds(self) -> list[tuple[int, int, str]]:
        """(start, end, stripped text) of each sentence span, once per Doc: every finding asks
        for its sentence, and ``span.start_char`` builds a Token each time it is read."""
        return [(ref.span.start_char, ref.span.end_char, ref.span.text.strip()) for ref in self._sentences]


@dataclass(frozen=True)
class Analysis:
    """A document together with the NLP results for each of its blocks."""

    document: Document
    blocks: tuple[AnalyzedBlock, ...]
    model: Any = None
    """The ModelInfo of the pipeline that produced it."""

    def block(self, index: int) -> AnalyzedBlock:
        return self.blocks[index]


def block_texts(document: Document) -> list[str]:
    """The text of each block as the pipeline gets it (capped at :data:`MAX_BLOCK_CHARS`)."""
    return [block.text[:MAX_BLOCK_CHARS] for block in document.blocks]


def tag_texts(nlp: Any, texts: list[str], known: Mapping[str, Doc] | None = None,
              batch_size: int = PIPE_BATCH) -> dict[str, Doc]:
    """The Doc of each distinct text (text → Doc): those in ``known`` as they are, the
    others tagged in one ``nlp.pipe`` call, each once."""
    docs: dict[str, Doc] = dict(known) if known else {}
    missing = [text for text in dict.fromkeys(texts) if text not in docs]
    if missing:
        if nlp.max_length < MAX_BLOCK_CHARS:  # texts are capped there (block_texts)
            nlp.max_length = MAX_BLOCK_CHARS
        docs.update(zip(missing, nlp.pipe(missing, batch_size=batch_size), strict=True))
    return docs


def analyze(document: Document, nlp: Any, model: Any = None, batch_size: int = PIPE_BATCH,
            known: Mapping[str, Doc] | None = None) -> Analysis:
    """Run ``nlp`` over the blocks of ``document`` in one ``nlp.pipe`` call.

    Each distinct text is analysed once: blocks with the same text share one Doc, and texts
    in ``known`` (Docs of recurring blocks, :mod:`brevtjek.nlp.recurring`) are not analysed
    again. A block's Doc depends on its text alone, so the result is the same.
    """
    texts = block_texts(document)
    docs = tag_texts(nlp, texts, known, batch_size)
    analyzed = tuple(AnalyzedBlock(block, docs[text]) for block, text in zip(document.blocks, texts, strict=True))
    return Analysis(document=document, blocks=analyzed, model=model)


Result = TypeVar("Result")


def per_analysis(compute: Callable[[Analysis], Result]) -> Callable[[Analysis], Result]:
    """``compute``, remembering its result for the last Analysis it was given.

    The checker runs a stage (facts, metrics) and then the rules, several of which ask for
    the same stage's result of the same letter. One entry is enough; it holds a reference to
    its Analysis, so the identity test stays sound.
    """
    last: list[tuple[Analysis, Result]] = []

    @wraps(compute)
    def remembered(analysis: Analysis) -> Result:
        if last and last[0][0] is analysis:
            return last[0][1]
        result = compute(analysis)
        last[:] = [(analysis, result)]
        return result

    return remembered
