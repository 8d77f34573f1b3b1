"""Batch checks: which files a run finds, parallel workers, determinism, broken letters."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from brevtjek.batch import check_one, run_batch
from brevtjek.cli import app
from brevtjek.inputs import discover, is_excluded
from tests.docx_factory import package, text_para
from tests.packs import JARGON_RULE, write_pack

runner = CliRunner()


# --- file discovery ---------------------------------------------------------------------

@pytest.fixture()
def tree(tmp_path, monkeypatch):
    """A letter archive as teams have it: subfolders, lock files, hidden things, other files,
    and an annotated copy brevtjek wrote beside a letter."""
    files = [
        "b.docx", "A.txt", "c.md", "noter.pdf", "billede.png", "~$b.docx", ".skjult.txt",
        "arkiv/2019/gammel.docx", "arkiv/ny.txt", ".git/brev.txt", "skabeloner/.cache/x.md",
        "skabeloner/Afslag.docx", "skabeloner/bevilling.DOCX",
        "b.brevtjek.docx",  # brevtjek's own annotated copy from an earlier run
    ]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_folder_is_walked_recursively_sorted_and_skips_locks_hidden_and_other_files(tree):
    assert discover(["."]) == [
        "A.txt", "arkiv/2019/gammel.docx", "arkiv/ny.txt", "b.docx", "c.md",
        "skabeloner/Afslag.docx", "skabeloner/bevilling.DOCX",
    ]


def test_explicit_files_are_kept_in_argument_order_once(tree):
    # an explicitly named file is checked whatever its suffix; a lock file never is
    assert discover(["c.md", "noter.pdf", "~$b.docx", "A.txt", "./c.md"]) == [
        "c.md", "noter.pdf", "A.txt",
    ]


def test_globs_are_expanded_and_recursive(tree):
    assert discover(["**/*.docx"]) == [
        "arkiv/2019/gammel.docx", "b.docx", "skabeloner/Afslag.docx",
    ]
    assert discover(["arkiv/*"]) == ["arkiv/2019/gammel.docx", "arkiv/ny.txt"]


def test_missing_paths_and_empty_globs_are_kept_so_they_are_reported(tree):
    assert discover(["findes-ikke.docx", "tom/*.docx"]) == ["findes-ikke.docx", "tom/*.docx"]


@pytest.mark.parametrize(("pattern", "expected"), [
    ("arkiv", ["A.txt", "b.docx", "c.md", "skabeloner/Afslag.docx", "skabeloner/bevilling.DOCX"]),
    ("*.docx", ["A.txt", "arkiv/ny.txt", "c.md", "skabeloner/bevilling.DOCX"]),
    ("arkiv/2019/*", ["A.txt", "arkiv/ny.txt", "b.docx", "c.md", "skabeloner/Afslag.docx",
                      "skabeloner/bevilling.DOCX"]),
])
def test_exclude_matches_path_name_or_folder(tree, pattern, expected):
    assert discover(["."], [pattern]) == expected


def test_exclude_does_not_match_folders_above_the_working_folder(tree):
    # the run sits somewhere below /tmp: --exclude tmp must not drop every letter
    outside_name = tree.parts[1]
    assert not is_excluded(str(tree / "b.docx"), [outside_name]) or outside_name in ("b.docx",)
    assert discover([str(tree / "arkiv")], [outside_name]) != []


# --- checking many letters --------------------------------------------------------------

@pytest.fixture()
def workspace(tmp_path, monkeypatch):
    write_pack(tmp_path / "packs", rules=[JARGON_RULE])
    config = {"packs": ["packs/test"], "model": "blank"}
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump(config), "utf-8")
    letters = tmp_path / "breve"
    letters.mkdir()
    sentences = ["Såfremt du er uenig, kan du klage.", "Du får en rollator.",
                 "Vi har fremsendt papirerne i henhold til loven.", "Din ydelse stopper."]
    for number in range(7):
        text = " ".join(sentences[(number + k) % len(sentences)] for k in range(number % 3 + 1))
        if number % 2:
            (letters / f"brev-{number}.docx").write_bytes(package(text_para(text)))
        else:
            (letters / f"brev-{number}.txt").write_text(text + "\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_output_is_identical_with_one_and_two_workers(workspace):
    one = invoke("check", "breve", "--format", "json", "-j", "1")  # no -q: not a terminal
    two = invoke("check", "breve", "--format", "json", "-q", "-j", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    data = json.loads(one.stdout)  # nothing but JSON on stdout: no progress bar there
    assert [file["path"] for file in data["files"]] == [
        f"breve/brev-{number}.{'docx' if number % 2 else 'txt'}" for number in range(7)
    ]
    assert data["summary"]["warning"] > 0
    assert data["tool"]["model"]["name"]  # the workers' model is reported
    # a letter checked alone (in this process) gets exactly the findings it got in the batch
    alone = json.loads(invoke("check", "breve/brev-3.docx", "--format", "json").stdout)
    assert alone["files"][0]["findings"] == data["files"][3]["findings"]


def test_broken_letters_are_reported_and_the_batch_goes_on(workspace):
    broken = workspace / "breve"
    (broken / "beskadiget.docx").write_bytes(b"PK\x03\x04 det her er ikke en zip-fil")
    (broken / "tom.txt").write_bytes(b"")
    (broken / "gammel.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    result = invoke("check", "breve", "breve/gammel.doc", "--exclude", "brev-[4-6]*",
                    "--format", "json", "-q", "-j", "2")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    status = {file["path"]: (file["status"], (file["error"] or {}).get("code"))
              for file in data["files"]}
    assert list(status) == ["breve/beskadiget.docx", "breve/brev-0.txt", "breve/brev-1.docx",
                            "breve/brev-2.txt", "breve/brev-3.docx", "breve/tom.txt",
                            "breve/gammel.doc"]
    assert status["breve/beskadiget.docx"] == ("error", "corrupt")
    assert status["breve/tom.txt"] == ("error", "empty")
    assert status["breve/gammel.doc"] == ("error", "legacy_doc")
    good = [file for file in data["files"] if file["status"] == "ok"]
    assert len(good) == 4 and all(file["findings"] for file in good)
    assert data["summary"]["failed_files"] == 3


def test_no_letters_found_is_a_usage_error(workspace):
    (workspace / "tom").mkdir()
    result = invoke("check", "tom")
    assert result.exit_code == 2
    assert "Ingen breve" in result.output and "Traceback" not in result.output
    result = invoke("check", "breve", "--exclude", "breve")
    assert result.exit_code == 2 and "--exclude" in result.output


def test_jobs_must_be_positive(workspace):
    result = invoke("check", "breve", "-j", "0")
    assert result.exit_code == 2 and "Traceback" not in result.output


# --- a crash in one letter never ends the batch -----------------------------------------

def crashing_check(checker, source):
    """Module level, so spawned workers can import it: misbehaves on chosen letters."""
    name = Path(str(source)).name
    if name.startswith("boom"):
        raise RuntimeError("rule exploded")
    if name.startswith("crash"):
        os._exit(3)  # the worker process dies outright, as on a segfault
    return check_one(checker, source)


@pytest.fixture()
def checker(workspace):
    from brevtjek.checker import Checker

    return Checker.from_options(near=workspace)


def test_exception_or_dead_worker_is_contained_to_its_letter(workspace, checker):
    (workspace / "breve" / "boom.txt").write_text("Såfremt du vil.\n", "utf-8")
    (workspace / "breve" / "crash.txt").write_text("Såfremt du vil.\n", "utf-8")
    sources = ["breve/brev-0.txt", "breve/boom.txt", "breve/crash.txt", "breve/brev-2.txt",
               "breve/brev-4.txt"]
    report = run_batch(checker, sources, jobs=1, check=crashing_check)
    assert [file.path for file in report.files] == sources
    assert [file.status for file in report.files] == ["ok", "error", "error", "ok", "ok"]
    raised, died = report.files[1].error, report.files[2].error
    assert raised is not None and raised.code == "internal" and "RuntimeError" in raised.message
    assert died is not None and died.code == "internal" and "stoppe" in died.message
    assert all(file.findings for file in report.files if file.status == "ok")


# --- workers see the parent as it is when the pool starts --------------------------------

def environment_check(checker, source):
    """Reports, as its message, what the worker sees (module level: workers import it)."""
    from brevtjek.report import FileReport

    seen = f"{os.environ.get('BREVTJEK_TEST_MARK', '-')}|{Path.cwd().name}|{Path(str(source)).exists()}"
    return FileReport.failed(str(source), "internal", seen)


def test_workers_see_the_parents_environment_and_folder_of_now(workspace, checker, monkeypatch):
    """Workers fork from a server started by an earlier batch (brevtjek.batch.start_context):
    they must still see this batch's environment (--no-cache travels that way) and folder."""
    run_batch(checker, ["breve/brev-0.txt"], jobs=1)  # the server is running after this
    monkeypatch.setenv("BREVTJEK_TEST_MARK", "nu")
    (workspace / "andet").mkdir()
    (workspace / "andet" / "brev.txt").write_text("Du får en rollator.\n", "utf-8")
    monkeypatch.chdir(workspace / "andet")
    report = run_batch(checker, ["brev.txt"], jobs=2, check=environment_check)
    error = report.files[0].error
    assert error is not None and error.message == "nu|andet|True"
