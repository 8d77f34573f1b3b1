"""Per-letter time and memory budgets: a letter that runs too long or grows too big is that
letter's error (``timeout`` / ``memory``) and the batch goes on — also when the letter is
stuck where no signal reaches it, in which case the parent kills and replaces the worker.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

import pytest

from brevtjek.batch import check_one, run_batch
from brevtjek.budget import Budget, LetterTimeout, within_budget
from brevtjek.checker import Checker
from brevtjek.config import Config
from brevtjek.document import load_document
from tests import hostile
from tests.docx_factory import package

pytestmark = pytest.mark.skipif(sys.platform != "linux",
                                reason="SIGALRM, RLIMIT_AS and /proc are what the budgets use")


# Check functions run in worker processes (module level, so spawn can import them). The
# letter's name says how it misbehaves.

def misbehaving_check(checker, source):
    name = Path(str(source)).stem
    if name == "loop":  # pure Python: the soft timer interrupts it
        while True:
            pass
    if name == "stuck":  # deaf to the timer, as if stuck in C code: only a kill helps
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    if name == "hog":  # keeps allocating: the address-space limit stops it
        hoard = []
        while True:
            hoard.append(bytearray(50 * 1024 * 1024))
    return check_one(checker, source)


@pytest.fixture()
def letters(tmp_path) -> Path:
    hostile.pack_workspace(tmp_path)
    for name in ("a", "b", "c", "d", "loop", "stuck", "hog"):
        (tmp_path / f"{name}.txt").write_text(hostile.DANISH_LETTER, "utf-8")
    return tmp_path


def test_batch_survives_a_looping_a_stuck_and_a_hogging_letter(letters):
    checker = Checker.from_options(config=letters / "brevtjek.yaml")
    names = ["a", "loop", "b", "hog", "c", "stuck", "d"]
    budget = Budget(timeout=3, max_memory_mb=300, kill_grace=3, startup=120)
    started = time.monotonic()
    report = run_batch(checker, [str(letters / f"{name}.txt") for name in names], jobs=2,
                       check=misbehaving_check, budget=budget)
    elapsed = time.monotonic() - started
    outcome = {Path(file.path).stem: (file.status, file.error.code if file.error else None)
               for file in report.files}
    assert [Path(file.path).stem for file in report.files] == names  # order kept
    assert outcome == {
        "a": ("ok", None), "b": ("ok", None), "c": ("ok", None), "d": ("ok", None),
        "loop": ("error", "timeout"), "stuck": ("error", "timeout"), "hog": ("error", "memory"),
    }
    assert "mere end 3 sekunder" in next(f for f in report.files if Path(f.path).stem == "loop").error.message
    assert "mere end 300 MB" in next(f for f in report.files if Path(f.path).stem == "hog").error.message
    assert elapsed < 170


def test_cli_reports_a_letter_over_its_time_budget_and_checks_the_rest(tmp_path):
    hostile.pack_workspace(tmp_path)
    (tmp_path / "lang.docx").write_bytes(hostile.long_letter(300))
    (tmp_path / "kort.txt").write_text(hostile.DANISH_LETTER, "utf-8")
    result = hostile.run_cli("check", "lang.docx", "kort.txt", "--timeout", "1", "-j", "2",
                             "-q", "--format", "json", cwd=tmp_path, timeout=240)
    assert result.returncode == 2, result.stderr
    files = {entry["path"]: entry for entry in json.loads(result.stdout)["files"]}
    assert files["lang.docx"]["error"]["code"] == "timeout"
    assert "--timeout" in files["lang.docx"]["error"]["message"]
    assert files["kort.txt"]["status"] == "ok"


def test_cli_reports_a_letter_over_its_memory_budget(tmp_path):
    """1.2 million one-letter paragraphs: 120 kB zipped, ~600 MB once parsed."""
    hostile.pack_workspace(tmp_path)
    (tmp_path / "stor.docx").write_bytes(package("<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 1_200_000))
    result = hostile.run_cli("check", "stor.docx", "--max-memory", "150", "--format", "json",
                             cwd=tmp_path, timeout=240)
    assert result.returncode == 2, result.stderr
    entry = json.loads(result.stdout)["files"][0]
    assert entry["error"]["code"] == "memory"
    assert "--max-memory" in entry["error"]["message"]


def test_a_single_letter_in_process_has_the_time_budget_too(tmp_path):
    hostile.pack_workspace(tmp_path)
    (tmp_path / "lang.docx").write_bytes(hostile.long_letter(300))
    started = time.monotonic()
    result = hostile.run_cli("check", "lang.docx", "--timeout", "1", "--format", "json",
                             cwd=tmp_path, timeout=240)
    assert result.returncode == 2
    assert json.loads(result.stdout)["files"][0]["error"]["code"] == "timeout"
    assert time.monotonic() - started < 120


def test_zero_means_no_limit():
    budget = Budget(timeout=0, max_memory_mb=0)
    assert budget.kill_after is None
    with within_budget(budget):
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_within_budget_restores_the_limits():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    with within_budget(Budget(timeout=30, max_memory_mb=512)):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        assert resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_within_budget_never_clobbers_a_running_timer():
    with hostile.deadline(50):
        with within_budget(Budget(timeout=1, max_memory_mb=0)):
            time.sleep(1.3)  # the budget's timer was not set: the outer one is still running
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 40


def test_the_timeout_passes_the_readers_safety_nets(monkeypatch):
    """LetterTimeout must not become "corrupt" in the loader's except-Exception net."""
    from brevtjek.document import docx_reader

    def slow(*args, **kwargs):
        raise LetterTimeout()

    monkeypatch.setattr(docx_reader, "read_docx", slow)
    with pytest.raises(LetterTimeout):
        load_document(hostile.plain_letter())


def test_in_process_check_reports_timeout_as_the_letters_error(letters):
    from brevtjek.batch import check_within_budget

    checker = Checker(Config(packs=[str(letters / "packs" / "test")]))
    report = check_within_budget(misbehaving_check, checker, str(letters / "loop.txt"),
                                 Budget(timeout=1, max_memory_mb=0))
    assert (report.status, report.error.code) == ("error", "timeout")
    report = check_within_budget(misbehaving_check, checker, str(letters / "hog.txt"),
                                 Budget(timeout=0, max_memory_mb=200))
    assert (report.status, report.error.code) == ("error", "memory")
    assert check_within_budget(misbehaving_check, checker, str(letters / "a.txt"),
                               Budget()).status == "ok"
