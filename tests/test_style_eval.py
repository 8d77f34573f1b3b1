"""The passive detector measured on the labelled sentence set (corpora/passiv).

The targets of issue 3: construction-level precision >= 0.90 and recall >= 0.85 with the
bundled model. The blank pipeline (no morphology) is measured too, with a lower floor, so
the rule-based fallback cannot silently fall apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brevtjek.errors import BrevtjekError
from brevtjek.nlp.style_eval import (
    DEFAULT_SET,
    LabelledSentence,
    Scores,
    SentenceResult,
    evaluate,
    format_errors,
    gold_indices,
    load_labelled,
    main,
)

PRECISION_TARGET = 0.90
RECALL_TARGET = 0.85


@pytest.fixture(scope="module")
def labelled() -> list[LabelledSentence]:
    return load_labelled()


@pytest.fixture(scope="module")
def bundled():
    from brevtjek.nlp.pipeline import bundled_model_available, load_pipeline

    if not bundled_model_available():
        pytest.skip("the bundled model brevtjek/models/da_brevtjek is not installed")
    pipeline, _ = load_pipeline("bundled")
    return pipeline


@pytest.fixture(scope="module")
def blank():
    from brevtjek.nlp.pipeline import load_pipeline

    pipeline, _ = load_pipeline("blank")
    return pipeline


def test_labelled_set_is_large_and_balanced(labelled):
    assert len(labelled) >= 150
    with_passive = [s for s in labelled if s.passive]
    assert len(with_passive) >= 60
    assert len(labelled) - len(with_passive) >= 60  # traps: deponents, genitives, være-perfects
    assert len({s.text for s in labelled}) == len(labelled), "duplicate sentences"


def test_every_label_is_a_token_of_its_sentence(labelled, blank):
    for sentence in labelled:
        tokens = [token.text for token in blank(sentence.text)]
        assert len(gold_indices(tokens, sentence.passive, sentence.text)) == len(sentence.passive)


def test_bundled_model_meets_the_targets(bundled, labelled):
    scores = evaluate(bundled, labelled)
    assert scores.precision >= PRECISION_TARGET, format_errors(scores)
    assert scores.recall >= RECALL_TARGET, format_errors(scores)
    assert scores.sentence_accuracy >= 0.9, format_errors(scores)


def test_blank_pipeline_floor(blank, labelled):
    scores = evaluate(blank, labelled)
    assert scores.precision >= PRECISION_TARGET, format_errors(scores)
    assert scores.recall >= 0.80, format_errors(scores)


def test_scores_arithmetic():
    results = [
        SentenceResult("a", gold=(1, 4), predicted=(1,), tokens=("x",) * 5),
        SentenceResult("b", gold=(), predicted=(2,), tokens=("x",) * 3),
        SentenceResult("c", gold=(), predicted=(), tokens=("x",)),
    ]
    scores = Scores(results)
    assert (scores.gold, scores.predicted, scores.true_positives) == (2, 2, 1)
    assert scores.precision == 0.5 and scores.recall == 0.5 and scores.f1 == 0.5
    assert scores.sentence_accuracy == pytest.approx(2 / 3)  # "b" says passive wrongly
    assert scores.sentence_exact == pytest.approx(1 / 3)


def test_gold_indices_follow_the_order_of_repeated_words():
    tokens = ["Klagen", "sendes", ",", "og", "svaret", "sendes", "."]
    assert gold_indices(tokens, ["sendes", "sendes"], "…") == (1, 5)
    with pytest.raises(BrevtjekError, match="ikke et ord"):
        gold_indices(tokens, ["afslås"], "…")


def test_command_prints_the_figures(capsys, tmp_path: Path):
    small = tmp_path / "saet.yaml"
    small.write_text(
        'sentences:\n  - {text: "Sagen behandles.", passive: [behandles]}\n'
        '  - {text: "Vi ses i morgen.", passive: []}\n',
        encoding="utf-8",
    )
    assert main(["--model", "blank", "--set", str(small), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "Præcision: 1.000" in out and "Genkaldelse: 1.000" in out
    assert "Sætninger: 2" in out


def test_command_reports_errors_in_danish(capsys, tmp_path: Path):
    broken = tmp_path / "forkert.yaml"
    broken.write_text('sentences:\n  - {text: "Sagen behandles.", passive: [afslås]}\n',
                      encoding="utf-8")
    assert main(["--model", "blank", "--set", str(broken)]) == 2
    assert "afslås" in capsys.readouterr().err
    assert main(["--model", "blank", "--set", str(tmp_path / "findes-ikke.yaml")]) == 2
    assert main(["--model", "findes_ikke_model"]) == 2
    assert "ikke installeret" in capsys.readouterr().err


def test_default_set_is_the_corpus_file():
    assert DEFAULT_SET.name == "saetninger.yaml" and DEFAULT_SET.parent.name == "passiv"
