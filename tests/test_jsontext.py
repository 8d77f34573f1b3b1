"""The fast JSON writer writes what the standard library would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brevtjek.checker import Checker
from brevtjek.config import load_config
from brevtjek.jsontext import pretty
from brevtjek.reporters.json_format import masked

LETTERS = sorted((Path(__file__).resolve().parents[1] / "corpora" / "letters").glob("*.docx"))


def test_report_text_is_the_standard_librarys() -> None:
    """A real batch report (facts, metrics, findings, Danish text) byte for byte."""
    report = Checker(load_config(None)).check_sources(LETTERS[:6])
    data = masked(report.to_dict())
    assert pretty(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("value", [
    {"æøå": "«citat» – §", "tal": [1, 2.5, 0.125, -3], "tom": [], "ingen": None, "sand": True},
    {"indlejret": {"liste": [{"a": {}}, []], "x": 1e22}},
    [],
    "tekst",
])
def test_values_brevtjek_writes(value: object) -> None:
    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_value_orjson_refuses_falls_back() -> None:
    """An integer beyond 64 bits: orjson refuses it, the standard library writes it."""
    value = {"stort": 2 ** 70}
    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
