"""Cross-validated ("jackknife") tagger predictions on the `train` split.

Why: tagging fixes for the attribute_ruler should be learned from the errors the tagger
makes on text it has *not* seen. A tagger trained on `train` is nearly perfect on `train`
itself, and `tune` (1.8k tokens) is too small to learn rules from. So the `train`
sentences are cut into ``--folds`` contiguous blocks; for each block a tagger with the
shipped configuration is trained on the other blocks and tags the block. The result,
``output/jackknife/predictions.json`` (one list of ``[upos, feats]`` per sentence, in
`train` order), is the input of ``learn_morph_fixes.py``. Held-out and tune sentences are
never used.

Usage (from the repository root; ~2 minutes per fold on one core)::

    .venv/bin/python training/jackknife.py --folds 4 --epochs 8
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import ddt_data

ddt_data.set_single_thread_env()

import spacy  # noqa: E402
import train_model  # noqa: E402

JACKKNIFE_DIR = train_model.DEFAULT_OUT / "jackknife"
PREDICTIONS = JACKKNIFE_DIR / "predictions.json"


def folds_of(n: int, k: int) -> list[range]:
    """``k`` contiguous blocks covering ``range(n)`` (neighbouring sentences stay together)."""
    bounds = [round(i * n / k) for i in range(k + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(k)]


def pooled_scores(sents: list[ddt_data.Sentence], predictions: list[list[list[str]]]) -> dict[str, float]:
    """POS/morph/Voice/VerbForm accuracy over all out-of-fold predictions (ddt_data's definitions)."""
    counts: dict[str, list[int]] = {key: [0, 0] for key in ("pos", "morph", *ddt_data.FEATURES_OF_INTEREST)}
    for sent, pred in zip(sents, predictions, strict=True):
        for upos, feats, (p_pos, p_morph) in zip(sent.upos, sent.feats, pred, strict=True):
            gold, got = ddt_data._feats_dict(feats), ddt_data._feats_dict(p_morph)
            for key, ok in (("pos", p_pos == upos), ("morph", gold == got)):
                counts[key][0] += ok
                counts[key][1] += 1
            for feat in ddt_data.FEATURES_OF_INTEREST:
                if feat in gold or feat in got:
                    counts[feat][0] += gold.get(feat) == got.get(feat)
                    counts[feat][1] += 1
    return {key: round(100 * ok / max(1, n), 2) for key, (ok, n) in counts.items()}


def main(argv: list[str] | None = None) -> None:
    """Train one tagger per fold and write the out-of-fold predictions."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ddt_data.DEFAULT_DATA_DIR))
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=8, help="epochs per fold (the shipped model's)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="config override")
    parser.add_argument("--config", default=str(train_model.DEFAULT_CONFIG), help="spaCy config of the tagger")
    parser.add_argument("--lexicon-top-k", type=int, default=32)
    parser.add_argument("--lexicon-max-keys", type=int, default=350_000)
    parser.add_argument("--name", default="", help="compare a configuration: write predictions-<name>.json")
    args = parser.parse_args(argv)

    import lexicon_vectors

    sents = ddt_data.load_sentences(Path(args.data_dir))
    train = ddt_data.select(sents, "train")
    overrides = train_model.parse_overrides(
        args.set or ["training.dropout=0.2", "training.optimizer.use_averages=true"]
    )
    overrides["components.tok2vec.model.embed.include_static_vectors"] = True
    full = train_model.load_full_lemma_table()
    predictions: list[list[list[str]]] = [[] for _ in train]
    for k, block in enumerate(folds_of(len(train), args.folds)):
        fold_train = [s for i, s in enumerate(train) if i not in block]
        fold_test = [train[i] for i in block]
        corrected, _ = train_model.corrected_table(full, fold_train)
        ranked = train_model.rank_forms(corrected, fold_train, train_model.load_domain_lemmas())
        keep = {form.lower() for form in ranked[: args.lexicon_max_keys]} if args.lexicon_max_keys else None
        vectors, _ = lexicon_vectors.build_lexicon_vectors(
            corrected, spacy.blank("da").vocab, top_k=args.lexicon_top_k, keep_forms=keep
        )
        nlp, _ = train_model.train_tagger(
            Path(args.config), dict(overrides), fold_train, [], args.epochs, args.seed, vectors
        )
        docs = nlp.pipe(ddt_data.input_doc(nlp.vocab, s) for s in fold_test)
        for i, doc in zip(block, docs, strict=True):
            predictions[i] = [[t.pos_, str(t.morph)] for t in doc]
        scores = ddt_data.evaluate(nlp, fold_test)
        print(f"fold {k}: {len(fold_test)} sentences", json.dumps(scores), flush=True)
    pooled = pooled_scores(train, predictions)
    print("pooled out-of-fold scores on train:", json.dumps(pooled), flush=True)
    JACKKNIFE_DIR.mkdir(parents=True, exist_ok=True)
    target = PREDICTIONS if not args.name else JACKKNIFE_DIR / f"predictions-{args.name}.json"
    target.write_text(
        json.dumps(
            {
                "folds": args.folds,
                "epochs": args.epochs,
                "sent_ids": [s.sent_id for s in train],
                "predictions": predictions,
                "command": " ".join(["training/jackknife.py", *(argv if argv is not None else sys.argv[1:])]),
                "pooled": pooled,
            },
            ensure_ascii=False,
        )
    )
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
