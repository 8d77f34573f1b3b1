"""Batch throughput: letters per second and peak memory per worker for ``-j 1`` and ``-j 2``.

A script, not a timed test (timings on shared CI machines are noise, not a pass/fail signal):

    .venv/bin/python benchmarks/batch_benchmark.py                 # 1000 letters, -j 1 and -j 2
    .venv/bin/python benchmarks/batch_benchmark.py -n 200 --jobs 1,2,4 --keep

It builds a corpus of N letters in a temporary folder by recombining the sample letters in
``corpora/letters/`` (every .docx/.txt/.md there, whatever has been added): each generated
letter keeps one sample's headings and structure, swaps some paragraphs for paragraphs of the
same kind from other samples, varies names, dates and amounts, and is written as .docx or
.txt (roughly in the samples' proportion, plus every fifth as the other format). Then it runs
``brevtjek check DIR --format json -q -j J`` for each J and reports:

* wall time and letters/second (start-up of the workers included: that is what CI pays);
* CPU time (user + system) of brevtjek and its workers;
* peak RSS per worker process (``VmHWM`` from ``/proc/<pid>/status``, sampled while the
  workers live) and of the main process; and ``ru_maxrss`` from ``os.wait4`` (the largest
  single process of the run) as a cross-check that works without ``/proc``;
* whether the JSON output of every run is identical (it must be: results are in input order).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from brevtjek.document import load_document  # noqa: E402
from brevtjek.document.model import Block, Part, Role  # noqa: E402
from brevtjek.inputs import discover  # noqa: E402

FIRST_NAMES = ["Anna", "Bo", "Camilla", "Dorthe", "Erik", "Frida", "Gustav", "Hanne", "Ib",
               "Jonas", "Karen", "Lars", "Mette", "Nikolaj", "Oda", "Poul", "Rikke", "Søren"]
LAST_NAMES = ["Andersen", "Bech", "Dahl", "Eskildsen", "Frost", "Holm", "Juhl", "Krogh",
              "Lund", "Mortensen", "Nygaard", "Østergaard", "Winther"]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
DATE = re.compile(r"\b(\d{1,2})\. (" + "|".join(MONTHS) + r") (\d{4})\b")
AMOUNT = re.compile(r"\b(\d{1,3}(?:\.\d{3})+|\d{3,})( kr\.)")
NAME = re.compile(r"\b(Hr\.|Fru) [A-ZÆØÅ][a-zæøå]+(?: [A-ZÆØÅ][a-zæøå]+)+")


@dataclass
class Sample:
    path: Path
    blocks: list[Block]


@dataclass
class RunResult:
    jobs: int
    seconds: float
    cpu_seconds: float
    letters: int
    ok: int
    failed: int
    findings: int
    exit_code: int
    main_hwm_kb: int
    worker_hwm_kb: dict[int, int] = field(default_factory=dict)
    wait4_maxrss_kb: int = 0
    output: str = ""


# --- corpus ---------------------------------------------------------------------------

def load_samples(folder: Path) -> list[Sample]:
    samples = []
    for path in discover([str(folder)]):
        document = load_document(path)
        blocks = [block for block in document.blocks if block.part is Part.BODY and block.text.strip()]
        if blocks:
            samples.append(Sample(Path(path), blocks))
    if not samples:
        raise SystemExit(f"Ingen prøvebreve i {folder}.")
    return samples


def vary(text: str, rng: random.Random) -> str:
    """New invented names, dates and amounts, so no two generated letters are identical."""
    text = NAME.sub(lambda m: f"{m.group(1)} {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    text)
    text = DATE.sub(lambda m: f"{rng.randint(1, 28)}. {rng.choice(MONTHS)} {m.group(3)}", text)
    return AMOUNT.sub(lambda m: f"{rng.randint(100, 40000):,}".replace(",", ".") + m.group(2),
                      text)


def recombine(base: Sample, pool: dict[Role, list[str]], rng: random.Random) -> list[Block]:
    blocks: list[Block] = []
    for block in base.blocks:
        text = block.text
        if block.role is not Role.HEADING and rng.random() < 0.25 and pool.get(block.role):
            text = rng.choice(pool[block.role])
        blocks.append(Block(index=len(blocks), text=vary(text, rng), role=block.role,
                            heading_level=block.heading_level))
    return blocks


def write_docx(path: Path, blocks: list[Block]) -> None:
    from docx import Document

    document = Document()
    for block in blocks:
        if block.role is Role.HEADING:
            document.add_heading(block.text, level=min(block.heading_level or 1, 9))
        elif block.role is Role.LIST_ITEM:
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    document.save(str(path))


def write_text(path: Path, blocks: list[Block]) -> None:
    parts = []
    for block in blocks:
        if path.suffix == ".md" and block.role is Role.HEADING:
            parts.append("#" * (block.heading_level or 1) + " " + block.text)
        elif block.role is Role.LIST_ITEM:
            parts.append("- " + block.text)
        else:
            parts.append(block.text)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def build_corpus(samples: list[Sample], count: int, target: Path, seed: int) -> list[Path]:
    rng = random.Random(seed)
    pool: dict[Role, list[str]] = {}
    for sample in samples:
        for block in sample.blocks:
            pool.setdefault(block.role, []).append(block.text)
    written = []
    for number in range(count):
        base = samples[number % len(samples)]
        suffix = base.path.suffix.lower()
        if number % 5 == 4:
            suffix = ".txt" if suffix == ".docx" else ".docx"
        folder = target / f"mappe-{number // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{base.path.stem}-v{number:05d}{suffix}"
        blocks = recombine(base, pool, rng)
        if suffix == ".docx":
            write_docx(path, blocks)
        else:
            write_text(path, blocks)
        written.append(path)
    return written


# --- measuring ------------------------------------------------------------------------

def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                found.extend(int(child) for child in stream.read().split())
    except OSError:
        return []
    return found


def status_kb(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as stream:
            for line in stream:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def command_line(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as stream:
            return stream.read()
    except OSError:
        return b""


def is_worker(pid: int) -> bool:
    """A spawned worker (Windows' way, and Linux's before brevtjek used a fork server)."""
    return b"spawn_main" in command_line(pid)


def is_fork_server(pid: int) -> bool:
    """The fork server brevtjek.fork_server starts: its children are the workers."""
    return b"forkserver" in command_line(pid)


def workers(pid: int) -> list[int]:
    """The worker processes of a brevtjek run: spawned children, or the fork server's."""
    found = []
    for child in children(pid):
        if is_worker(child):
            found.append(child)
        elif is_fork_server(child):
            found.extend(children(child))
    return found


def sample_memory(pid: int, result: RunResult, stop: threading.Event) -> None:
    """Poll the peak RSS (VmHWM, monotone) of the main process and its workers."""
    while not stop.is_set():
        main = status_kb(pid, "VmHWM")
        if main:
            result.main_hwm_kb = max(result.main_hwm_kb, main)
        for child in workers(pid):
            peak = status_kb(child, "VmHWM")
            if peak:
                result.worker_hwm_kb[child] = max(result.worker_hwm_kb.get(child, 0), peak)
        stop.wait(0.1)


def run(folder: Path, jobs: int, extra: tuple[str, ...] = ()) -> RunResult:
    """``extra``: more ``brevtjek check`` arguments (benchmarks/run.py passes ``--config``)."""
    command = [sys.executable, "-m", "brevtjek", "check", ".", "--format", "json", "-q",
               "-j", str(jobs), *extra]
    result = RunResult(jobs, 0.0, 0.0, 0, 0, 0, 0, 0, 0)
    stop = threading.Event()
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=folder, stdout=out, stderr=subprocess.PIPE)
        sampler = threading.Thread(target=sample_memory, args=(process.pid, result, stop))
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        result.seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
        stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        out.seek(0)
        result.output = out.read().decode("utf-8")
    result.exit_code = process.returncode
    result.cpu_seconds = usage.ru_utime + usage.ru_stime
    result.wait4_maxrss_kb = usage.ru_maxrss
    if result.exit_code not in (0, 1):
        raise SystemExit(f"brevtjek -j {jobs} sluttede med kode {result.exit_code}:\n{stderr}")
    data = json.loads(result.output)
    result.letters = len(data["files"])
    result.failed = data["summary"]["failed_files"]
    result.ok = result.letters - result.failed
    result.findings = sum(len(file["findings"]) for file in data["files"])
    return result


def print_difference(results: list[RunResult]) -> None:
    """Name the first letter whose entry differs between runs (there should be none)."""
    first = json.loads(results[0].output)
    for other in results[1:]:
        data = json.loads(other.output)
        for left, right in zip(first["files"], data["files"], strict=False):
            if left != right:
                print(f"  -j {results[0].jobs} og -j {other.jobs} er uenige om {left['path']}:")
                for key in left:
                    if left[key] != right.get(key):
                        print(f"    {key}: {json.dumps(left[key], ensure_ascii=False)[:300]}")
                        print(f"    {' ' * len(key)}  {json.dumps(right.get(key), ensure_ascii=False)[:300]}")
                break
        else:
            if first != data:
                print(f"  -j {other.jobs}: forskel uden for files[]")


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def report(results: list[RunResult], count: int, samples: int) -> None:
    print(f"\n{count} breve genereret ud fra {samples} prøvebreve; CPU-kerner: {os.cpu_count()}")
    header = (f"{'-j':>3} {'tid':>8} {'breve/s':>8} {'CPU':>8} {'fund':>7} {'hovedproces':>12} "
              f"{'pr. arbejder (peak RSS)':>28} {'wait4 maxrss':>13}")
    print(header)
    for result in results:
        workers = ", ".join(mb(kb) for _, kb in sorted(result.worker_hwm_kb.items())) or "–"
        print(f"{result.jobs:>3} {result.seconds:>7.1f}s {result.letters / result.seconds:>8.1f} "
              f"{result.cpu_seconds:>7.1f}s {result.findings:>7} {mb(result.main_hwm_kb):>12} "
              f"{workers:>28} {mb(result.wait4_maxrss_kb):>13}")
    outputs = {result.output for result in results}
    print("Identisk JSON på tværs af -j:", "ja" if len(outputs) == 1 else "NEJ")
    if len(outputs) > 1:
        print_difference(results)
    for result in results:
        if result.ok != result.letters:
            print(f"  -j {result.jobs}: {result.failed} breve kunne ikke læses")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--letters", type=int, default=1000, help="letters to generate")
    parser.add_argument("--jobs", default="1,2", help="comma-separated -j values to run")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpora" / "letters")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated letters")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    samples = load_samples(args.corpus)
    folder = Path(tempfile.mkdtemp(prefix="brevtjek-benchmark-"))
    try:
        started = time.perf_counter()
        build_corpus(samples, args.letters, folder, args.seed)
        print(f"Korpus: {args.letters} breve i {folder} ({time.perf_counter() - started:.1f}s)")
        results = []
        for jobs in (int(value) for value in args.jobs.split(",")):
            print(f"Kører brevtjek check --format json -q -j {jobs} …", flush=True)
            results.append(run(folder, jobs))
        report(results, args.letters, len(samples))
        if args.json:
            args.json.write_text(json.dumps([
                {"jobs": r.jobs, "letters": r.letters, "seconds": round(r.seconds, 2),
                 "letters_per_second": round(r.letters / r.seconds, 2),
                 "cpu_seconds": round(r.cpu_seconds, 2), "findings": r.findings,
                 "main_peak_rss_kb": r.main_hwm_kb,
                 "worker_peak_rss_kb": sorted(r.worker_hwm_kb.values()),
                 "wait4_maxrss_kb": r.wait4_maxrss_kb} for r in results], indent=2) + "\n")
    finally:
        if args.keep:
            print(f"Brevene ligger i {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
