"""Recurring block texts are analysed once per process, with the same findings as without.

brevtjek/nlp/recurring.py keeps the Doc of a block text from the second letter it appears
in; the checker analyses such texts outside the letter's memory zone and reuses them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from brevtjek.checker import Checker
from brevtjek.config import load_config
from brevtjek.document.model import Block, Document, Part
from brevtjek.metrics.letter import block_figures
from brevtjek.nlp.analysis import analyze
from brevtjek.nlp.recurring import RecurringBlocks
from brevtjek.reporters.json_format import masked

LETTERS = sorted((Path(__file__).resolve().parents[1] / "corpora" / "letters").glob("*.docx"))


@dataclass
class CountingPipeline:
    """Stands in for spaCy: a new object per text, and a record of what was analysed."""

    analysed: list[str] = field(default_factory=list)
    max_length: int = 1_000_000

    def pipe(self, texts: list[str], batch_size: int = 64) -> Any:
        for text in texts:
            self.analysed.append(text)
            yield object()


def test_a_text_is_kept_from_its_second_letter_on() -> None:
    cache, nlp = RecurringBlocks(), CountingPipeline()
    assert cache.docs_for(["brevhoved", "Kære Anna"], nlp) == {}
    assert nlp.analysed == []  # first letter: the caller analyses everything, in its zone
    second = cache.docs_for(["brevhoved", "Kære Bo"], nlp)
    assert list(second) == ["brevhoved"] and nlp.analysed == ["brevhoved"]
    third = cache.docs_for(["brevhoved", "Kære Bo", "Kære Cecilie"], nlp)
    assert third["brevhoved"] is second["brevhoved"]  # reused, not analysed again
    assert nlp.analysed == ["brevhoved", "Kære Bo"]
    assert cache.hits == 1 and cache.admitted == 2


def test_the_least_recently_used_doc_is_dropped() -> None:
    cache, nlp = RecurringBlocks(max_docs=2), CountingPipeline()
    cache.docs_for(["a", "b", "c"], nlp)
    cache.docs_for(["a", "b", "c"], nlp)  # all three admitted, "a" dropped
    assert len(cache) == 2
    cache.docs_for(["a"], nlp)
    assert nlp.analysed == ["a", "b", "c", "a"]


def test_admissions_stop_at_the_cap_but_kept_docs_still_serve() -> None:
    cache, nlp = RecurringBlocks(max_admissions=2), CountingPipeline()
    cache.docs_for(["a", "b", "c"], nlp)
    assert sorted(cache.docs_for(["a", "b", "c"], nlp)) == ["a", "b"]  # "c" not admitted
    assert sorted(cache.docs_for(["a", "b", "c"], nlp)) == ["a", "b"]
    assert nlp.analysed == ["a", "b"] and cache.admitted == 2


def test_the_memory_of_seen_texts_is_bounded() -> None:
    cache, nlp = RecurringBlocks(max_seen=3), CountingPipeline()
    cache.docs_for(["a", "b"], nlp)
    cache.docs_for(["c", "d"], nlp)  # would make four: forgotten first
    assert cache.docs_for(["a"], nlp) == {}  # "a" counts as new again
    assert sorted(cache.docs_for(["c", "d"], nlp)) == ["c", "d"]


def _document(texts: list[str]) -> Document:
    return Document(path="brev.txt", blocks=tuple(Block(index=index, text=text, part=Part.BODY)
                                                  for index, text in enumerate(texts)))


def test_blocks_with_the_same_text_share_a_doc_but_keep_their_place(nlp: Any) -> None:
    text = "Din ansøgning er afslået. Du kan klage."
    analysis = analyze(_document([text, "Med venlig hilsen", text]), nlp)
    first, _, last = analysis.blocks
    assert first.doc is last.doc
    assert [ref.block for ref in first.sentences()] == [0, 0]
    assert [ref.block for ref in last.sentences()] == [2, 2]
    assert [figures.block for figures in block_figures(first)] == [0, 0]
    assert [figures.block for figures in block_figures(last)] == [2, 2]
    assert [figures.words for figures in block_figures(last)] == [4, 3]


def _reports(checker: Checker, letters: list[Path]) -> list[str]:
    return [json.dumps(masked(checker.check_source(path).to_dict()), ensure_ascii=False, sort_keys=True)
            for path in letters]


@pytest.mark.skipif(len(LETTERS) < 6, reason="the corpus letters are missing")
def test_findings_are_the_same_with_and_without_reuse() -> None:
    """Corpus letters twice over, so the second round runs on reused Docs."""
    letters = LETTERS[:6] * 2
    with_reuse = Checker(load_config(None))
    assert with_reuse.recurring is not None
    without = Checker(load_config(None))
    without.recurring = None
    assert _reports(with_reuse, letters) == _reports(without, letters)
    assert with_reuse.recurring.hits > 0
