"""Which Danish model brevtjek uses, and that the choice does not change the klarsprog verdict.

* Parity: a corpus letter checked with ``--model da_core_news_sm`` and with the bundled model
  gives the same set of klarsprog rule ids. It runs where ``da_core_news_sm`` is installed
  (it is not on PyPI: ``python -m spacy download da_core_news_sm`` needs the internet) and
  skips elsewhere. The same comparison against the blank pipeline runs everywhere.
* Model resolution: ``bundled``, ``blank``, a folder, a missing package (Danish message with
  an install hint, exit 2), a folder that is not a spaCy model (exit 2), ``brevtjek info``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brevtjek.cli import app
from brevtjek.errors import ModelNotFoundError
from brevtjek.nlp.pipeline import BUNDLED_MODEL_DIR, bundled_model_available, resolve_model

REPO = Path(__file__).resolve().parents[1]
LETTER = REPO / "corpora" / "letters" / "hjaelpemiddel-afslag-01.docx"
"""A refusal written in heavy officialese: nine different klarsprog rules fire on it."""

runner = CliRunner()

needs_bundled = pytest.mark.skipif(
    not bundled_model_available(), reason="the bundled model brevtjek/models/da_brevtjek is missing"
)


def klarsprog_rules(model: str) -> set[str]:
    result = runner.invoke(app, ["check", str(LETTER), "--model", model, "--format", "json",
                                 "-j", "1", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    (file_report,) = report["files"]
    assert file_report["status"] == "ok"
    return {f["rule"] for f in file_report["findings"] if f["rule"].startswith("klarsprog.")}


@pytest.fixture(scope="module")
def bundled_rules() -> set[str]:
    if not bundled_model_available():
        pytest.skip("the bundled model brevtjek/models/da_brevtjek is missing")
    return klarsprog_rules("bundled")


def test_same_klarsprog_rules_with_da_core_news_sm(bundled_rules):
    if importlib.util.find_spec("da_core_news_sm") is None:
        pytest.skip("da_core_news_sm is not installed (not on PyPI; "
                    "'python -m spacy download da_core_news_sm' needs the internet)")
    assert klarsprog_rules("da_core_news_sm") == bundled_rules


def test_same_klarsprog_rules_without_morphology(bundled_rules):
    assert len(bundled_rules) >= 5  # the letter is a real test of the pack
    assert klarsprog_rules("blank") == bundled_rules


# --- model resolution -------------------------------------------------------------------


@needs_bundled
def test_resolve_bundled_blank_and_folder():
    assert resolve_model("bundled") == ("bundled", str(BUNDLED_MODEL_DIR))
    assert resolve_model("blank") == ("blank", "da")
    assert resolve_model(str(BUNDLED_MODEL_DIR)) == ("path", str(BUNDLED_MODEL_DIR))


def test_resolve_missing_package_is_a_danish_error_with_install_hint():
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model("da_findes_ikke_sm")
    assert "ikke installeret" in caught.value.message
    assert "python -m spacy download da_findes_ikke_sm" in caught.value.message
    assert "--model bundled" in caught.value.message


def test_resolve_folder_without_config(tmp_path):
    with pytest.raises(ModelNotFoundError, match=r"config\.cfg"):
        resolve_model(str(tmp_path))


def test_check_with_missing_model_exits_2_in_danish():
    result = runner.invoke(app, ["check", str(LETTER), "--model", "da_findes_ikke_sm", "-j", "1"])
    assert result.exit_code == 2
    assert "Modellen 'da_findes_ikke_sm' er ikke installeret" in result.output
    assert "spacy download" in result.output
    assert "Intern fejl" not in result.output and "Traceback" not in result.output


def test_check_with_folder_that_is_not_a_model_exits_2(tmp_path):
    result = runner.invoke(app, ["check", str(LETTER), "--model", str(tmp_path), "-j", "1"])
    assert result.exit_code == 2
    assert "ikke en spaCy-model" in result.output and "config.cfg" in result.output


def test_info_with_missing_model_exits_2():
    result = runner.invoke(app, ["info", "--model", "da_findes_ikke_sm"])
    assert result.exit_code == 2
    assert "ikke installeret" in result.output


@needs_bundled
def test_info_shows_bundled_model_and_its_scores():
    scores = json.loads((BUNDLED_MODEL_DIR / "scores.json").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["info", "--model", "bundled"])
    assert result.exit_code == 0, result.output
    assert "da_brevtjek" in result.output and "bundled" in result.output
    assert "morphologizer" in result.output
    for key in ("pos_acc", "voice_acc", "verbform_acc", "tokens_per_second", "load_seconds"):
        assert f"{key}: {scores[key]}" in result.output


def test_info_with_blank_model_says_there_is_no_morphology():
    result = runner.invoke(app, ["info", "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert "blank:da" in result.output
    assert "Ingen ordklasser eller morfologi" in result.output


@needs_bundled
def test_default_model_is_the_preferred_one_where_installed():
    kind, target = resolve_model(None)
    if importlib.util.find_spec("da_core_news_sm") is not None:
        assert (kind, target) == ("package", "da_core_news_sm")
    else:
        assert (kind, target) == ("bundled", str(BUNDLED_MODEL_DIR))
