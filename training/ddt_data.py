"""Reading UD Danish-DDT, the fixed held-out split, and the evaluation metrics.

This module is shared by ``train_model.py``, ``benchmark_model.py`` and
``tests/test_model_training.py`` so that the split and the metrics that produce
the numbers in ``brevtjek/models/da_brevtjek/scores.json`` are defined exactly
once.  It deliberately depends only on spaCy and the standard library.

Why a hand-written CoNLL-U reader instead of spaCy's converter: the DDT files
have no multi-word tokens, so a reader is a few lines, and it lets us keep the
sentence ids (needed for the documented split) and build one ``Doc`` per
sentence with gold words/spaces, UPOS, FEATS and lemmas.

The split (documented in ``training/README.md``) is by sentence position within
each file, using contiguous slices so that neighbouring sentences of the same
newspaper article do not end up on both sides of the split:

* ``heldout``: the last 100 sentences of ``da_ddt-ud-dev.conllu`` and the last
  100 sentences of ``da_ddt-ud-test.conllu`` (200 sentences, about 18 %);
* ``tune``: the 50 sentences just before each held-out slice (100 sentences),
  used only to pick the best epoch during training;
* ``train``: everything else (829 sentences).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository root (``/work/main`` in the project workspace)."""

DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "ud-danish-ddt"
"""``../shared/data/ud-danish-ddt`` relative to the repository root.

The CoNLL-U files are CC BY-SA 4.0 and must never be copied into the repo, so
every script reads them from here (or from ``--data-dir``)."""

DATA_FILES = ("da_ddt-ud-dev.conllu", "da_ddt-ud-test.conllu")
HELDOUT_TAIL = 100
"""Number of sentences at the end of each file that form the held-out split."""
TUNE_TAIL = 50
"""Number of sentences just before the held-out slice that form the tune split."""

SPLITS = ("train", "tune", "heldout")
FEATURES_OF_INTEREST = ("Voice", "VerbForm")


@dataclass
class Sentence:
    """One gold sentence from a CoNLL-U file."""

    sent_id: str
    file: str
    index: int
    words: list[str]
    spaces: list[bool]
    upos: list[str]
    feats: list[str]
    lemmas: list[str]
    split: str = ""

    @property
    def text(self) -> str:
        """The sentence text rebuilt from words and SpaceAfter information."""
        return "".join(w + (" " if s else "") for w, s in zip(self.words, self.spaces, strict=True))


def _parse_conllu(path: Path) -> list[Sentence]:
    """Parse one CoNLL-U file into sentences (no multi-word tokens expected)."""
    sentences: list[Sentence] = []
    sent_id = ""
    words: list[str] = []
    spaces: list[bool] = []
    upos: list[str] = []
    feats: list[str] = []
    lemmas: list[str] = []

    def flush() -> None:
        nonlocal sent_id, words, spaces, upos, feats, lemmas
        if words:
            sentences.append(
                Sentence(
                    sent_id=sent_id or f"{path.name}-{len(sentences)}",
                    file=path.name,
                    index=len(sentences),
                    words=words,
                    spaces=spaces,
                    upos=upos,
                    feats=feats,
                    lemmas=lemmas,
                )
            )
        sent_id, words, spaces, upos, feats, lemmas = "", [], [], [], [], []

    with path.open(encoding="utf8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line:
                flush()
                continue
            if line.startswith("#"):
                if line.startswith("# sent_id ="):
                    sent_id = line.split("=", 1)[1].strip()
                continue
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                # Multi-word token ranges ("1-2") and empty nodes ("1.1") do not
                # occur in DDT; skip them defensively rather than mis-align.
                continue
            words.append(cols[1])
            lemmas.append(cols[2])
            upos.append(cols[3])
            feats.append("" if cols[5] == "_" else cols[5])
            spaces.append("SpaceAfter=No" not in cols[9].split("|"))
    flush()
    return sentences


def split_name(index: int, n_sentences: int) -> str:
    """Return the split ("train", "tune" or "heldout") of sentence ``index``.

    The rule is positional and therefore fixed: the last ``HELDOUT_TAIL``
    sentences of a file are held out, the ``TUNE_TAIL`` before them are the
    tune slice, the rest is training data.
    """
    if index >= n_sentences - HELDOUT_TAIL:
        return "heldout"
    if index >= n_sentences - HELDOUT_TAIL - TUNE_TAIL:
        return "tune"
    return "train"


def data_available(data_dir: Path | None = None) -> bool:
    """True when both DDT CoNLL-U files are present in ``data_dir``."""
    base = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    return all((base / name).is_file() for name in DATA_FILES)


def load_sentences(data_dir: Path | None = None) -> list[Sentence]:
    """Read both DDT files and label every sentence with its split."""
    base = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    out: list[Sentence] = []
    for name in DATA_FILES:
        sents = _parse_conllu(base / name)
        for sent in sents:
            sent.split = split_name(sent.index, len(sents))
        out.extend(sents)
    return out


def select(sentences: Iterable[Sentence], *splits: str) -> list[Sentence]:
    """Sentences belonging to any of the given splits (all if none given)."""
    wanted = set(splits) if splits else set(SPLITS)
    return [s for s in sentences if s.split in wanted]


def gold_doc(vocab: Vocab, sent: Sentence) -> Doc:
    """A fully annotated reference ``Doc`` for training (UPOS, FEATS, lemma)."""
    return Doc(
        vocab,
        words=sent.words,
        spaces=sent.spaces,
        pos=sent.upos,
        morphs=sent.feats,
        lemmas=sent.lemmas,
    )


def input_doc(vocab: Vocab, sent: Sentence) -> Doc:
    """An unannotated ``Doc`` with the gold tokenisation (for evaluation)."""
    return Doc(vocab, words=sent.words, spaces=sent.spaces)


def _feats_dict(feats: str) -> dict[str, str]:
    if not feats:
        return {}
    return dict(part.split("=", 1) for part in feats.split("|"))


@dataclass
class _Counts:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def acc(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class Scores:
    """Token-level accuracies on gold tokenisation (all values in 0..1)."""

    tokens: int = 0
    pos: _Counts = field(default_factory=_Counts)
    morph: _Counts = field(default_factory=_Counts)
    lemma: _Counts = field(default_factory=_Counts)
    lemma_lower: _Counts = field(default_factory=_Counts)
    feats: dict[str, _Counts] = field(default_factory=dict)
    pass_tp: int = 0
    pass_fp: int = 0
    pass_fn: int = 0

    def as_dict(self) -> dict[str, float]:
        """Flat dictionary of the scores (rounded to 4 decimals)."""
        out: dict[str, float] = {
            "pos_acc": self.pos.acc,
            "morph_acc": self.morph.acc,
            "lemma_acc": self.lemma.acc,
            "lemma_acc_lowercase": self.lemma_lower.acc,
        }
        for name, counts in self.feats.items():
            out[f"{name.lower()}_acc"] = counts.acc
            out[f"{name.lower()}_support"] = counts.total
        p = self.pass_tp / (self.pass_tp + self.pass_fp) if self.pass_tp + self.pass_fp else 0.0
        r = self.pass_tp / (self.pass_tp + self.pass_fn) if self.pass_tp + self.pass_fn else 0.0
        out["voice_pass_precision"] = p
        out["voice_pass_recall"] = r
        out = {k: round(v, 4) for k, v in out.items()}
        out["tokens"] = self.tokens
        return out


def evaluate(nlp: Language, sentences: Sequence[Sentence], batch_size: int = 64) -> dict[str, float]:
    """Tag gold-tokenised sentences with ``nlp`` and score them.

    Metrics (token level, over all gold tokens incl. punctuation):

    * ``pos_acc``: predicted UPOS equals gold UPOS;
    * ``morph_acc``: the complete feature set equals the gold FEATS;
    * ``voice_acc`` / ``verbform_acc``: per-feature accuracy counted over the
      tokens where the gold *or* the prediction carries the feature, so both
      missed and spurious values (e.g. a genitive noun tagged Voice=Pass)
      count as errors; tokens where neither has it are not counted, otherwise
      the score would be ~99 % trivially;
    * ``lemma_acc``: predicted lemma equals the gold lemma exactly
      (``lemma_acc_lowercase`` compares lowercased strings);
    * ``voice_pass_precision`` / ``voice_pass_recall`` for Voice=Pass.

    Gold tokenisation is used so that the scores measure the tagger and the
    lemmatizer, not spaCy's tokenizer.
    """
    scores = Scores(feats={name: _Counts() for name in FEATURES_OF_INTEREST})
    docs = (input_doc(nlp.vocab, s) for s in sentences)
    for sent, doc in zip(sentences, nlp.pipe(docs, batch_size=batch_size), strict=True):
        for i, token in enumerate(doc):
            gold_feats = _feats_dict(sent.feats[i])
            pred_feats = token.morph.to_dict()
            scores.tokens += 1
            scores.pos.add(token.pos_ == sent.upos[i])
            scores.morph.add(pred_feats == gold_feats)
            scores.lemma.add(token.lemma_ == sent.lemmas[i])
            scores.lemma_lower.add(token.lemma_.lower() == sent.lemmas[i].lower())
            for name in FEATURES_OF_INTEREST:
                gold_value = gold_feats.get(name)
                pred_value = pred_feats.get(name)
                if gold_value is not None or pred_value is not None:
                    scores.feats[name].add(gold_value == pred_value)
            gold_pass = gold_feats.get("Voice") == "Pass"
            pred_pass = pred_feats.get("Voice") == "Pass"
            scores.pass_tp += int(gold_pass and pred_pass)
            scores.pass_fp += int(pred_pass and not gold_pass)
            scores.pass_fn += int(gold_pass and not pred_pass)
    return scores.as_dict()


def set_single_thread_env() -> None:
    """Pin BLAS/OpenMP thread pools to one thread (call before numpy loads)."""
    for var in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "BLIS_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
        "NUMEXPR_NUM_THREADS",
    ):
        os.environ.setdefault(var, "1")
