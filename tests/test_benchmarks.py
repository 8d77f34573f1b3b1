"""The benchmark suite works (structure, never timings: the machine is shared and noisy).

The full run (benchmarks/run.py) takes minutes; here it runs in its tiny mode, and its corpus
helpers are checked directly. Start-up cost is checked structurally: commands that never
analyse a letter must not import spaCy at all.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RUN = REPO / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("brevtjek_bench_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.mark.parametrize("command", [["--help"], ["rules", "list"], ["rules", "validate"]])
def test_commands_without_letters_do_not_import_spacy(command):
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "brevtjek", *command],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "brevtjek" in imported or command == ["--help"]
    assert not {name for name in imported if name.split(".")[0] in ("spacy", "thinc")}


def test_long_letter_is_split_into_pages_without_losing_text(bench):
    samples = bench.load_samples(REPO / "corpora" / "letters")
    blocks = bench.long_letter(samples, 4, seed=3)
    words = sum(len(bench.WORD.findall(block.text)) for block in blocks)
    assert words >= 4 * bench.WORDS_PER_PAGE
    pages = bench.split_pages(blocks)
    assert len(pages) >= 4
    assert [block.text for page in pages for block in page] == [block.text for block in blocks]
    assert all(page and [block.index for block in page] == list(range(len(page))) for page in pages)
    # reproducible: the same seed gives the same letter
    assert [block.text for block in bench.long_letter(samples, 4, seed=3)] == [b.text for b in blocks]


def test_big_jargon_pack_loads_with_the_requested_entries(bench, tmp_path):
    from brevtjek.config import load_config
    from brevtjek.rules.engine import packs_for

    shipped, big = bench.jargon_pack_copies(tmp_path, 300, seed=1)
    counts = {}
    for label, config in (("shipped", shipped), ("big", big)):
        packs = packs_for(load_config(config))
        jargon = [rule for rule in packs.rules if rule.spec.id == "klarsprog.forvaltningsjargon"]
        assert len(jargon) == 1
        counts[label] = len(jargon[0].spec.entries)
    assert counts["big"] == 300
    assert counts["shipped"] < counts["big"]


def test_tiny_run_writes_results_and_prints_the_table(tmp_path):
    output = tmp_path / "results.json"
    done = subprocess.run([sys.executable, str(RUN), "--tiny", "--output", str(output)],
                          capture_output=True, text=True, cwd=REPO, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    assert results["settings"]["sizes"] == [3, 6] and results["settings"]["peer"] is False
    assert set(results["batches"]) == {"3/j1", "6/j1", "6/j2", "6/j1/no-cache"}
    assert 0 <= results["nlp_floor"]["words_in_recurring_blocks"] < 1
    for key, batch in results["batches"].items():
        assert batch["letters"] == int(key.split("/")[0]) and batch["failed"] == 0
        assert batch["worker_peak_rss_mb"], key
    assert results["nlp_floor"]["words"] > 0 and results["nlp_floor"]["seconds"] > 0
    assert results["long_letter"]["page_letters"] >= 2
    assert results["vocabulary"]["entries"] == 200
    assert "peer" not in results
    names = [ratio["name"] for ratio in results["ratios"]]
    assert len(names) == 10 and len(set(names)) == 10
    for ratio in results["ratios"]:
        assert ratio["value"] > 0 and isinstance(ratio["meets"], bool)
        assert ratio["name"] in done.stdout
    assert len(results["machine"]["load_average_before"]) == 3
    assert results["cold"]["check_without_pack_cache_seconds"] > 0


def test_start_only_prints_the_start_up_figures_and_writes_nothing(tmp_path):
    done = subprocess.run([sys.executable, str(RUN), "--tiny", "--start-only"],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    for name in ("kold enkelttjek / gulv", "brevtjek --help (s)", "brevtjek rules list (s)"):
        assert name in done.stdout
    assert "batch" not in done.stdout and "Skrevet" not in done.stdout
