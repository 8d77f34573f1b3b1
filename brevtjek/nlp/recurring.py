"""Block texts that recur from letter to letter, analysed once per process.

Why: letters made from one template share many paragraphs word for word — the letterhead,
the contact footer, the appeal guidance, the signature. A batch worker would tag those
paragraphs again in every letter, and tagging is the largest per-letter cost. Each block is
its own spaCy ``Doc``, and the pipeline's output for a block depends only on its text, so a
Doc made for a recurring text can serve every later letter that contains the same text.
What facts, metrics and rules derive from a Doc is kept with it
(:func:`brevtjek.nlp.tokens.on_doc`) and is reused too.

Memory, and why the rules below: the checker analyses each letter inside spaCy's memory
zone, which frees the strings a letter adds to the vocabulary (names, amounts, dates) when
the letter is done, so that a worker's memory does not grow with every letter. A Doc made
inside a zone is unusable after it. Recurring texts are therefore analysed *outside* the
zone, and their strings stay for the life of the process. To keep that bounded:

* a text is kept only from the second letter it appears in, so the one-off paragraphs
  that carry a citizen's name or an amount are never kept;
* at most :data:`MAX_DOCS` Docs are held (the least recently used is dropped);
* once :data:`MAX_ADMISSIONS` texts have been kept, no new ones are, whatever was dropped.

Turned off with ``--no-cache`` / ``BREVTJEK_NO_CACHE=1`` (the checker decides); the
findings are the same either way, which ``tests/test_recurring_blocks.py`` checks.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from brevtjek.nlp.analysis import PIPE_BATCH, tag_texts

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_DOCS = 4096
"""Docs held at once. Template paragraphs are short: a few MB for all of them."""

MAX_ADMISSIONS = 20_000
"""Texts kept over a process's life: bounds what stays in the vocabulary."""

MAX_SEEN = 100_000
"""Texts remembered (by hash) as seen once; the memory is cleared when it is full."""


class RecurringBlocks:
    """Docs for block texts that appeared in an earlier letter of this process."""

    def __init__(self, max_docs: int = MAX_DOCS, max_admissions: int = MAX_ADMISSIONS,
                 max_seen: int = MAX_SEEN) -> None:
        self.max_docs = max_docs
        self.max_admissions = max_admissions
        self.max_seen = max_seen
        self._docs: OrderedDict[str, Doc] = OrderedDict()
        self._seen: set[int] = set()
        self.admitted = 0
        self.hits = 0

    def __len__(self) -> int:
        return len(self._docs)

    def docs_for(self, texts: Sequence[str], nlp: Any, batch_size: int = PIPE_BATCH) -> dict[str, Doc]:
        """Docs for those of ``texts`` that recur, keyed by text.

        Call it *outside* the letter's memory zone: texts met for the second time are
        analysed here, so that their Docs outlive the letter. The other texts are the
        caller's to analyse, inside the zone.
        """
        found: dict[str, Doc] = {}
        new: list[str] = []
        for text in dict.fromkeys(texts):
            doc = self._docs.get(text)
            if doc is not None:
                self._docs.move_to_end(text)
                found[text] = doc
                self.hits += 1
            elif hash(text) in self._seen and self.admitted < self.max_admissions:
                new.append(text)
        new = new[: self.max_admissions - self.admitted]
        tagged = tag_texts(nlp, new, batch_size=batch_size)
        for text in new:
            found[text] = self._keep(text, tagged[text])
        self._remember(texts)
        return found

    def _keep(self, text: str, doc: Doc) -> Doc:
        self._docs[text] = doc
        self.admitted += 1
        while len(self._docs) > self.max_docs:
            self._docs.popitem(last=False)
        return doc

    def _remember(self, texts: Iterable[str]) -> None:
        hashes = {hash(text) for text in texts}
        if len(self._seen) + len(hashes) > self.max_seen:
            self._seen.clear()
        self._seen.update(hashes)
