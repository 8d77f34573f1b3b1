"""Lexicon-class "static vectors" built from the da lemma_lookup table.

Why: with ~17k training tokens, a quarter of the held-out tokens are words the
tagger never saw, and they cause most of its errors (VERB<->NOUN,
ADJ<->VERB-participle, genitive noun <-> passive verb). The lemma_lookup table
of spacy-lookups-data lists ~553k Danish word forms with their lemma. From it
we can tell, for an unseen word, how it relates to its lemma (``tordnede`` =
``tordne`` + ``de``) and what the lemma's whole paradigm looks like (a lemma
with forms in +r/+de/+t/+s is a verb; one with +en/+er/+erne/+ens is a common
gender noun). That is strong evidence for POS and morphology.

How it is shipped using only built-in spaCy machinery: each word form gets a
small fixed vector (one-hot of its form/lemma relation + multi-hot of the
relations found in its lemma's paradigm). Identical vectors are stored once,
so the table has only a few thousand rows, and ``vocab.vectors.key2row``
maps the (lowercased) word forms to those rows. The tok2vec layer reads them
with ``MultiHashEmbed(include_static_vectors=true)`` and learns a projection.
``spacy.load`` restores them as ordinary vectors; nothing custom is needed.

The relation of a form to its lemma is written ``"<n>:<suffix>"``: drop the
last ``n`` characters of the lemma, then append ``suffix``
(``tordnede``/``tordne`` -> ``"0:de"``, ``cifrene``/``ciffer`` -> ``"3:rene"``).
"""

from __future__ import annotations

import collections
from collections.abc import Mapping

import numpy
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.vectors import Vectors
from spacy.vocab import Vocab


def relation(form: str, lemma: str) -> str:
    """Edit relation that turns ``lemma`` into ``form`` (suffix side only)."""
    form_l, lemma_l = form.lower(), lemma.lower()
    prefix = 0
    for a, b in zip(form_l, lemma_l, strict=False):
        if a != b:
            break
        prefix += 1
    return f"{len(lemma_l) - prefix}:{form_l[prefix:]}"


def build_lexicon_vectors(
    table: Mapping[str, str],
    vocab: Vocab,
    top_k: int = 64,
    keep_forms: set[str] | None = None,
) -> tuple[Vectors, dict[str, object]]:
    """Build the lexicon-class vectors for ``vocab`` from a form->lemma table.

    ``top_k`` most frequent relations get their own dimension (others share
    an "other" dimension), once for the word's own relation and once for the
    multi-hot paradigm of its lemma: ``2 * (top_k + 1)`` dimensions.
    ``keep_forms`` (lowercased) restricts which forms get a key; all forms
    are still used to compute the paradigms.
    """
    rel_of: dict[str, str] = {}
    lemma_of: dict[str, str] = {}
    paradigm: dict[str, set[str]] = collections.defaultdict(set)
    # lowercase keys; prefer entries whose form is already lowercase
    for form, lemma in sorted(table.items(), key=lambda kv: kv[0] != kv[0].lower()):
        key = form.lower()
        rel = relation(form, lemma)
        paradigm[lemma.lower()].add(rel)
        if key not in rel_of:
            rel_of[key] = rel
            lemma_of[key] = lemma.lower()
    # every lemma is also a form of itself (the table omits some of those)
    for lemma in list(paradigm):
        paradigm[lemma].add("0:")
    counts = collections.Counter(rel_of.values())
    relations: list[str] = [rel for rel, _ in counts.most_common(top_k)]
    index = {rel: i for i, rel in enumerate(relations)}
    other = top_k
    width = 2 * (top_k + 1)

    row_of: dict[tuple[int, ...], int] = {}
    rows: list[numpy.ndarray] = []
    key2row: dict[int, int] = {}
    for key, rel in rel_of.items():
        if keep_forms is not None and key not in keep_forms:
            continue
        own = index.get(rel, other)
        para = sorted({top_k + 1 + index.get(r, other) for r in paradigm[lemma_of[key]]})
        signature = (own, *para)
        row = row_of.get(signature)
        if row is None:
            row = len(rows)
            row_of[signature] = row
            vec = numpy.zeros((width,), dtype="float32")
            vec[list(signature)] = 1.0
            rows.append(vec)
        key2row[hash_string(key)] = row
    data = numpy.vstack(rows) if rows else numpy.zeros((1, width), dtype="float32")
    vectors = Vectors(strings=vocab.strings, data=data, attr="LOWER", name="brevtjek_da_lexicon")
    for key_hash, row in key2row.items():
        vectors.add(key_hash, row=row)
    stats: dict[str, object] = {
        "keys": len(key2row),
        "rows": int(data.shape[0]),
        "dims": int(data.shape[1]),
        "relations": relations[:20],
    }
    return vectors, stats
