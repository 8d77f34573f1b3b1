"""Worker tasks of several letters (brevtjek.batch.TASK_LETTERS): same reports as one letter
per task, and a task that fails or runs out of budget is re-run letter by letter."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import yaml

from brevtjek.batch import check_many, check_one, plan_tasks, run_batch
from brevtjek.budget import Budget
from brevtjek.checker import Checker
from tests import hostile
from tests.docx_factory import package, text_para
from tests.packs import JARGON_RULE, write_pack

SENTENCES = ["Såfremt du er uenig, kan du klage.", "Du får en rollator.",
             "Vi har fremsendt papirerne i henhold til loven.", "Din ydelse stopper.",
             "Kommunen har modtaget din ansøgning om hjælp til bad."]


@pytest.fixture()
def workspace(tmp_path, monkeypatch) -> Path:
    write_pack(tmp_path / "packs", rules=[JARGON_RULE])
    (tmp_path / "brevtjek.yaml").write_text(
        yaml.safe_dump({"packs": ["packs/test"], "model": "blank"}), "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_letters(folder: Path, count: int) -> list[str]:
    """``count`` letters, .docx and .txt, sharing sentences as template letters do."""
    folder.mkdir(exist_ok=True)
    names = []
    for number in range(count):
        text = " ".join(SENTENCES[(number + k) % len(SENTENCES)] for k in range(number % 3 + 1))
        text += f" Sagsnummer {1000 + number}."  # a text of its own in every letter
        if number % 2:
            (folder / f"brev-{number:02d}.docx").write_bytes(package(text_para(text)))
            names.append(f"{folder.name}/brev-{number:02d}.docx")
        else:
            (folder / f"brev-{number:02d}.txt").write_text(text + "\n", "utf-8")
            names.append(f"{folder.name}/brev-{number:02d}.txt")
    return names


def reports(report) -> list[dict]:
    return [file.to_dict() for file in report.files]


# module level, so that worker processes can import them ----------------------------------

def alone(checker, source):
    """check_one under another name: the batch then sends one letter per task."""
    return check_one(checker, source)


def many_that_raises(checker, sources):
    raise RuntimeError("the task as a whole failed")


def many_that_loops(checker, sources):
    while True:  # pure Python: the task's timer interrupts it
        pass


def many_that_dies(checker, sources):
    os._exit(3)  # the worker dies outright, as on a crash in C code


def many_that_hangs(checker, sources):
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # deaf to the task's timer,
    time.sleep(3600)  # as if stuck in C code: the parent must kill the worker


# ----------------------------------------------------------------------------------------

def test_plan_tasks_groups_letters_only_when_every_worker_still_gets_several_tasks():
    tasks = plan_tasks(1000, 1, True)
    assert tasks[0] == range(0, 8) and len(tasks) == 125
    assert [len(task) for task in plan_tasks(20, 1, True)] == [5, 5, 5, 5]
    assert [len(task) for task in plan_tasks(10, 2, True)] == [1] * 10
    assert [len(task) for task in plan_tasks(1000, 2, False)] == [1] * 1000
    assert [index for task in plan_tasks(103, 2, True) for index in task] == list(range(103))
    assert plan_tasks(0, 1, True) == []


def test_letters_checked_together_get_the_reports_they_get_alone(workspace):
    names = write_letters(workspace / "breve", 6)
    (workspace / "breve" / "beskadiget.docx").write_bytes(b"PK\x03\x04 ikke en zip-fil")
    (workspace / "breve" / "tom.txt").write_bytes(b"")
    (workspace / "breve" / "engelsk.txt").write_text(hostile.ENGLISH_LETTER, "utf-8")
    sources = [names[0], "breve/beskadiget.docx", *names[1:4], "breve/tom.txt",
               "breve/engelsk.txt", "breve/findes-ikke.txt", *names[4:]]
    checker = Checker.from_options(near=workspace)
    together = [report.to_dict() for report in check_many(checker, sources)]
    one_by_one = [check_one(checker, source).to_dict() for source in sources]
    assert together == one_by_one
    status = [(entry["status"], (entry.get("error") or {}).get("code")) for entry in together]
    assert status[1] == ("error", "corrupt") and status[5] == ("error", "empty")
    assert status[6] == ("error", "not_danish") and status[7][0] == "error"
    assert all(entry["findings"] for entry, (state, _) in zip(together, status, strict=True) if state == "ok")


def test_a_batch_in_tasks_of_several_letters_matches_one_letter_per_task(workspace):
    sources = write_letters(workspace / "breve", 40)  # 40 letters, -j 1: tasks of 8
    assert len(plan_tasks(len(sources), 1, True)[0]) == 8
    checker = Checker.from_options(near=workspace)
    grouped = run_batch(checker, sources, jobs=1)
    single = run_batch(checker, sources, jobs=1, check=alone)
    assert reports(grouped) == reports(single)
    assert [file.path for file in grouped.files] == sources
    assert all(file.status == "ok" for file in grouped.files)
    assert sum(bool(file.findings) for file in grouped.files) >= 20  # the jargon rule found its words


@pytest.mark.parametrize("several", [many_that_raises, many_that_loops, many_that_dies, many_that_hangs],
                         ids=["raises", "runs-out-of-time", "kills-its-worker", "is-killed"])
def test_a_task_that_fails_is_rerun_one_letter_at_a_time(workspace, several):
    """Whatever goes wrong with a task of several letters, each letter is then checked alone
    (by check_one, which works here): every letter gets its real report, none an error."""
    sources = write_letters(workspace / "breve", 16)  # tasks of 4
    checker = Checker.from_options(near=workspace)
    expected = reports(run_batch(checker, sources, jobs=1, check=alone))
    budget = Budget(timeout=2, kill_grace=3, startup=5)  # the first task hangs: no long start-up wait
    result = run_batch(checker, sources, jobs=1, several=several, budget=budget)
    assert reports(result) == expected
    assert all(file.status == "ok" for file in result.files)
