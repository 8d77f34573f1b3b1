"""Train brevtjek's small Danish spaCy pipeline on UD Danish-DDT.

Usage (from the repository root, see training/README.md for the full story)::

    .venv/bin/python training/train_model.py --name w64d2 \
        --set components.tok2vec.model.embed.width=64

    # the shipped model: trained on train+tune, evaluated on the held-out split
    .venv/bin/python training/train_model.py --name shipped --final --ship

What the script does, and why:

1. Reads the two DDT CoNLL-U files from ``../shared/data/ud-danish-ddt``
   (``--data-dir``); they are CC BY-SA 4.0 and are never copied into the repo.
2. Splits sentences with the fixed positional rule in ``ddt_data.py``
   (train / tune / held-out). The held-out part is never used for any
   decision: not for epoch selection, not for the lemma corrections.
3. Trains ``tok2vec + morphologizer`` from ``configs/*.cfg`` with a small,
   deterministic epoch loop (fixed seed, single thread). We use our own loop
   instead of ``spacy train`` because we need the best *epoch* on the tune
   split (``--final`` then retrains on train+tune for exactly that many
   epochs, which ``spacy train`` cannot express) and because it lets us score
   with the same metric code as the tests.
4. Adds two untrained, built-in components: an ``attribute_ruler`` with
   lemma exceptions learned from the training sentences (POS-dependent
   cases such as ``ved``/ADP vs ``ved``/VERB; with ``--ruler-fixes`` also
   tagging fixes, see ``auxiliary_patterns`` and ``initial_noun_patterns``)
   and a ``lemmatizer`` in lookup
   mode with the ``da`` ``lemma_lookup`` table of spacy-lookups-data, pruned
   so that the model loads in well under half a second (see
   ``build_lemma_table``). Only built-in factories are used, so
   ``spacy.load(path)`` works without importing brevtjek.
5. Scores the assembled pipeline on the held-out split, benchmarks speed,
   load time and size (``benchmark_model.py``), and writes a JSON summary to
   ``training/results/<name>.json``.
6. With ``--ship`` copies the pipeline to ``brevtjek/models/da_brevtjek`` and
   writes ``scores.json`` there.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import ddt_data
from ddt_data import REPO_ROOT, Sentence

ddt_data.set_single_thread_env()

import spacy  # noqa: E402  (thread env must be set before numpy is imported)
from spacy.language import Language  # noqa: E402
from spacy.lookups import Lookups  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.util import fix_random_seed, load_config, load_model_from_config, registry  # noqa: E402
from spacy.vectors import Vectors  # noqa: E402

TRAINING_DIR = Path(__file__).resolve().parent
DEFAULT_CONFIG = TRAINING_DIR / "configs" / "tagger.cfg"
DEFAULT_OUT = TRAINING_DIR / "output"
RESULTS_DIR = TRAINING_DIR / "results"
DOMAIN_LEMMAS = TRAINING_DIR / "domain_lemmas.txt"
SHIP_DIR = REPO_ROOT / "brevtjek" / "models" / "da_brevtjek"
MODEL_NAME = "brevtjek"  # spaCy package name becomes lang + "_" + name = "da_brevtjek"
MODEL_VERSION = "0.1.1"

# Lemma corrections learned from training sentences: a (form) or (form, POS)
# needs this many occurrences and this share of one lemma to become a rule.
MIN_COUNT = 2
MIN_SHARE = 0.75

# Pruned lookup table: keep at most this many non-identity entries. Each entry
# costs ~2.7 us when spaCy deserialises the table, so this bounds load time.
DEFAULT_LEMMA_MAX_ENTRIES = 100_000


# ---------------------------------------------------------------------------
# Lemma lookup table
# ---------------------------------------------------------------------------


def load_full_lemma_table() -> dict[str, str]:
    """The ``da`` ``lemma_lookup`` table from spacy-lookups-data (~553k forms)."""
    import spacy_lookups_data

    path = spacy_lookups_data.da["lemma_lookup"]
    data = spacy.util.load_language_data(path)
    assert isinstance(data, dict)
    return {str(form): str(lemma) for form, lemma in data.items()}


def _zipf_lookup() -> dict[str, float]:
    """Word frequencies of Danish from the ``wordfreq`` package (training only)."""
    from wordfreq import get_frequency_dict, zipf_frequency

    return {w: zipf_frequency(w, "da") for w in get_frequency_dict("da", wordlist="best")}


def load_domain_lemmas(path: Path = DOMAIN_LEMMAS) -> list[str]:
    """Lemmas of the Danish words in the project's domain report (one a line)."""
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf8").splitlines() if line.strip()]


def extract_domain_lemmas(text: str, full: dict[str, str]) -> list[str]:
    """Lemmas (per the lookup table) of the Danish words found in ``text``.

    Used once to make ``domain_lemmas.txt`` from the project's domain report
    (``../shared/reference/domain.md``), which is written in English with the
    Danish terms of decision letters. Words that are clearly English (common
    in English per wordfreq, rare in Danish) are left out.
    """
    import re

    from wordfreq import zipf_frequency

    lemmas = set()
    for word in set(re.findall(r"[A-Za-zÆØÅæøåé]+(?:-[A-Za-zÆØÅæøå]+)*", text)):
        for cand in (word, word.lower()):
            if cand in full:
                lemma = full[cand]
                english = zipf_frequency(lemma, "en") > 3 and zipf_frequency(lemma, "da") < 2
                if len(lemma) >= 3 and not english:
                    lemmas.add(lemma)
                break
    return sorted(lemmas)


def corrected_table(full: dict[str, str], train_sents: Sequence[Sentence]) -> tuple[dict[str, str], int]:
    """The full table with corrections learned from the training sentences.

    A form seen in the training sentences overrides the table when one lemma
    clearly dominates (``MIN_COUNT``/``MIN_SHARE``): the distributed table
    has some poor entries for very frequent words (``med`` -> ``mede``,
    ``under`` -> ``unde``, ``have`` -> ``hav``), and DDT has its own
    conventions (``de``/DET -> ``den``). Identity entries are kept here
    (the lexicon vectors use them). Only training sentences are used, so
    held-out scores stay honest.
    """
    table = dict(full)
    corrections = 0
    by_form: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for sent in train_sents:
        for word, lemma in zip(sent.words, sent.lemmas, strict=True):
            by_form[word][lemma] += 1
    for form, counter in by_form.items():
        lemma, count = counter.most_common(1)[0]
        total = sum(counter.values())
        if total < MIN_COUNT or count / total < MIN_SHARE:
            continue
        if table.get(form, form) != lemma:
            corrections += 1
        table[form] = lemma
    return table, corrections


def rank_forms(table: dict[str, str], train_sents: Sequence[Sentence], domain_lemmas: Iterable[str]) -> list[str]:
    """All forms of ``table``, most useful first (used to prune the table).

    Order: (0) forms of lemmas that occur in the training sentences or in
    the domain report (``domain_lemmas.txt``: afgørelse, bevilling, klage,
    serviceloven ...); (1) forms whose lemma or the form itself is in
    wordfreq's Danish list, most frequent first, so whole paradigms of common
    words survive; (2) the rest, by the frequency of the lemma's final
    compound part (``husstandsindkomst`` -> ``indkomst``), then short forms
    first.
    """
    zipf = _zipf_lookup()
    seeds = {lemma.lower() for lemma in domain_lemmas}
    for sent in train_sents:
        for word, lemma in zip(sent.words, sent.lemmas, strict=True):
            seeds.add(table.get(word, lemma).lower())

    def head_zipf(lemma: str) -> float:
        for start in range(1, max(1, len(lemma) - 3)):
            part = lemma[start:]
            if part in zipf:
                return zipf[part]
        return 0.0

    def rank(item: tuple[str, str]) -> tuple[int, float, int, str]:
        form, lemma = item
        if lemma.lower() in seeds:
            return (0, -max(zipf.get(lemma, 0.0), zipf.get(form, 0.0)), len(form), form)
        own = max(zipf.get(lemma, 0.0), zipf.get(form, 0.0))
        if own > 0.0:
            return (1, -own, len(form), form)
        return (2, -head_zipf(lemma), len(form), form)

    return [form for form, _ in sorted(table.items(), key=rank)]


def build_lemma_table(
    strategy: str,
    corrected: dict[str, str],
    ranked: Sequence[str],
    max_entries: int = DEFAULT_LEMMA_MAX_ENTRIES,
) -> tuple[dict[str, str], dict[str, Any]]:
    """Return the form->lemma table to ship, plus statistics about it.

    Strategies (all start from ``corrected``, see ``corrected_table``):

    * ``full``: every entry (553k, ~11.5 MB, ~1.5-2 s to load);
    * ``noident``: drop entries whose lemma equals the form. This changes no
      output at all, because spaCy's lookup lemmatizer falls back to the form;
    * ``pruned``: ``noident``, then keep the ``max_entries`` best-ranked
      entries (``rank_forms``). Load time grows by ~2 us per entry.
    """
    stats: dict[str, Any] = {"strategy": strategy, "source_entries": len(corrected)}
    if strategy == "full":
        return dict(corrected), {**stats, "entries": len(corrected)}
    if strategy not in ("noident", "pruned"):
        raise ValueError(f"unknown lemma table strategy {strategy!r}")
    order = ranked if strategy == "pruned" else list(corrected)
    table: dict[str, str] = {}
    for form in order:
        lemma = corrected[form]
        if lemma == form:
            continue
        if strategy == "pruned" and len(table) >= max_entries:
            break
        table[form] = lemma
    stats["entries"] = len(table)
    return table, stats


def lemma_ruler_patterns(train_sents: Sequence[Sentence], table: dict[str, str]) -> list[dict[str, Any]]:
    """Attribute-ruler patterns for lemmas that depend on the predicted POS.

    For each (form, UPOS) pair in the training sentences whose dominant gold
    lemma differs from what the lookup table gives, emit
    ``[{"ORTH": form, "POS": upos}] -> {"LEMMA": lemma}``. The lookup
    lemmatizer runs with ``overwrite=False`` after the ruler, so these win.
    """
    by_pair: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for sent in train_sents:
        for word, pos, lemma in zip(sent.words, sent.upos, sent.lemmas, strict=True):
            by_pair[(word, pos)][lemma] += 1
    patterns: list[dict[str, Any]] = []
    for (form, pos), counter in sorted(by_pair.items()):
        lemma, count = counter.most_common(1)[0]
        total = sum(counter.values())
        if total < MIN_COUNT or count / total < MIN_SHARE:
            continue
        if table.get(form, form) != lemma:
            patterns.append({"patterns": [[{"ORTH": form, "POS": pos}]], "attrs": {"LEMMA": lemma}})
    return patterns


MORPH_FIX_PATTERNS: list[dict[str, Any]] = []
"""Hand-written attribute-ruler fixes for known tagger confusions (none; see README)."""

MORPH_FIXES_FILE = TRAINING_DIR / "morph_fixes.json"
"""Context rules learned from the tagger's out-of-fold errors on `train` (``jackknife.py`` +
``learn_morph_fixes.py``), added to the ruler with ``--morph-fixes``."""


def load_morph_fixes(path: Path = MORPH_FIXES_FILE) -> list[dict[str, Any]]:
    """attribute_ruler patterns of ``morph_fixes.json`` (learned on `train` only)."""
    return list(json.loads(path.read_text(encoding="utf8"))["patterns"])


DEFINITE_NOUN_FEATS = {
    "en": "Definite=Def|Gender=Com|Number=Sing",
    "n": "Definite=Def|Gender=Com|Number=Sing",
    "et": "Definite=Def|Gender=Neut|Number=Sing",
    "t": "Definite=Def|Gender=Neut|Number=Sing",
}
"""Features of a definite singular noun by its ending (checked on the training sentences:
250/250 -en, 91/93 -n, 120/120 -et, 11/11 -t gold NOUN tokens)."""

PLURAL_DEFINITE = ("erne", "ene", "rne", "ne")


def definite_noun_feats(form: str, table: dict[str, str]) -> str | None:
    """UD features if the lemma table shows ``form`` as a definite form of a noun.

    ``bevillingen`` = ``bevilling`` + ``en`` and the paradigm has a definite plural
    (``bevillingerne``) or the other definite singular, so it is a noun; the plural's gender
    comes from the paradigm (``sagerne``: ``sagen`` → common). Verb forms (``besluttet`` =
    ``beslutte`` + ``t``) have no definite plural and are left alone.
    """
    lemma = table.get(form)
    if not lemma or lemma == form or not form.startswith(lemma[: max(1, len(lemma) - 1)]):
        return None
    common = any(table.get(lemma + ending) == lemma for ending in ("en", "n"))
    neuter = any(table.get(lemma + ending) == lemma for ending in ("et", "t"))
    plural = any(table.get(lemma + ending) == lemma for ending in PLURAL_DEFINITE)
    for ending, feats in DEFINITE_NOUN_FEATS.items():
        gender_fits = (ending in ("en", "n") and common) or (ending in ("et", "t") and neuter)
        if form == lemma + ending and plural and gender_fits:
            return feats
    for ending in PLURAL_DEFINITE:
        if form == lemma + ending and (common != neuter):
            gender = "Com" if common else "Neut"
            return f"Definite=Def|Gender={gender}|Number=Plur"
    return None


AUX_VERB_FORMS = {"have": "Part", "være": "Part", "blive": "Part", "kunne": "Inf", "skulle": "Inf",
                  "ville": "Inf", "måtte": "Inf", "burde": "Inf"}
"""Verbs that are AUX in DDT when a participle (perfect, passive) or an infinitive (modal)
follows in the same clause."""
AUX_WINDOW = 3
"""Words that may stand between the auxiliary and its verb ("har du ikke set")."""
CLAUSE_BREAKS = ["PUNCT", "SCONJ", "CCONJ", "VERB", "AUX"]


def _verb_follows(sent: Sentence, index: int, verb_form: str) -> bool:
    for j in range(index + 1, min(len(sent.words), index + 2 + AUX_WINDOW)):
        if sent.upos[j] in ("VERB", "AUX"):
            return f"VerbForm={verb_form}" in sent.feats[j]
        if sent.upos[j] in CLAUSE_BREAKS:
            return False
    return False


def auxiliary_patterns(
    train_sents: Sequence[Sentence], min_count: int = 10, min_share: float = 0.9
) -> list[dict[str, Any]]:
    """Attribute-ruler fixes: a form of have/være/blive or a modal followed by its verb is AUX.

    The tagger sees one word either side, so "har … bevilget" with words between often
    comes out VERB. For each verb of :data:`AUX_VERB_FORMS` whose training occurrences
    with a following participle/infinitive (same clause, at most :data:`AUX_WINDOW` words
    between) are AUX in at least ``min_share`` of ``min_count`` or more cases, a pattern
    sets POS=AUX when the *predicted* next verb has that VerbForm. Learned from the
    training sentences only.
    """
    forms: dict[str, set[str]] = collections.defaultdict(set)
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for sent in train_sents:
        for i, (word, upos, lemma) in enumerate(zip(sent.words, sent.upos, sent.lemmas, strict=True)):
            if lemma in AUX_VERB_FORMS and upos in ("AUX", "VERB"):
                forms[lemma].add(word.lower())
                if _verb_follows(sent, i, AUX_VERB_FORMS[lemma]):
                    counts[lemma][upos] += 1
    # one pattern per VerbForm (not per verb): each pattern costs matcher time on every token
    by_form: dict[str, set[str]] = collections.defaultdict(set)
    for lemma, verb_form in AUX_VERB_FORMS.items():
        total = sum(counts[lemma].values())
        if total >= min_count and counts[lemma]["AUX"] / total >= min_share:
            by_form[verb_form] |= forms[lemma]
    patterns: list[dict[str, Any]] = []
    for verb_form, words in sorted(by_form.items()):
        pattern = [
            {"LOWER": {"IN": sorted(words)}, "POS": "VERB"},
            {"POS": {"NOT_IN": CLAUSE_BREAKS}, "OP": f"{{0,{AUX_WINDOW}}}"},
            {"POS": "VERB", "MORPH": {"IS_SUPERSET": [f"VerbForm={verb_form}"]}},
        ]
        patterns.append({"patterns": [pattern], "attrs": {"POS": "AUX"}, "index": 0})
    return patterns


def initial_noun_patterns(table: dict[str, str], forms: Iterable[str]) -> list[dict[str, Any]]:
    """Attribute-ruler fixes for capitalised sentence-initial nouns tagged PROPN.

    The tagger reads the capital letter of "Ansøgningen …", "Kommunen …" as a name and
    says PROPN (about one token in a hundred on the tune split). A *definite* form of a
    noun known to the lemma table cannot be a name, so a sentence-initial PROPN with such
    a form becomes NOUN with the features of its ending. On the training sentences,
    capitalised sentence-initial words with a definite-noun form are NOUN 70 times and
    PROPN never. Only the forms kept as vector keys (``forms``) are listed, to bound the
    pattern size and load time.
    """
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for form in forms:
        if form.islower() and form.isalpha():
            feats = definite_noun_feats(form, table)
            if feats:
                groups[feats].append(form)
    return [
        {
            "patterns": [[{"IS_SENT_START": True, "IS_TITLE": True, "POS": "PROPN", "LOWER": {"IN": sorted(group)}}]],
            "attrs": {"POS": "NOUN", "MORPH": feats},
        }
        for feats, group in sorted(groups.items())
    ]


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------


def parse_overrides(items: Iterable[str]) -> dict[str, Any]:
    """Turn ``key=value`` strings into spaCy config overrides (values as JSON)."""
    overrides: dict[str, Any] = {}
    for item in items:
        key, _, raw = item.partition("=")
        try:
            overrides[key] = json.loads(raw)
        except json.JSONDecodeError:
            overrides[key] = raw
    return overrides


def make_examples(nlp: Language, sents: Sequence[Sentence]) -> list[Example]:
    """Training examples on gold tokenisation."""
    return [Example(ddt_data.input_doc(nlp.vocab, s), ddt_data.gold_doc(nlp.vocab, s)) for s in sents]


def write_docbins(sents: Sequence[Sentence], out_dir: Path) -> dict[str, str]:
    """Write each split as a spaCy DocBin (``<out_dir>/corpus/<split>.spacy``).

    Our loop trains from the in-memory ``Doc`` objects; the DocBins are
    written so the same data can be fed to ``python -m spacy train`` or
    inspected (they stay in the git-ignored output folder).
    """
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    paths: dict[str, str] = {}
    corpus_dir = out_dir / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for split in ddt_data.SPLITS:
        docbin = DocBin(store_user_data=False)
        for sent in ddt_data.select(sents, split):
            docbin.add(ddt_data.gold_doc(vocab, sent))
        path = corpus_dir / f"{split}.spacy"
        docbin.to_disk(path)
        paths[split] = str(path)
    return paths


def tune_score(scores: dict[str, float]) -> float:
    """Model selection score: mean of POS and full-morphology accuracy."""
    return (scores["pos_acc"] + scores["morph_acc"]) / 2


def train_tagger(
    config_path: Path,
    overrides: dict[str, Any],
    train_sents: Sequence[Sentence],
    tune_sents: Sequence[Sentence],
    epochs: int | None,
    seed: int,
    vectors: Vectors | None = None,
) -> tuple[Language, dict[str, Any]]:
    """Train tok2vec + morphologizer; return the pipeline and a training log.

    If ``epochs`` is None, train up to ``training.max_epochs`` with early
    stopping on the tune split (``training.patience`` epochs) and restore the
    best epoch. Otherwise train exactly ``epochs`` epochs and keep the last.
    """
    config = load_config(config_path, overrides=overrides, interpolate=True)
    fix_random_seed(seed)
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    train_cfg = config["training"]
    batcher = registry.resolve({"batcher": train_cfg["batcher"]})["batcher"]
    dropout = float(train_cfg["dropout"])
    max_epochs = int(epochs if epochs is not None else train_cfg["max_epochs"])
    patience = int(train_cfg["patience"])

    if vectors is not None:
        nlp.vocab.vectors = vectors
    examples = make_examples(nlp, train_sents)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    log: dict[str, Any] = {"epochs": [], "train_sentences": len(train_sents)}
    best: tuple[float, int, bytes | None] = (-1.0, 0, None)
    start = time.perf_counter()
    for epoch in range(1, max_epochs + 1):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in batcher(examples):
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses)
        entry: dict[str, Any] = {"epoch": epoch, "loss": round(losses.get("morphologizer", 0.0), 2)}
        if epochs is None:
            # with training.optimizer.use_averages the averaged weights are
            # the ones that get evaluated and kept (as spacy train does)
            with nlp.use_params(optimizer.averages):
                scores = ddt_data.evaluate(nlp, tune_sents)
                score = tune_score(scores)
                if score > best[0]:
                    best = (score, epoch, nlp.to_bytes())
            entry.update(pos=scores["pos_acc"], morph=scores["morph_acc"], score=round(score, 4))
        entry["seconds"] = round(time.perf_counter() - start, 1)
        log["epochs"].append(entry)
        print(json.dumps(entry), flush=True)
        if epochs is None and epoch - best[1] >= patience:
            break
    if epochs is None and best[2] is not None:
        nlp.from_bytes(best[2])
        log["best_epoch"] = best[1]
        log["best_tune_score"] = round(best[0], 4)
    else:
        if optimizer.averages:
            nlp.from_bytes(_averaged_bytes(nlp, optimizer))
        log["best_epoch"] = max_epochs
    log["train_seconds"] = round(time.perf_counter() - start, 1)
    return nlp, log


def _averaged_bytes(nlp: Language, optimizer: Any) -> bytes:
    """Serialised pipeline with the optimizer's averaged weights swapped in."""
    with nlp.use_params(optimizer.averages):
        return nlp.to_bytes()


def assemble(
    nlp: Language,
    table: dict[str, str],
    patterns: list[dict[str, Any]],
) -> Language:
    """Add the attribute_ruler and the lookup lemmatizer (both built-in)."""
    ruler = nlp.add_pipe("attribute_ruler", after="morphologizer")
    all_patterns = list(MORPH_FIX_PATTERNS) + list(patterns)
    if all_patterns:
        ruler.add_patterns(all_patterns)  # type: ignore[attr-defined]
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": False})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", table)
    lemmatizer.initialize(lookups=lookups)  # type: ignore[attr-defined]
    return nlp


def set_meta(nlp: Language, log: dict[str, Any], scores: dict[str, Any]) -> None:
    """Fill meta.json with a name, licence and data source."""
    nlp.meta.update(
        {
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "description": (
                "Small Danish pipeline for brevtjek (tok2vec, morphologizer, "
                "attribute_ruler, lookup lemmatizer) trained on UD Danish-DDT "
                "dev+test portions. See MODEL_CARD.md."
            ),
            "author": "brevtjek project",
            "license": "CC BY-SA 4.0",
            "url": "",
            "email": "",
            "sources": [
                {
                    "name": "UD Danish-DDT 2.11 (dev and test portions)",
                    "url": "https://github.com/UniversalDependencies/UD_Danish-DDT",
                    "license": "CC BY-SA 4.0",
                    "author": "Buch-Kromann (DDT); Johannsen, Martinez Alonso, Plank (UD conversion)",
                },
                {
                    "name": "spacy-lookups-data da lemma_lookup (pruned)",
                    "url": "https://github.com/explosion/spacy-lookups-data",
                    "license": "MIT",
                },
            ],
        }
    )
    nlp.meta["performance"] = {k: v for k, v in scores.items() if isinstance(v, (int, float))}


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Train, assemble, evaluate and benchmark one configuration."""
    import benchmark_model

    sents = ddt_data.load_sentences(Path(args.data_dir))
    write_docbins(sents, Path(args.out_dir))
    train_splits = {"train": ("train",), "train+tune": ("train", "tune"), "all": ddt_data.SPLITS}[args.train_on]
    train_sents = ddt_data.select(sents, *train_splits)
    tune_sents = ddt_data.select(sents, "tune")
    heldout_sents = ddt_data.select(sents, "heldout")
    overrides = parse_overrides(args.set)

    epochs: int | None = args.epochs
    if args.train_on != "train" and epochs is None:
        raise SystemExit("--train-on train+tune/all needs --epochs (found on tune with --train-on train)")

    corrected, n_corrections = corrected_table(load_full_lemma_table(), train_sents)
    ranked = rank_forms(corrected, train_sents, load_domain_lemmas())
    vectors: Vectors | None = None
    vector_stats: dict[str, Any] = {}
    if args.lexicon_vectors:
        import lexicon_vectors

        overrides["components.tok2vec.model.embed.include_static_vectors"] = True
        keep = None
        if args.lexicon_max_keys:
            keep = {form.lower() for form in ranked[: args.lexicon_max_keys]}
        vectors, vector_stats = lexicon_vectors.build_lexicon_vectors(
            corrected, spacy.blank("da").vocab, top_k=args.lexicon_top_k, keep_forms=keep
        )
        print("lexicon vectors:", json.dumps(vector_stats), flush=True)
    nlp, log = train_tagger(Path(args.config), overrides, train_sents, tune_sents, epochs, args.seed, vectors)
    table, table_stats = build_lemma_table(args.lemma_table, corrected, ranked, args.lemma_max_entries)
    table_stats["training_corrections"] = n_corrections
    patterns = lemma_ruler_patterns(train_sents, table) if args.lemma_rules else []
    fixes: list[dict[str, Any]] = []
    if args.ruler_fixes:
        noun_forms = ranked[: args.initial_noun_forms] if args.initial_noun_forms else ranked
        fixes = auxiliary_patterns(train_sents) + initial_noun_patterns(corrected, noun_forms)
    if args.morph_fixes:
        # first, so that the fixes above take precedence where both match (later patterns win)
        fixes = load_morph_fixes(Path(args.morph_fixes)) + fixes
    assemble(nlp, table, fixes + patterns)

    scores: dict[str, Any] = {}
    if args.train_on != "all":
        scores = ddt_data.evaluate(nlp, heldout_sents)
        print("held-out:", json.dumps(scores), flush=True)

    out_dir = Path(args.out_dir) / args.name
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    set_meta(nlp, log, scores)
    nlp.to_disk(out_dir)

    bench = benchmark_model.benchmark(out_dir, Path(args.data_dir), load_runs=args.load_runs)
    print("benchmark:", json.dumps(bench), flush=True)

    n_train_tokens = sum(len(s.words) for s in train_sents)
    summary: dict[str, Any] = {
        "name": args.name,
        "config": str(Path(args.config).resolve().relative_to(REPO_ROOT)),
        "overrides": overrides,
        "train_on": args.train_on,
        "train_sentences": len(train_sents),
        "train_tokens": n_train_tokens,
        "heldout_sentences": len(heldout_sents),
        "lemma_table": table_stats,
        "lemma_ruler_patterns": len(patterns),
        "ruler_fixes": len(fixes),
        "lexicon_vectors": vector_stats,
        "training": log,
        "heldout": scores,
        "benchmark": bench,
        "command": " ".join(["training/train_model.py", *sys.argv[1:]]),
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"{args.name}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    if args.ship:
        ship(out_dir, summary)
    return summary


def ship(model_dir: Path, summary: dict[str, Any]) -> None:
    """Copy the pipeline into the package and write scores.json."""
    keep = {"LICENSE", "MODEL_CARD.md"}
    SHIP_DIR.mkdir(parents=True, exist_ok=True)
    for child in SHIP_DIR.iterdir():
        if child.name in keep:
            continue
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in model_dir.iterdir():
        target = SHIP_DIR / child.name
        if child.is_dir():
            shutil.copytree(child, target)
        else:
            shutil.copy2(child, target)
    held = summary["heldout"]
    bench = summary["benchmark"]
    scores = {
        "pos_acc": held.get("pos_acc"),
        "morph_acc": held.get("morph_acc"),
        "voice_acc": held.get("voice_acc"),
        "verbform_acc": held.get("verbform_acc"),
        "lemma_acc": held.get("lemma_acc"),
        "tokens_per_second": bench["tokens_per_second"],
        "load_seconds": bench["load_seconds"],
        "heldout_tokens": held.get("tokens"),
        "trained_on": (
            f"UD Danish-DDT 2.11 dev+test, splits {summary['train_on']} "
            f"({summary['train_sentences']} sentences, {summary['train_tokens']} tokens); "
            f"held-out: last {ddt_data.HELDOUT_TAIL} sentences of each file "
            f"({summary['heldout_sentences']} sentences)"
        ),
        "size_mb": bench["size_mb"],
        "lemma_acc_lowercase": held.get("lemma_acc_lowercase"),
        "voice_pass_precision": held.get("voice_pass_precision"),
        "voice_pass_recall": held.get("voice_pass_recall"),
        "model_version": MODEL_VERSION,
    }
    (SHIP_DIR / "scores.json").write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n")
    print(f"shipped to {SHIP_DIR}")


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ddt_data.DEFAULT_DATA_DIR), help="folder with the DDT .conllu files")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="spaCy config for tok2vec+morphologizer")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="config override (JSON value)")
    parser.add_argument("--name", default="run", help="run name (output/<name>, results/<name>.json)")
    parser.add_argument("--out-dir", default=str(DEFAULT_OUT), help="where trained pipelines are written")
    parser.add_argument(
        "--train-on",
        choices=["train", "train+tune", "all"],
        default="train",
        help="splits to train on; 'train' picks the epoch on tune, the others need --epochs",
    )
    parser.add_argument("--epochs", type=int, default=None, help="train exactly this many epochs")
    parser.add_argument(
        "--final",
        action="store_true",
        help="shortcut: --train-on train+tune --epochs <best epoch of results/<name>-split.json>",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lemma-table", choices=["full", "noident", "pruned"], default="pruned")
    parser.add_argument("--lemma-max-entries", type=int, default=DEFAULT_LEMMA_MAX_ENTRIES)
    parser.add_argument(
        "--no-lemma-rules", dest="lemma_rules", action="store_false", help="no POS-dependent lemma rules"
    )
    parser.add_argument("--lexicon-vectors", action="store_true", help="add lexicon-class static vectors")
    parser.add_argument("--lexicon-max-keys", type=int, default=0, help="keep only the N best-ranked forms (0: all)")
    parser.add_argument("--lexicon-top-k", type=int, default=64, help="relations with their own dimension")
    parser.add_argument(
        "--ruler-fixes",
        action="store_true",
        help="attribute_ruler fixes learned from train: AUX before a participle/infinitive, "
        "sentence-initial definite nouns tagged PROPN",
    )
    parser.add_argument(
        "--morph-fixes",
        nargs="?",
        const=str(MORPH_FIXES_FILE),
        default=None,
        metavar="JSON",
        help="add the context rules learned by learn_morph_fixes.py (default file: training/morph_fixes.json)",
    )
    parser.add_argument(
        "--initial-noun-forms",
        type=int,
        default=60_000,
        help="best-ranked lemma-table forms searched for definite nouns (0: all)",
    )
    parser.add_argument("--load-runs", type=int, default=5, help="fresh processes for the load-time measurement")
    parser.add_argument("--ship", action="store_true", help="copy the result to brevtjek/models/da_brevtjek")
    parser.add_argument(
        "--extract-domain-lemmas",
        metavar="MARKDOWN",
        help="only write training/domain_lemmas.txt from this text (e.g. ../shared/reference/domain.md)",
    )
    args = parser.parse_args(argv)
    if args.extract_domain_lemmas:
        text = Path(args.extract_domain_lemmas).read_text(encoding="utf8")
        lemmas = extract_domain_lemmas(text, load_full_lemma_table())
        DOMAIN_LEMMAS.write_text("\n".join(lemmas) + "\n", encoding="utf8")
        print(f"wrote {len(lemmas)} lemmas to {DOMAIN_LEMMAS}")
        return
    if args.final:
        split_result = RESULTS_DIR / f"{args.name}-split.json"
        if args.epochs is None:
            if not split_result.is_file():
                raise SystemExit(f"--final needs {split_result} (run with --name {args.name}-split first) or --epochs")
            args.epochs = json.loads(split_result.read_text())["training"]["best_epoch"]
        args.train_on = "train+tune"
    if not ddt_data.data_available(Path(args.data_dir)):
        raise SystemExit(f"DDT data not found in {args.data_dir}")
    run(args)


if __name__ == "__main__":
    main()
