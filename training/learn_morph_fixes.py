"""Learn context rules that correct the tagger's POS/morphology, from the `train` split only.

Why: the tagger sees one word either side and was trained on 15k tokens, so it makes
systematic errors that a cheap context rule can undo (a finite verb after a modal that must
be an infinitive, ``den fortsatte nedgang`` with a past-tense verb where a participle
belongs, a verb form after a possessive that is really a noun). Writing such rules by hand
and checking them on the held-out split would be tuning on it; instead they are learned
transformation-based-learning style (Brill) from the tagger's *out-of-fold* predictions on
`train` (``jackknife.py``) against the gold tags, and only rules that are right much more
often than wrong there are kept.

A rule says: a token whose predicted tag (POS + full morphology) is ``A`` and whose context
matches becomes ``B``. Context templates (all cheap for spaCy's ``Matcher``):

* ``prev_word``/``next_word``: the neighbour's lowercase form;
* ``prev_pos``/``next_pos``: the neighbour's predicted POS;
* ``prev2_pos``: the predicted POS of the two previous tokens;
* ``window_word``: a word 1-4 tokens back with no clause break (punctuation, conjunction,
  verb) in between — modals and auxiliaries ("kan kampen vindes");
* ``word``: the token's own lowercase form (only words seen ``--min-word-count`` times).

Every rule is evaluated on the *original* predictions (the attribute_ruler matches all
patterns first and then applies them), so selection is greedy with exclusion: the best rule
claims its tokens, later rules are re-scored without them, and the patterns are emitted
so that earlier-selected rules take precedence. ``--folds-cv`` estimates how well the rule
set generalises by learning on three quarters of the jackknife predictions and applying
to the fourth (still all inside `train`), which is how the thresholds were chosen.

Usage (from the repository root, after ``jackknife.py``)::

    .venv/bin/python training/learn_morph_fixes.py --cv          # thresholds, CV on train
    .venv/bin/python training/learn_morph_fixes.py --write       # -> training/morph_fixes.json
"""

from __future__ import annotations

import argparse
import collections
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ddt_data

TRAINING_DIR = Path(__file__).resolve().parent
PREDICTIONS = TRAINING_DIR / "output" / "jackknife" / "predictions.json"
MORPH_FIXES = TRAINING_DIR / "morph_fixes.json"
CLAUSE_BREAKS = ("PUNCT", "SCONJ", "CCONJ", "VERB", "AUX")
WINDOW = 4

Tag = tuple[str, str]
"""(POS, morphology string with features sorted)."""


def norm_morph(feats: str) -> str:
    """Feature string in canonical (sorted) order, as spaCy prints it."""
    return "|".join(sorted(p for p in feats.split("|") if p)) if feats else ""


@dataclass
class Tok:
    """One training token: form, gold tag and the out-of-fold predicted tag."""

    lower: str
    gold: Tag
    pred: Tag


def load_tokens(sents: Sequence[ddt_data.Sentence], preds: Sequence[Sequence[Sequence[str]]]) -> list[list[Tok]]:
    """Pair gold sentences with their jackknife predictions."""
    out = []
    for sent, pred in zip(sents, preds, strict=True):
        out.append(
            [
                Tok(w.lower(), (u, norm_morph(f)), (p[0], norm_morph(p[1])))
                for w, u, f, p in zip(sent.words, sent.upos, sent.feats, pred, strict=True)
            ]
        )
    return out


WORD_CLASSES: dict[str, frozenset[str]] = {}
"""Named sets of forms usable in the ``window_class`` template (filled by ``word_classes``)."""

CLASS_LEMMAS = {
    "MODAL": ("kunne", "skulle", "ville", "måtte", "burde"),
    "PERFECT": ("have", "være", "blive"),
}
"""Lemma groups whose forms (as seen in the training sentences) form a word class: the
auxiliaries that take an infinitive and those that take a participle."""


def word_classes(sents: Sequence[ddt_data.Sentence]) -> dict[str, frozenset[str]]:
    """Lowercase forms of each :data:`CLASS_LEMMAS` group in the training sentences."""
    out: dict[str, set[str]] = collections.defaultdict(set)
    for sent in sents:
        for word, upos, lemma in zip(sent.words, sent.upos, sent.lemmas, strict=True):
            for name, lemmas in CLASS_LEMMAS.items():
                if lemma in lemmas and upos in ("AUX", "VERB"):
                    out[name].add(word.lower())
    return {name: frozenset(forms) for name, forms in out.items()}


def contexts(sent: list[Tok], i: int, word_counts: collections.Counter[str], min_word_count: int) -> Iterable[tuple]:
    """All template instances that hold for token ``i`` (the rule conditions it can match)."""
    prev = sent[i - 1] if i > 0 else Tok(".", ("PUNCT", ""), ("PUNCT", ""))
    yield ("prev_word", prev.lower)
    yield ("prev_pos", prev.pred[0])
    if i > 1:
        yield ("prev2_pos", sent[i - 2].pred[0], prev.pred[0])
    if i + 1 < len(sent):
        yield ("next_word", sent[i + 1].lower)
        yield ("next_pos", sent[i + 1].pred[0])
        yield ("prev_next_pos", prev.pred[0], sent[i + 1].pred[0])
    if i == 0:
        yield ("sent_start",)
    seen: set[object] = set()
    for j in range(i - 1, max(-1, i - 1 - WINDOW), -1):
        if sent[j].lower not in seen:
            seen.add(sent[j].lower)
            yield ("window_word", sent[j].lower)
            for name, forms in WORD_CLASSES.items():
                if sent[j].lower in forms and ("window_class", name) not in seen:
                    seen.add(("window_class", name))
                    yield ("window_class", name)
        if sent[j].pred[0] in CLAUSE_BREAKS:
            break
    if word_counts[sent[i].lower] >= min_word_count:
        yield ("word", sent[i].lower)


@dataclass
class Rule:
    """Predicted tag ``source`` in context ``context`` becomes ``target``."""

    context: tuple
    source: Tag
    target: Tag
    good: int = 0
    bad: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "context": list(self.context),
            "source": list(self.source),
            "target": list(self.target),
            "fixed": self.good,
            "broken": self.bad,
        }


def learn(
    data: list[list[Tok]], min_gain: int, min_precision: float, min_word_count: int, max_rules: int = 200
) -> list[Rule]:
    """Greedy rule selection on ``data`` (see the module docstring)."""
    word_counts = collections.Counter(t.lower for s in data for t in s)
    index: dict[tuple[tuple, Tag], list[tuple[int, int]]] = collections.defaultdict(list)
    for si, sent in enumerate(data):
        for i, tok in enumerate(sent):
            for ctx in contexts(sent, i, word_counts, min_word_count):
                index[(ctx, tok.pred)].append((si, i))
    claimed: set[tuple[int, int]] = set()
    rules: list[Rule] = []
    while len(rules) < max_rules:
        best: Rule | None = None
        best_gain = min_gain - 1
        for (ctx, source), positions in index.items():
            if len(positions) < min_gain:
                continue
            golds = collections.Counter(data[si][i].gold for si, i in positions if (si, i) not in claimed)
            if not golds:
                continue
            target, n_target = golds.most_common(1)[0]
            if target == source:
                continue
            n_source = golds[source]
            gain = n_target - n_source
            total = sum(golds.values())
            if gain > best_gain and n_target / total >= min_precision:
                best_gain = gain
                best = Rule(ctx, source, target, n_target, n_source)
        if best is None:
            break
        rules.append(best)
        claimed.update(p for p in index[(best.context, best.source)])
    return rules


def apply(rules: Sequence[Rule], data: list[list[Tok]], min_word_count: int) -> list[list[Tag]]:
    """Predicted tags after the rules (first matching rule wins, as in the ruler)."""
    word_counts: collections.Counter[str] = collections.Counter()
    by_key = {}
    for rule in reversed(rules):
        by_key[(rule.context, rule.source)] = rule.target
        if rule.context[0] == "word":
            word_counts[rule.context[1]] = min_word_count
    out = []
    for sent in data:
        tags = []
        for i, tok in enumerate(sent):
            new = tok.pred
            best_rank = len(rules)
            for ctx in contexts(sent, i, word_counts, min_word_count):
                for rank, rule in enumerate(rules):
                    if rank < best_rank and rule.context == ctx and rule.source == tok.pred:
                        new, best_rank = rule.target, rank
            tags.append(new)
        out.append(tags)
    return out


def score(data: list[list[Tok]], tags: list[list[Tag]]) -> dict[str, float]:
    """POS, full-tag, Voice and VerbForm accuracy with ddt_data's definitions."""
    c: collections.Counter[str] = collections.Counter()
    for sent, sent_tags in zip(data, tags, strict=True):
        for tok, tag in zip(sent, sent_tags, strict=True):
            c["n"] += 1
            c["pos"] += tag[0] == tok.gold[0]
            c["morph"] += tag[1] == tok.gold[1]
            g, p = ddt_data._feats_dict(tok.gold[1]), ddt_data._feats_dict(tag[1])
            for feat in ddt_data.FEATURES_OF_INTEREST:
                if feat in g or feat in p:
                    c[feat + "_n"] += 1
                    c[feat] += g.get(feat) == p.get(feat)
    out = {"pos": c["pos"] / c["n"], "morph": c["morph"] / c["n"]}
    for feat in ddt_data.FEATURES_OF_INTEREST:
        out[feat] = c[feat] / max(1, c[feat + "_n"])
    return {k: round(v * 100, 2) for k, v in out.items()}


def to_patterns(rules: Sequence[Rule]) -> list[dict[str, Any]]:
    """attribute_ruler patterns; later patterns win in spaCy, so the best rule goes last."""
    patterns = []
    for rule in reversed(rules):
        pos, morph = rule.source
        me = {"POS": pos, "MORPH": morph}
        kind = rule.context[0]
        index = 0
        if kind == "word":
            pattern = [{**me, "LOWER": rule.context[1]}]
        elif kind == "prev_word":
            pattern, index = [{"LOWER": rule.context[1]}, me], 1
        elif kind == "prev_pos":
            pattern, index = [{"POS": rule.context[1]}, me], 1
        elif kind == "prev2_pos":
            pattern, index = [{"POS": rule.context[1]}, {"POS": rule.context[2]}, me], 2
        elif kind == "next_word":
            pattern = [me, {"LOWER": rule.context[1]}]
        elif kind == "next_pos":
            pattern = [me, {"POS": rule.context[1]}]
        elif kind == "prev_next_pos":
            pattern, index = [{"POS": rule.context[1]}, me, {"POS": rule.context[2]}], 1
        elif kind == "sent_start":
            pattern = [{**me, "IS_SENT_START": True}]
        elif kind == "window_class":
            gap = {"POS": {"NOT_IN": list(CLAUSE_BREAKS)}, "OP": f"{{0,{WINDOW - 1}}}"}
            forms = sorted(WORD_CLASSES[rule.context[1]])
            pattern, index = [{"LOWER": {"IN": forms}}, gap, me], -1
        elif kind == "window_word":
            gap = {"POS": {"NOT_IN": list(CLAUSE_BREAKS)}, "OP": f"{{0,{WINDOW - 1}}}"}
            pattern, index = [{"LOWER": rule.context[1]}, gap, me], -1
        else:  # pragma: no cover - templates are fixed above
            raise ValueError(kind)
        patterns.append(
            {"patterns": [pattern], "attrs": {"POS": rule.target[0], "MORPH": rule.target[1]}, "index": index}
        )
    return patterns


def main(argv: list[str] | None = None) -> None:
    """Cross-validate the thresholds or write ``morph_fixes.json``."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ddt_data.DEFAULT_DATA_DIR))
    parser.add_argument("--min-gain", type=int, default=4, help="net tokens a rule must fix on train")
    parser.add_argument("--min-precision", type=float, default=0.7, help="share of matched tokens it gets right")
    parser.add_argument("--min-word-count", type=int, default=1000000, help="'word' template: form seen this often")
    parser.add_argument("--predictions", default=str(PREDICTIONS), help="jackknife.py output to learn from")
    parser.add_argument("--out", default=str(MORPH_FIXES), help="where --write puts the rules")
    parser.add_argument("--cv", action="store_true", help="4-fold CV of the rule learner inside train")
    parser.add_argument("--write", action="store_true", help=f"learn on all of train, write {MORPH_FIXES.name}")
    args = parser.parse_args(argv)

    sents = ddt_data.select(ddt_data.load_sentences(Path(args.data_dir)), "train")
    pred = json.loads(Path(args.predictions).read_text())
    assert pred["sent_ids"] == [s.sent_id for s in sents], "predictions do not match the train split"
    data = load_tokens(sents, pred["predictions"])
    WORD_CLASSES.update(word_classes(sents))
    base = score(data, [[t.pred for t in s] for s in data])
    print("jackknife predictions on train:", base)
    if args.cv:
        k = 4
        bounds = [round(i * len(data) / k) for i in range(k + 1)]
        before, after = [], []
        for f in range(k):
            test = data[bounds[f] : bounds[f + 1]]
            learn_on = data[: bounds[f]] + data[bounds[f + 1] :]
            rules = learn(learn_on, args.min_gain, args.min_precision, args.min_word_count)
            before.append(score(test, [[t.pred for t in s] for s in test]))
            after.append(score(test, apply(rules, test, args.min_word_count)))
            print(f"fold {f}: {len(rules)} rules", before[-1], "->", after[-1])
        mean = {key: round(sum(a[key] - b[key] for a, b in zip(after, before, strict=True)) / k, 2) for key in base}
        print("mean change (points):", mean)
    rules = learn(data, args.min_gain, args.min_precision, args.min_word_count)
    for rule in rules:
        print(f"+{rule.good - rule.bad:3d} ({rule.good}/{rule.bad})  {rule.context}  {rule.source} -> {rule.target}")
    if args.write:
        Path(args.out).write_text(
            json.dumps(
                {
                    "learned_by": "training/learn_morph_fixes.py " + " ".join(argv or __import__("sys").argv[1:]),
                    "rules": [r.as_json() for r in rules],
                    "patterns": to_patterns(rules),
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
        print(f"wrote {len(rules)} rules to {args.out}")


if __name__ == "__main__":
    main()
