"""The forvaltningsret and klarsprog findings on the gold corpus, checked place by place.

Every spec in corpora/src lists the findings a legal reviewer expects under
``expected.findings`` as ``{rule, text}`` labels (corpora/README.md, "Findings labels"). Here
each letter runs once through the real pipeline and its findings of those two packs are
compared with the labels:

* a label with ``text: null`` (something the letter lacks) is met by any finding of its rule;
* a label with a text is met by a finding of its rule that overlaps an occurrence of the text
  starting at a word boundary (so one label covers every occurrence of its text);
* every finding of the two packs must meet a label.

Where brevtjek and the labels disagree and the labels are right, the disagreement is declared
in KNOWN_DISAGREEMENTS with the reason. Any other disagreement fails, and so does a declared one
that has gone away (remove it from the list once brevtjek is fixed). laesbarhed is not labelled:
its findings depend on the statistical model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).resolve().parents[1] / "corpora"
PACKS = ("forvaltningsret.", "klarsprog.")
MIN_EXACT_LETTERS = 10

# (letter, "missing" | "unexpected", rule, text) -> why brevtjek is wrong here.
# "missing": a label no finding meets (text is the label's text, or None);
# "unexpected": a finding no label meets (text is the flagged text).
KNOWN_DISAGREEMENTS: dict[tuple[str, str, str, str | None], str] = {
    ("hjaelpemiddel-uklar-01", "missing", "forvaltningsret.afgoerelse-foerst",
     "Sagen er herefter overgivet til Hjælpemiddeldepotet"):
        "the letter's presented result comes after two paragraphs, but the decision_block "
        "extractor finds no decision sentence in this unclear letter, so the rule has nothing "
        "to place (it does fire on beskaeftigelse-uklar-01, where the block is found)",
    ("merudgifter-voksen-uklar-01", "missing", "forvaltningsret.afgoerelse-foerst",
     "Kommunen har på baggrund heraf foretaget en vurdering"):
        "the presented result comes after two paragraphs and a table, but decision_block "
        "finds no decision sentence in this unclear letter, so the rule cannot fire",
    ("merudgifter-barn-ophoer-01", "missing", "forvaltningsret.paragraf-uden-lov", "BL § 86"):
        "'BL' is an ambiguous abbreviation in the law registry and the letter never writes "
        "'barnets lov'; the citation resolves it (as a weak mention) and the check only fires "
        "when the law is None, so the parent is left with an abbreviation he cannot look up",
}


@dataclass(frozen=True)
class Label:
    rule: str
    text: str | None


def load_labels() -> dict[str, list[Label]]:
    """``expected.findings`` of every spec; an empty list means no finding is expected."""
    labels = {}
    for path in sorted((CORPUS / "src").glob("*.yaml")):
        expected = yaml.safe_load(path.read_text(encoding="utf-8"))["expected"]
        labels[path.stem] = [Label(item["rule"], item["text"]) for item in expected["findings"]]
    return labels


def occurrences(text: str, blocks: list[str]) -> list[tuple[int, int, int]]:
    """(block, start, end) of every occurrence of ``text`` that starts at a word boundary.

    The word-boundary start keeps a short label such as «yde» from covering «betydelig».
    """
    places = []
    for index, block in enumerate(blocks):
        start = block.find(text)
        while start >= 0:
            if start == 0 or not block[start - 1].isalnum():
                places.append((index, start, start + len(text)))
            start = block.find(text, start + 1)
    return places


def meets(label: Label, finding: Any, places: list[tuple[int, int, int]]) -> bool:
    if finding.rule != label.rule:
        return False
    if label.text is None:
        return True
    where = finding.location
    return any(block == where.block and start < where.end and where.start < end
               for block, start, end in places)


def disagreements(labels: list[Label], findings: list[Any],
                  blocks: list[str]) -> set[tuple[str, str, str | None]]:
    """("missing", rule, label text) and ("unexpected", rule, flagged text) for one letter."""
    ours = [f for f in findings if f.rule.startswith(PACKS)]
    places = {label: occurrences(label.text, blocks) for label in labels if label.text}
    found: set[tuple[str, str, str | None]] = set()
    for label in labels:
        if not any(meets(label, finding, places.get(label, [])) for finding in ours):
            found.add(("missing", label.rule, label.text))
    for finding in ours:
        if not any(meets(label, finding, places.get(label, [])) for label in labels):
            found.add(("unexpected", finding.rule, finding.text))
    return found


LABELS = load_labels() if (CORPUS / "src").is_dir() else {}


@pytest.fixture(scope="module")
def results() -> dict[str, set[tuple[str, str, str | None]]]:
    """Each letter checked once, with one Checker: its disagreements with the labels."""
    if not LABELS or not (CORPUS / "letters").is_dir():
        pytest.skip(f"the gold corpus is absent ({CORPUS})")
    from brevtjek.checker import Checker
    from brevtjek.document import load_document

    checker = Checker.from_options(near=CORPUS)
    found = {}
    for letter_id, labels in LABELS.items():
        document = load_document(CORPUS / "letters" / f"{letter_id}.docx")
        report = checker.check_document(document)
        assert report.error is None, f"{letter_id}: {report.error}"
        blocks = [block.text for block in document.blocks]
        found[letter_id] = disagreements(labels, report.findings, blocks)
    return found


def known_for(letter_id: str) -> set[tuple[str, str, str | None]]:
    return {key[1:] for key in KNOWN_DISAGREEMENTS if key[0] == letter_id}


@pytest.mark.parametrize("letter_id", sorted(LABELS))
def test_findings_match_the_labels(results, letter_id):
    actual, known = results[letter_id], known_for(letter_id)
    new = sorted(actual - known, key=str)
    gone = sorted(known - actual, key=str)
    assert not new, f"{letter_id}: new disagreements with the labels: {new}"
    assert not gone, (f"{letter_id}: declared disagreements no longer occur (brevtjek fixed? "
                      f"remove them from KNOWN_DISAGREEMENTS): {gone}")


def test_enough_letters_match_exactly(results):
    exact = sorted(letter for letter, found in results.items() if not found)
    assert len(exact) >= MIN_EXACT_LETTERS, exact


def test_known_disagreements_name_real_letters_and_give_reasons():
    for (letter_id, kind, rule, _text), reason in KNOWN_DISAGREEMENTS.items():
        assert letter_id in LABELS, letter_id
        assert kind in {"missing", "unexpected"}
        assert rule.startswith(PACKS)
        assert len(reason) > 20, (letter_id, rule)


def test_matching_semantics():
    """The comparison itself: null labels, overlap, word-boundary starts, unexpected findings."""

    @dataclass
    class Where:
        block: int
        start: int
        end: int

    @dataclass
    class Found:
        rule: str
        text: str
        location: Where

    blocks = ["Det er betydelig.", "Vi kan yde hjælp, og vi yder mere."]
    labels = [Label("klarsprog.oppustede-udsagnsord", "yde"),
              Label("forvaltningsret.begrundelse-mangler", None)]
    findings = [Found("klarsprog.oppustede-udsagnsord", "yde", Where(1, 7, 10)),
                Found("klarsprog.oppustede-udsagnsord", "yder", Where(1, 24, 28)),
                Found("forvaltningsret.begrundelse-mangler", "", Where(0, 0, 3)),
                Found("laesbarhed.lix", "", Where(0, 0, 3))]
    assert disagreements(labels, findings, blocks) == set()
    stray = Found("klarsprog.oppustede-udsagnsord", "yde", Where(0, 9, 12))  # inside «betydelig»
    assert disagreements(labels, [*findings, stray], blocks) == {
        ("unexpected", "klarsprog.oppustede-udsagnsord", "yde")}
    assert disagreements(labels, findings[1:], blocks) == set()  # «yder» still meets «yde»
    assert disagreements(labels, findings[:2], blocks) == {
        ("missing", "forvaltningsret.begrundelse-mangler", None)}
