"""Nothing lost: brevtjek never changes a letter it checks, never overwrites a letter with a
report, and writes its own files atomically (a failure leaves the old file as it was and no
temporary file behind).

A letter's bytes, size, permissions and modification time (atime may change: reading is
allowed) are compared before and after every kind of run: every output format, to stdout
and with --output, the annotated copy, a baseline, a batch in worker processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brevtjek.atomic import write_atomic
from brevtjek.reporters import FORMATS
from tests import hostile
from tests.hostile import invoke

runner = CliRunner()
PAST = 1_600_000_000  # 2020-09-13: a rewrite today would move the mtime


def fingerprint(path: Path) -> tuple[str, int, int, int]:
    info = path.stat()
    return (hashlib.sha256(path.read_bytes()).hexdigest(), info.st_size, info.st_mtime_ns,
            stat.S_IMODE(info.st_mode))


@pytest.fixture()
def workspace(tmp_path) -> Path:
    hostile.pack_workspace(tmp_path)
    (tmp_path / "brev.docx").write_bytes(hostile.plain_letter(
        "Såfremt du er uenig, kan du klage. Vi har fremsendt papirerne til dig."))
    (tmp_path / "brev.txt").write_text(hostile.DANISH_LETTER, "utf-8")
    for name in ("brev.docx", "brev.txt"):
        os.chmod(tmp_path / name, 0o640)
        os.utime(tmp_path / name, (PAST, PAST))
    return tmp_path


@pytest.fixture()
def letters(workspace):
    """The letters' fingerprints now; the test asserts they are the same at the end."""
    paths = [workspace / "brev.docx", workspace / "brev.txt"]
    before = {path.name: fingerprint(path) for path in paths}
    yield paths
    assert {path.name: fingerprint(path) for path in paths} == before




def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*.tmp"))


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_checking_in_any_format_leaves_the_letters_untouched(workspace, letters, output_format):
    for letter in ("brev.docx", "brev.txt"):
        shown = invoke(workspace, "check", letter, "--format", output_format)
        assert shown.exit_code == 0, shown.output  # the test pack's findings are warnings
        assert "fremsendt" in shown.stdout or output_format not in ("json", "text")
        written = invoke(workspace, "check", letter, "--format", output_format,
                         "--output", f"rapport-{letter}.{output_format}")
        assert written.exit_code == 0, written.output
        assert (workspace / f"rapport-{letter}.{output_format}").stat().st_size > 0
    assert leftovers(workspace) == []


def test_annotated_copy_and_baseline_leave_the_letters_untouched(workspace, letters):
    annotated = invoke(workspace, "check", "brev.docx", "--annotate-dir", "kommenteret")
    assert annotated.exit_code == 0, annotated.output
    assert list((workspace / "kommenteret").glob("*.docx"))
    baseline = invoke(workspace, "baseline", "create", "baseline.json", "brev.txt")
    assert baseline.exit_code == 0, baseline.output
    assert json.loads((workspace / "baseline.json").read_text("utf-8"))
    assert leftovers(workspace) == []


def test_a_batch_in_worker_processes_leaves_the_letters_untouched(workspace, letters):
    result = hostile.run_cli("check", "brev.docx", "brev.txt", "--format", "json", "-j", "2",
                             "-q", "--output", "rapport.json", cwd=workspace, timeout=180)
    assert result.returncode == 0, result.stderr
    report = json.loads((workspace / "rapport.json").read_text("utf-8"))
    assert [entry["status"] for entry in report["files"]] == ["ok", "ok"]


@pytest.mark.parametrize("target", ["brev.txt", "./brev.txt", "link.json"])
def test_output_never_overwrites_a_letter(workspace, letters, target):
    (workspace / "link.json").symlink_to(workspace / "brev.txt")
    result = invoke(workspace, "check", "brev.txt", "brev.docx", "--format", "json",
                    "--output", target)
    assert result.exit_code == 2
    assert "brevtjek overskriver aldrig et brev" in result.stderr
    assert (workspace / "link.json").is_symlink()


def test_output_into_a_missing_folder_fails_cleanly(workspace, letters):
    result = invoke(workspace, "check", "brev.txt", "--format", "json",
                    "--output", "findes-ikke/rapport.json")
    assert result.exit_code == 2
    assert "Kunne ikke skrive findes-ikke/rapport.json" in result.stderr
    assert leftovers(workspace) == []


def test_an_existing_report_is_replaced_whole(workspace, letters):
    report = workspace / "rapport.json"
    report.write_text("gammel rapport " * 10_000, "utf-8")
    result = invoke(workspace, "check", "brev.txt", "--format", "json", "--output", str(report))
    assert result.exit_code == 0
    assert json.loads(report.read_text("utf-8"))["files"][0]["path"] == "brev.txt"


# --- write_atomic ------------------------------------------------------------------------------

def test_a_failed_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "rapport.json"
    target.write_text("den gode rapport", "utf-8")

    def disk_full(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        write_atomic(target, "ny rapport")
    assert target.read_text("utf-8") == "den gode rapport"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["rapport.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "rapport.json"
    target.write_text("den gode rapport", "utf-8")

    def crash(descriptor):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_atomic(target, "ny rapport")
    assert target.read_text("utf-8") == "den gode rapport"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["rapport.json"]


def test_permissions_are_those_of_a_normal_write(tmp_path):
    existing = tmp_path / "gammel.json"
    existing.write_text("{}", "utf-8")
    os.chmod(existing, 0o640)
    write_atomic(existing, "[]")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "ny.json", "[]")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "ny.json").stat().st_mode) == 0o644


def test_a_baseline_never_overwrites_a_letter(workspace, letters):
    result = invoke(workspace, "baseline", "create", "brev.txt", "brev.txt")
    assert result.exit_code == 2
    assert "brevtjek overskriver aldrig et brev" in result.stderr
