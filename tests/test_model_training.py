"""Tests for the Danish spaCy pipeline shipped in brevtjek/models/da_brevtjek.

(a) The model loads with plain ``spacy.load`` (built-in factories only) and
    tags typical decision-letter sentences sensibly.
(b) Re-evaluating it on the fixed held-out split of UD Danish-DDT reproduces
    the numbers in ``scores.json`` (skipped when ../shared data is absent).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

spacy = pytest.importorskip("spacy")

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO_ROOT / "brevtjek" / "models" / "da_brevtjek"
DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "ud-danish-ddt"
SCORE_KEYS = (
    "pos_acc",
    "morph_acc",
    "voice_acc",
    "verbform_acc",
    "lemma_acc",
    "tokens_per_second",
    "load_seconds",
    "heldout_tokens",
    "trained_on",
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    return spacy.load(MODEL_DIR)


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MODEL_DIR / "scores.json").read_text(encoding="utf8"))
    return data


def _token(doc: Any, text: str) -> Any:
    matches = [t for t in doc if t.text == text]
    assert matches, f"{text!r} not in {[t.text for t in doc]}"
    return matches[0]


def test_model_files_present() -> None:
    for name in ("config.cfg", "meta.json", "LICENSE", "MODEL_CARD.md", "scores.json"):
        assert (MODEL_DIR / name).is_file(), name
    license_text = (MODEL_DIR / "LICENSE").read_text(encoding="utf8")
    assert "CC BY-SA 4.0" in license_text
    assert "Danish" in license_text and "DDT" in license_text


def test_pipeline_uses_builtin_factories(nlp: Any) -> None:
    assert nlp.lang == "da"
    assert nlp.meta["name"] == "brevtjek"
    assert nlp.pipe_names == ["tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"]
    factories = {nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    assert factories <= {"tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"}
    assert nlp.get_pipe("lemmatizer").mode == "lookup"


def test_passive_verb(nlp: Any) -> None:
    doc = nlp("Din ansøgning afslås.")
    afslaas = _token(doc, "afslås")
    assert afslaas.pos_ == "VERB"
    assert afslaas.morph.get("Voice") == ["Pass"]
    assert afslaas.lemma_ == "afslå"
    assert _token(doc, "ansøgning").pos_ == "NOUN"


def test_perfect_participle(nlp: Any) -> None:
    doc = nlp("Kommunen har bevilget en rollator.")
    bevilget = _token(doc, "bevilget")
    assert bevilget.pos_ == "VERB"
    assert bevilget.morph.get("VerbForm") == ["Part"]
    assert _token(doc, "har").pos_ == "AUX"
    assert _token(doc, "Kommunen").pos_ in {"NOUN", "PROPN"}
    assert _token(doc, "rollator").pos_ == "NOUN"


def test_genitive_noun_is_not_passive(nlp: Any) -> None:
    doc = nlp("Du kan klage over kommunens afgørelse.")
    kommunens = _token(doc, "kommunens")
    assert kommunens.pos_ == "NOUN"
    assert kommunens.morph.get("Voice") == []
    assert kommunens.lemma_ == "kommune"
    assert _token(doc, "klage").morph.get("VerbForm") == ["Inf"]


def test_scores_json(scores: dict[str, Any]) -> None:
    for key in SCORE_KEYS:
        assert key in scores, key
    for key in ("pos_acc", "morph_acc", "voice_acc", "verbform_acc", "lemma_acc"):
        assert 0.5 < scores[key] <= 1.0, key
    assert scores["heldout_tokens"] > 1000
    assert scores["tokens_per_second"] > 0 and scores["load_seconds"] > 0


def test_heldout_scores_reproduce(nlp: Any, scores: dict[str, Any]) -> None:
    if not all((DATA_DIR / name).is_file() for name in ("da_ddt-ud-dev.conllu", "da_ddt-ud-test.conllu")):
        pytest.skip(f"UD Danish-DDT data not found at {DATA_DIR} (../shared/data/ud-danish-ddt)")
    sys.path.insert(0, str(REPO_ROOT / "training"))
    try:
        import ddt_data
    finally:
        sys.path.remove(str(REPO_ROOT / "training"))
    heldout = ddt_data.select(ddt_data.load_sentences(DATA_DIR), "heldout")
    result = ddt_data.evaluate(nlp, heldout)
    assert result["tokens"] == scores["heldout_tokens"]
    for key in ("pos_acc", "morph_acc", "voice_acc", "verbform_acc", "lemma_acc"):
        assert abs(result[key] - scores[key]) <= 0.005, (key, result[key], scores[key])
