"""Measure the passive detector of :mod:`brevtjek.nlp.style` on the labelled sentence set.

``corpora/passiv/saetninger.yaml`` labels each invented letter sentence with the verb
tokens that carry a passive (the -s form, or the participle after *blive*/*være*; see
``corpora/passiv/README.md``). A predicted construction is the range
:func:`~brevtjek.nlp.style.passive_constructions` returns; its *verb token* is the range's
last token (the s-form alone, or the participle that closes "er blevet behandlet"). It is
correct when that token is a labelled one, so the figures do not depend on how far back a
periphrastic range starts.

Printed figures:

* construction-level precision, recall and F1 (true positives are predicted verb tokens
  that are labelled);
* sentence-level accuracy: the share of sentences where "has a passive" is predicted
  correctly — what the ``laesbarhed.passiv`` rule acts on, since it flags whole sentences —
  plus the stricter share where the predicted verb tokens equal the labelled ones.

Run ``python -m brevtjek.nlp.style_eval [--model bundled|blank|NAME|PATH] [--errors]``.
The labels are matched to tokens by text, left to right, so a label that is not a token of
its sentence is a labelling error and stops the evaluation with a message.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brevtjek.errors import BrevtjekError
from brevtjek.nlp.style import passive_constructions

DEFAULT_SET = Path(__file__).resolve().parents[2] / "corpora" / "passiv" / "saetninger.yaml"
"""The labelled set in the source tree (it is not part of the installed package)."""


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    passive: tuple[str, ...]


@dataclass(frozen=True)
class SentenceResult:
    text: str
    gold: tuple[int, ...]
    """Token indices of the labelled passive verbs."""
    predicted: tuple[int, ...]
    """Token indices of the predicted constructions' verb tokens."""
    tokens: tuple[str, ...]

    @property
    def true_positives(self) -> int:
        return len(set(self.gold) & set(self.predicted))

    def words(self, indices: Iterable[int]) -> list[str]:
        return [self.tokens[index] for index in indices]


@dataclass
class Scores:
    """Construction- and sentence-level figures over a list of sentence results."""

    results: list[SentenceResult] = field(default_factory=list)

    @property
    def gold(self) -> int:
        return sum(len(result.gold) for result in self.results)

    @property
    def predicted(self) -> int:
        return sum(len(result.predicted) for result in self.results)

    @property
    def true_positives(self) -> int:
        return sum(result.true_positives for result in self.results)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def sentence_accuracy(self) -> float:
        """Share of sentences whose "contains a passive" verdict is right."""
        right = sum(bool(r.gold) == bool(r.predicted) for r in self.results)
        return right / len(self.results) if self.results else 1.0

    @property
    def sentence_exact(self) -> float:
        """Share of sentences whose predicted verb tokens are exactly the labelled ones."""
        right = sum(set(r.gold) == set(r.predicted) for r in self.results)
        return right / len(self.results) if self.results else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "sentences": len(self.results),
            "gold": self.gold,
            "predicted": self.predicted,
            "true_positives": self.true_positives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "sentence_accuracy": round(self.sentence_accuracy, 4),
            "sentence_exact": round(self.sentence_exact, 4),
        }


def load_labelled(path: Path = DEFAULT_SET) -> list[LabelledSentence]:
    """Read the labelled set; a malformed file is a :class:`BrevtjekError` in Danish."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BrevtjekError(f"Kan ikke læse testsættet {path}: {error.strerror}.") from error
    entries = data.get("sentences") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BrevtjekError(f"{path}: filen skal have en liste 'sentences'.")
    sentences: list[LabelledSentence] = []
    for number, entry in enumerate(entries, start=1):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("text"), str)
            or not isinstance(entry.get("passive", []), list)
        ):
            raise BrevtjekError(
                f"{path}: sætning nr. {number} skal have 'text' (tekst) og 'passive' (liste)."
            )
        labels = tuple(str(label) for label in entry.get("passive") or [])
        sentences.append(LabelledSentence(text=entry["text"], passive=labels))
    return sentences


def gold_indices(tokens: Sequence[str], labels: Sequence[str], text: str) -> tuple[int, ...]:
    """Token indices of ``labels``, matched left to right by (case-blind) text."""
    indices: list[int] = []
    position = 0
    for label in labels:
        wanted = label.lower()
        while position < len(tokens) and tokens[position].lower() != wanted:
            position += 1
        if position == len(tokens):
            raise BrevtjekError(f"Mærket «{label}» er ikke et ord i sætningen «{text}».")
        indices.append(position)
        position += 1
    return tuple(indices)


def evaluate_sentence(nlp: Any, sentence: LabelledSentence) -> SentenceResult:
    doc = nlp(sentence.text)
    tokens = tuple(token.text for token in doc)
    predicted = tuple(end - 1 for _, end in passive_constructions(doc[:]))
    return SentenceResult(
        text=sentence.text,
        gold=gold_indices(tokens, sentence.passive, sentence.text),
        predicted=predicted,
        tokens=tokens,
    )


def evaluate(nlp: Any, sentences: Iterable[LabelledSentence]) -> Scores:
    return Scores([evaluate_sentence(nlp, sentence) for sentence in sentences])


def format_scores(model_name: str, scores: Scores) -> str:
    figures = scores.as_dict()
    return "\n".join(
        [
            f"Model: {model_name}",
            f"Sætninger: {figures['sentences']}, mærkede passiver: {figures['gold']}, "
            f"fundne: {figures['predicted']}, rigtige: {figures['true_positives']}",
            f"Præcision: {scores.precision:.3f}  Genkaldelse: {scores.recall:.3f}  "
            f"F1: {scores.f1:.3f}",
            f"Sætningsniveau (har passiv ja/nej): {scores.sentence_accuracy:.3f}  "
            f"præcis samme passiver: {scores.sentence_exact:.3f}",
        ]
    )


def format_errors(scores: Scores) -> str:
    lines: list[str] = []
    for result in scores.results:
        missed = sorted(set(result.gold) - set(result.predicted))
        spurious = sorted(set(result.predicted) - set(result.gold))
        if missed or spurious:
            parts = []
            if missed:
                parts.append("overset: " + ", ".join(result.words(missed)))
            if spurious:
                parts.append("fejlagtigt: " + ", ".join(result.words(spurious)))
            lines.append(f"- {result.text}  [{'; '.join(parts)}]")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m brevtjek.nlp.style_eval",
        description="Mål passivfinderen på det mærkede sætningssæt (præcision, genkaldelse, F1).",
    )
    parser.add_argument(
        "--model", default="bundled",
        help="bundled (standard), blank, et installeret pakkenavn eller en mappe",
    )
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="det mærkede sæt (YAML)")
    parser.add_argument("--errors", action="store_true", help="vis de sætninger, der går galt")
    arguments = parser.parse_args(argv)
    from brevtjek.nlp.pipeline import load_pipeline

    try:
        nlp, info = load_pipeline(arguments.model)
        scores = evaluate(nlp, load_labelled(arguments.set))
    except BrevtjekError as error:
        print(f"Fejl: {error.message}", file=sys.stderr)
        return 2
    print(format_scores(info.name, scores))
    if arguments.errors:
        print(format_errors(scores))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
