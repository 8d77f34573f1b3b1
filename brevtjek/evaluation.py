"""``brevtjek eval``: measure the fact extractors and the rules against a labelled corpus.

A corpus is a folder with ``src/<id>.yaml`` specs carrying ``expected:`` labels and the
letters themselves as ``letters/<id>.docx`` (see corpora/README.md). Every letter runs
through the real pipeline — reader, NLP, facts, rules — exactly as ``brevtjek check`` runs
it, so the figures describe what a caseworker gets.

Figures:

* per fact: accuracy of letter_kind, outcome, decision_block (the predicted block contains
  the labelled ``decision_text``; letters without one are left out), reasoning_present, the
  four appeal-guidance fields and address_form;
* citations: precision and recall of (law, paragraph) pairs, counted as multisets per letter,
  so an unresolved law (None) is a miss;
* rules: per-rule precision and recall at letter level, when letters list expected
  ``findings`` (rule ids, or mappings with a ``rule`` key);
* the exemplary check: letters labelled exemplary must get no error-severity finding.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brevtjek.errors import BrevtjekError

FACT_FIELDS = ("letter_kind", "outcome", "decision_block", "reasoning_present",
               "appeal_guidance.present", "appeal_guidance.deadline", "appeal_guidance.body",
               "appeal_guidance.how", "address_form")
LETTER_SUFFIXES = (".docx", ".txt", ".md")


class CorpusError(BrevtjekError):
    code = "corpus"


@dataclass(frozen=True)
class CorpusLetter:
    id: str
    letter: Path
    expected: dict[str, Any]


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, letter_id: str, detail: str = "") -> None:
        self.total += 1
        if ok:
            self.correct += 1
        else:
            self.misses.append(f"{letter_id}{': ' + detail if detail else ''}")

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class PrecisionRecall:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Evaluation:
    letters: int = 0
    facts: dict[str, Accuracy] = field(default_factory=lambda: {name: Accuracy()
                                                                for name in FACT_FIELDS})
    citations: PrecisionRecall = field(default_factory=PrecisionRecall)
    rules: dict[str, PrecisionRecall] = field(default_factory=dict)
    labelled_findings: int = 0
    """How many letters list expected findings (per-rule figures need some)."""
    exemplary_letters: int = 0
    exemplary_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Letters that could not be read."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "letters": self.letters,
            "facts": {name: {"accuracy": round(acc.value, 4), "correct": acc.correct,
                             "total": acc.total, "misses": acc.misses}
                      for name, acc in self.facts.items()},
            "citations": {"precision": round(self.citations.precision, 4),
                          "recall": round(self.citations.recall, 4), "tp": self.citations.tp,
                          "fp": self.citations.fp, "fn": self.citations.fn,
                          "misses": self.citations.misses},
            "rules": {rule: {"precision": round(pr.precision, 4), "recall": round(pr.recall, 4),
                             "tp": pr.tp, "fp": pr.fp, "fn": pr.fn}
                      for rule, pr in sorted(self.rules.items())},
            "letters_with_expected_findings": self.labelled_findings,
            "exemplary": {"letters": self.exemplary_letters,
                          "error_findings": self.exemplary_errors,
                          "passed": not self.exemplary_errors},
            "failed": self.failed,
        }


# ---------------------------------------------------------------------------- corpus
def load_corpus(directory: Path) -> list[CorpusLetter]:
    """The labelled letters of a corpus folder (``src/*.yaml`` + ``letters/<id>.*``)."""
    src = directory / "src"
    letters = directory / "letters"
    if not src.is_dir() or not letters.is_dir():
        raise CorpusError(
            f"{directory} er ikke et korpus: mappen skal have undermapperne «src» (etiketter "
            "som YAML) og «letters» (brevene)."
        )
    corpus = []
    for spec_path in sorted(src.glob("*.yaml")):
        try:
            spec = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise CorpusError(f"{spec_path} kunne ikke læses: {error}") from error
        expected = spec.get("expected") if isinstance(spec, dict) else None
        if not isinstance(expected, dict):
            raise CorpusError(f"{spec_path} har ingen «expected:»-etiketter.")
        letter = next((letters / f"{spec_path.stem}{suffix}" for suffix in LETTER_SUFFIXES
                       if (letters / f"{spec_path.stem}{suffix}").is_file()), None)
        if letter is None:
            raise CorpusError(f"Brevet til {spec_path.name} mangler i {letters} "
                              "(kør python corpora/build_corpus.py).")
        corpus.append(CorpusLetter(spec_path.stem, letter, expected))
    if not corpus:
        raise CorpusError(f"{src} indeholder ingen etiketter (*.yaml).")
    return corpus


# ---------------------------------------------------------------------------- scoring
def _get(facts: dict[str, Any], dotted: str) -> Any:
    value: Any = facts
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _normalise(text: str) -> str:
    return " ".join(text.split())


def decision_block_ok(expected_text: str, block_texts: list[str], predicted: int | None) -> bool:
    """The predicted decision block contains the labelled decision sentence."""
    if predicted is None or not 0 <= predicted < len(block_texts):
        return False
    return _normalise(expected_text) in _normalise(block_texts[predicted])


def citation_pairs(citations: Iterable[dict[str, Any]]) -> Counter[tuple[Any, str]]:
    return Counter((c.get("law"), str(c.get("paragraph", "")).replace(" ", "")) for c in citations)


def expected_rules(findings: Any) -> set[str]:
    rules = set()
    for item in findings or []:
        if isinstance(item, str):
            rules.add(item)
        elif isinstance(item, dict) and item.get("rule"):
            rules.add(str(item["rule"]))
    return rules


def labelled_packs(letters: Iterable[CorpusLetter]) -> set[str]:
    """Packs the corpus labels at all: findings of other packs cannot be scored."""
    return {
        rule.split(".", 1)[0]
        for letter in letters
        for rule in expected_rules(letter.expected.get("findings"))
    }


def score_letter(evaluation: Evaluation, letter: CorpusLetter, predicted: dict[str, Any],
                 block_texts: list[str], findings: list[Any],
                 scored_packs: set[str] | None = None) -> None:
    expected = letter.expected.get("facts") or {}
    for name in FACT_FIELDS:
        if name == "decision_block":
            text = expected.get("decision_text")
            if not text:
                continue
            ok = decision_block_ok(text, block_texts, predicted.get("decision_block"))
            evaluation.facts[name].add(ok, letter.id, f"forventet «{text[:50]}»")
            continue
        want, got = _get(expected, name), _get(predicted, name)
        evaluation.facts[name].add(want == got, letter.id, f"forventet {want!r}, fik {got!r}")
    want_pairs = citation_pairs(expected.get("legal_citations") or [])
    got_pairs = citation_pairs(predicted.get("legal_citations") or [])
    tp = sum((want_pairs & got_pairs).values())
    evaluation.citations.tp += tp
    evaluation.citations.fp += sum((got_pairs - want_pairs).values())
    evaluation.citations.fn += sum((want_pairs - got_pairs).values())
    if want_pairs != got_pairs:
        evaluation.citations.misses.append(
            f"{letter.id}: mangler {sorted(map(str, (want_pairs - got_pairs).elements()))}, "
            f"for meget {sorted(map(str, (got_pairs - want_pairs).elements()))}")

    found_rules = {
        finding.rule for finding in findings
        if scored_packs is None or finding.rule.split(".", 1)[0] in scored_packs
    }
    wanted = letter.expected.get("findings")
    if wanted:
        evaluation.labelled_findings += 1
    wanted_rules = expected_rules(wanted)
    for rule in found_rules | wanted_rules:
        pr = evaluation.rules.setdefault(rule, PrecisionRecall())
        if rule in found_rules and rule in wanted_rules:
            pr.tp += 1
        elif rule in found_rules:
            pr.fp += 1
        else:
            pr.fn += 1
    if letter.expected.get("exemplary"):
        evaluation.exemplary_letters += 1
        for finding in findings:
            if finding.severity.value == "error":
                evaluation.exemplary_errors.append(f"{letter.id}: {finding.rule} «{finding.text}»")


def evaluate(directory: Path, checker: Any) -> Evaluation:
    """Run every letter of the corpus through ``checker`` and score it."""
    from brevtjek.document import load_document
    from brevtjek.errors import DocumentReadError

    evaluation = Evaluation()
    letters = load_corpus(directory)
    scored_packs = labelled_packs(letters)
    for letter in letters:
        evaluation.letters += 1
        try:
            document = load_document(letter.letter)
        except DocumentReadError as error:
            evaluation.failed.append(f"{letter.id}: {error.message}")
            continue
        report = checker.check_document(document)
        score_letter(evaluation, letter, report.facts, [b.text for b in document.blocks],
                     report.findings, scored_packs)
    return evaluation


# ---------------------------------------------------------------------------- output
_FACT_LABELS = {
    "letter_kind": "brevtype (letter_kind)",
    "outcome": "resultat (outcome)",
    "decision_block": "afgørelsens blok (decision_block)",
    "reasoning_present": "begrundelse (reasoning_present)",
    "appeal_guidance.present": "klagevejledning til stede",
    "appeal_guidance.deadline": "klagevejledning: frist",
    "appeal_guidance.body": "klagevejledning: klageinstans",
    "appeal_guidance.how": "klagevejledning: hvordan",
    "address_form": "tiltaleform (address_form)",
}


def format_text(evaluation: Evaluation, verbose: bool = False) -> str:
    lines = [f"Korpus: {evaluation.letters} breve", "", "Fakta (nøjagtighed):"]
    for name, acc in evaluation.facts.items():
        lines.append(f"  {_FACT_LABELS[name]:<38} {acc.value:6.3f}  ({acc.correct}/{acc.total})")
        if verbose:
            lines.extend(f"      – {miss}" for miss in acc.misses)
    cit = evaluation.citations
    lines += ["", "Lovhenvisninger, (lov, paragraf)-par:",
              f"  præcision {cit.precision:.3f}  genkaldelse {cit.recall:.3f}  "
              f"(rigtige {cit.tp}, for mange {cit.fp}, manglende {cit.fn})"]
    if verbose:
        lines.extend(f"      – {miss}" for miss in cit.misses)
    lines += ["", "Regler (præcision / genkaldelse pr. brev):"]
    if evaluation.labelled_findings == 0:
        lines.append("  Ingen breve har forventede fund (expected.findings er tomme) – "
                     "regeltal kan ikke beregnes endnu.")
    else:
        lines.append(f"  {evaluation.labelled_findings} breve har forventede fund.")
        for rule, pr in sorted(evaluation.rules.items()):
            lines.append(f"  {rule:<45} {pr.precision:6.3f} / {pr.recall:6.3f}  "
                         f"(rigtige {pr.tp}, for mange {pr.fp}, manglende {pr.fn})")
    status = "OK" if not evaluation.exemplary_errors else "FEJL"
    lines += ["", f"Nul fejl (error) på mønsterbreve: {status} "
                  f"({evaluation.exemplary_letters} mønsterbreve, "
                  f"{len(evaluation.exemplary_errors)} fejlfund)"]
    lines.extend(f"  – {item}" for item in evaluation.exemplary_errors)
    if evaluation.failed:
        lines += ["", "Breve, der ikke kunne læses:"] + [f"  – {item}" for item in evaluation.failed]
    return "\n".join(lines) + "\n"


def format_json(evaluation: Evaluation) -> str:
    return json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2) + "\n"
