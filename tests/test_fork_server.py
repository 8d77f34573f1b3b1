"""The batch's fork server starts early, with the pipeline the batch will use."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from brevtjek.fork_server import early_model
from brevtjek.nlp.pipeline import DEFAULT_MODEL, bundled_model_available, load_pipeline, resolve_model


def test_the_command_line_model_is_known_at_once(tmp_path: Path) -> None:
    config = tmp_path / "brevtjek.yaml"
    config.write_text("model: blank\n", "utf-8")
    assert early_model("bundled", config) == (True, "bundled")  # --model wins over the file


def test_without_a_configuration_the_default_model_is_used() -> None:
    assert early_model(None, None) == (True, DEFAULT_MODEL)


def test_a_configuration_that_never_says_model_keeps_the_default(tmp_path: Path) -> None:
    config = tmp_path / "brevtjek.yaml"
    config.write_text("packs: [klarsprog]\nfail_on: warning\n", "utf-8")
    assert early_model(None, config) == (True, DEFAULT_MODEL)


@pytest.mark.parametrize("text", ["model: blank\n", "# model: blank\npacks: [klarsprog]\n",
                                  '[tool.brevtjek]\nmodel = "blank"\n'])
def test_a_configuration_that_may_name_a_model_is_left_to_the_pool(tmp_path: Path, text: str) -> None:
    """Not parsed twice: the server then starts with the pool, after the real config load."""
    config = tmp_path / "brevtjek.yaml"
    config.write_text(text, "utf-8")
    assert early_model(None, config) == (False, None)


def test_an_unreadable_configuration_is_left_to_the_pool(tmp_path: Path) -> None:
    assert early_model(None, tmp_path / "mangler.yaml") == (False, None)


def test_spellings_of_one_pipeline_share_one_load() -> None:
    """The server may load the default as "auto" while a worker asks for None (or
    "bundled" where that is the default): the worker must find it loaded."""
    assert load_pipeline(None)[0] is load_pipeline(DEFAULT_MODEL)[0]
    if bundled_model_available() and resolve_model(DEFAULT_MODEL)[0] == "bundled":
        assert load_pipeline("bundled")[0] is load_pipeline(None)[0]
    assert load_pipeline("blank")[0] is not load_pipeline(None)[0]


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                    reason="no fork server on this platform (workers are spawned)")
def test_start_early_starts_the_server_that_the_pool_then_uses(tmp_path: Path) -> None:
    """In a fresh interpreter: after start_early the server runs (with the model in its
    environment), and a batch's pool reuses it instead of starting another."""
    code = (
        "import json, os\n"
        "from pathlib import Path\n"
        "from multiprocessing import forkserver\n"
        "from brevtjek.fork_server import start_early\n"
        "def children():\n"
        "    found = []\n"
        "    for task in os.listdir('/proc/self/task'):\n"
        "        found += open(f'/proc/self/task/{task}/children').read().split()\n"
        "    return found\n"
        "if __name__ == '__main__':\n"
        "    start_early(None, None, Path('.'))\n"
        "    server = forkserver._forkserver._forkserver_pid\n"
        "    early = str(server) in children()\n"
        "    from brevtjek.batch import run_batch\n"
        "    from brevtjek.checker import Checker\n"
        "    from brevtjek.config import load_config\n"
        "    Path('a.txt').write_text('Du får en rollator.\\n', 'utf-8')\n"
        "    Path('b.txt').write_text('Du får ikke en rollator.\\n', 'utf-8')\n"
        "    report = run_batch(Checker(load_config(None)), ['a.txt', 'b.txt'], jobs=1)\n"
        "    print(json.dumps({'early': early, 'same': forkserver._forkserver._forkserver_pid == server,\n"
        "                      'status': [file.status for file in report.files]}))\n"
    )
    script = tmp_path / "early.py"
    script.write_text(code, "utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"early": True, "same": True, "status": ["ok", "ok"]}


def test_a_missing_model_starts_no_server(tmp_path: Path) -> None:
    """The checker reports the missing model (exit 2); no server loads spaCy for nothing."""
    code = (
        "from pathlib import Path\n"
        "from multiprocessing import forkserver\n"
        "from brevtjek.fork_server import start_early\n"
        "start_early('da_findes_ikke_sm', None, Path('.'))\n"
        "print(forkserver._forkserver._forkserver_pid)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "None"
