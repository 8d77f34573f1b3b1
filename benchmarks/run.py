"""The benchmark suite: what brevtjek costs next to the floor spaCy itself sets.

    .venv/bin/python benchmarks/run.py              # full run (≈ 10 min on 2 cores)
    .venv/bin/python benchmarks/run.py --tiny       # 3 and 6 letters, no peer (smoke test)

On a small machine the floor is spaCy's: importing it and loading the Danish pipeline takes
about a second, and tagging runs at tens of thousands of tokens per second per core.
Everything brevtjek adds (reading .docx, facts, metrics, rules, reporting) should be small
next to that and grow linearly. Absolute timings on a shared machine are noise, so every
figure here is a **ratio of two measurements taken in the same run**, on the same machine,
seconds apart; the load average before and after is recorded with them.

Corpus: :mod:`batch_benchmark`'s generator (fixed seed) recombines and varies the sample
letters in ``corpora/letters/``: one corpus per ``--sizes`` entry, one long letter of
``--pages`` pages, and the same long text split into one-page letters.

Ratios (target in brackets; a target is a goal to watch, not an assertion):

* cold single check ``brevtjek check letter.docx`` / ``import spacy; spacy.load(<the
  pipeline brevtjek resolves>)``, medians of ``--repeat`` runs [≤ 1.2]; and the absolute
  start-up of ``brevtjek --help`` and ``brevtjek rules list`` [< 0.3 s];
* batch wall time (``-j 1``) / one process running only ``nlp.pipe`` over the same block
  texts (import and load included on both sides) on the largest corpus [≤ 1.25];
* ``-j 1`` / ``-j 2`` on the largest corpus [≥ 1.7]; these batches, the NLP floor and the
  peer below are run in turn for ``--rounds`` rounds, and each is the median of its runs;
* largest corpus / smallest corpus, over the ratio of their sizes [≤ 1.05, i.e. 1,000
  letters ≤ 10.5 × 100];
* the long letter / the same text as one-page letters (``-j 1``) [≤ 1.2];
* a 1,000-entry jargon vocabulary / the shipped one, on the smallest corpus, medians of
  up to three alternating runs [≤ 1.1];
* peak RSS per worker (VmHWM) [≤ 350 MB], largest corpus / smallest [≤ 1.1];
* words per second: brevtjek ``-j 2`` / proselint (``pip install -e '.[bench]'``) over the
  same letters as plain text [≥ 1].

It prints a table and writes ``benchmarks/results.json`` (``--output``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_benchmark import (
    REPO,
    RunResult,
    Sample,
    build_corpus,
    load_samples,
    recombine,
    run,
    write_docx,
)

from brevtjek.document import load_document
from brevtjek.document.model import Block, Role
from brevtjek.inputs import discover
from brevtjek.nlp.pipeline import resolve_model

WORDS_PER_PAGE = 350
"""A page of an A4 letter in 11-pt type: what "one ordinary letter per page" means."""
JARGON_PACK = "klarsprog"
JARGON_FILE = "forvaltningsjargon.yaml"
WORD = re.compile(r"\w+")
NO_BUDGET = ("--timeout", "0", "--max-memory", "0")
"""The long letter must not hit the per-letter budget: we measure its cost, not the limit."""


@dataclass(frozen=True)
class Ratio:
    name: str
    value: float
    target: float
    higher_is_better: bool
    detail: str

    @property
    def meets(self) -> bool:
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": round(self.value, 3), "target": self.target,
                "higher_is_better": self.higher_is_better, "meets": self.meets,
                "detail": self.detail}


# --- timing helpers ---------------------------------------------------------------------

def timed(command: Sequence[str], cwd: Path | None = None, ok: Sequence[int] = (0, 1)) -> float:
    """Wall time of one subprocess run; a failing command stops the benchmark (it would lie)."""
    started = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} sluttede med kode {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds


def median_time(command: Sequence[str], repeat: int, cwd: Path | None = None) -> float:
    return statistics.median(timed(command, cwd) for _ in range(repeat))


def interleaved_medians(first: Sequence[str], second: Sequence[str], repeat: int) -> tuple[float, float]:
    """Alternate the two commands so a burst of load from others hits both alike."""
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(first))
        b.append(timed(second))
    return statistics.median(a), statistics.median(b)


def load_average() -> list[float]:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def brevtjek(*args: str) -> list[str]:
    return [sys.executable, "-m", "brevtjek", *args]


# --- corpus helpers ---------------------------------------------------------------------

def letter_texts(folder: Path) -> list[list[str]]:
    """The block texts of every letter in ``folder``, as brevtjek reads them, in its order."""
    return [[block.text for block in load_document(path).blocks] for path in discover([str(folder)])]


def word_count(texts: list[list[str]]) -> int:
    return sum(len(WORD.findall(text)) for blocks in texts for text in blocks)


def recurring_share(texts: list[list[str]]) -> float:
    """Share of the words that sit in a block whose exact text an earlier letter had too
    (what brevtjek/nlp/recurring.py can reuse; the NLP floor analyses them all)."""
    seen: set[str] = set()
    recurring = 0
    for blocks in texts:
        recurring += sum(len(WORD.findall(text)) for text in set(blocks) & seen)
        seen.update(blocks)
    return round(recurring / max(1, word_count(texts)), 3)


def long_letter(samples: list[Sample], pages: int, seed: int) -> list[Block]:
    """Ordinary letters' bodies one after another until the text fills ``pages`` pages."""
    rng = random.Random(seed + 1)
    pool: dict[Role, list[str]] = {}
    for sample in samples:
        for block in sample.blocks:
            pool.setdefault(block.role, []).append(block.text)
    blocks: list[Block] = []
    words = 0
    number = 0
    while words < pages * WORDS_PER_PAGE:
        for block in recombine(samples[number % len(samples)], pool, rng):
            blocks.append(Block(index=len(blocks), text=block.text, role=block.role,
                                heading_level=block.heading_level))
            words += len(WORD.findall(block.text))
        number += 1
    return blocks


def split_pages(blocks: list[Block]) -> list[list[Block]]:
    """The same blocks cut into one-page letters (whole blocks, about WORDS_PER_PAGE words)."""
    pages: list[list[Block]] = [[]]
    words = 0
    for block in blocks:
        if words >= WORDS_PER_PAGE:
            pages.append([])
            words = 0
        pages[-1].append(Block(index=len(pages[-1]), text=block.text, role=block.role,
                               heading_level=block.heading_level))
        words += len(WORD.findall(block.text))
    return pages


def invented_terms(count: int, seed: int) -> list[str]:
    """Jargon-like Danish compounds that no sample letter contains (the cost is the lookup)."""
    rng = random.Random(seed)
    heads = ["sags", "ydelses", "bevillings", "visitations", "myndigheds", "forvaltnings",
             "tilskuds", "klage", "afgørelses", "kompensations", "hjælpe", "indsats"]
    middles = ["behandlings", "vurderings", "udmålings", "afklarings", "regulerings", "hjemmels",
               "opfølgnings", "tildelings", "beregnings", "revisions"]
    tails = ["grundlag", "forløb", "niveau", "ramme", "kriterium", "procedure", "kategori",
             "akt", "instans", "modul", "skema", "kode"]
    terms: set[str] = set()
    while len(terms) < count:
        term = rng.choice(heads) + rng.choice(middles) + rng.choice(tails)
        if rng.random() < 0.2:
            term = f"{rng.choice(['den', 'det', 'en'])} {term}"
        terms.add(term)
    return sorted(terms)


def jargon_pack_copies(target: Path, entries: int, seed: int) -> tuple[Path, Path]:
    """Two configs that differ only in the jargon vocabulary: the shipped one and a big one."""
    import yaml

    rules = REPO / "rules"
    configs = []
    for label in ("shipped", "big"):
        folder = target / label
        shutil.copytree(rules / JARGON_PACK, folder / JARGON_PACK)
        if label == "big":
            path = folder / JARGON_PACK / JARGON_FILE
            rule = yaml.safe_load(path.read_text(encoding="utf-8"))
            known = {entry["term"] for entry in rule["entries"]}
            for term in invented_terms(entries + len(known), seed):
                if len(rule["entries"]) >= entries:
                    break
                if term not in known:
                    rule["entries"].append({"term": term, "alternative": "et almindeligt ord",
                                            "reason": "et internt fagord fra forvaltningen"})
            path.write_text(yaml.safe_dump(rule, allow_unicode=True, sort_keys=False), encoding="utf-8")
        others = [name for name in ("forvaltningsret", "laesbarhed") if (rules / name).is_dir()]
        config = folder / "brevtjek.yaml"
        config.write_text(yaml.safe_dump({"packs": [*others, f"./{JARGON_PACK}"]}), encoding="utf-8")
        configs.append(config)
    return configs[0], configs[1]


# --- floors -----------------------------------------------------------------------------

def floor_load_code() -> str:
    """``import spacy; spacy.load(...)`` for the very pipeline brevtjek resolves."""
    kind, target = resolve_model(None)
    if kind == "blank":
        return "import spacy; nlp = spacy.blank('da')"
    return f"import spacy; nlp = spacy.load({target!r})"


def nlp_floor(texts: list[list[str]], workdir: Path) -> float:
    """One process: import spaCy, load the pipeline, ``nlp.pipe`` every block text."""
    source = workdir / "texts.json"
    source.write_text(json.dumps([text for blocks in texts for text in blocks]), encoding="utf-8")
    code = (f"import json, sys; {floor_load_code()}; nlp.max_length = 1_000_000; "
            "texts = json.load(open(sys.argv[1], encoding='utf-8')); "
            "[None for _ in nlp.pipe(texts, batch_size=64)]")
    return timed([sys.executable, "-c", code, str(source)], ok=(0,))


def proselint_folder(texts: list[list[str]], workdir: Path) -> Path | None:
    """The letters as plain .txt files for proselint (None if proselint is not installed)."""
    import importlib.util

    if importlib.util.find_spec("proselint") is None:
        return None
    folder = workdir / "proselint"
    folder.mkdir(exist_ok=True)
    for number, blocks in enumerate(texts):
        (folder / f"brev-{number:05d}.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return folder


def proselint_seconds(folder: Path) -> float:
    """One run of proselint's own CLI over ``folder``."""
    command = [sys.executable, "-m", "proselint", "check", "--output-format", "json", str(folder)]
    return timed(command, ok=(0, 1, 2))


def median_run(runs: list[RunResult]) -> RunResult:
    """The run with the median time (the lower middle one for an even count)."""
    return sorted(runs, key=lambda result: result.seconds)[(len(runs) - 1) // 2]


# --- the suite --------------------------------------------------------------------------

def worker_peak_mb(result: RunResult) -> float:
    peaks = result.worker_hwm_kb.values() or [result.wait4_maxrss_kb]
    return max(peaks) / 1024


def batch_figures(result: RunResult) -> dict[str, Any]:
    return {"jobs": result.jobs, "letters": result.letters, "seconds": round(result.seconds, 2),
            "cpu_seconds": round(result.cpu_seconds, 2), "findings": result.findings,
            "failed": result.failed, "main_peak_rss_mb": round(result.main_hwm_kb / 1024, 1),
            "worker_peak_rss_mb": sorted(round(kb / 1024, 1) for kb in result.worker_hwm_kb.values())}


def step(message: str) -> None:
    print(f"· {message}", flush=True)


def compile_bytecode() -> None:
    """Compile brevtjek's modules to bytecode, as ``pip install`` does for a wheel.

    spaCy in site-packages was compiled when it was installed; a source checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` (as on our CI machines) would compile brevtjek's modules
    on every start, and the cold-start ratio would measure Python's compiler.
    """
    import compileall

    compileall.compile_dir(str(REPO / "brevtjek"), quiet=1)


def measure(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    compile_bytecode()
    # a cache of its own: the first check below fills it, as a user's first run would
    os.environ["BREVTJEK_CACHE_DIR"] = str(workdir / "cache")
    samples = load_samples(args.corpus)
    sizes = sorted(args.sizes)
    small, large = sizes[0], sizes[-1]
    figures: dict[str, Any] = {"batches": {}}
    ratios: list[Ratio] = []
    corpora: dict[int, Path] = {}
    for size in sizes:
        corpora[size] = workdir / f"korpus-{size}"
        build_corpus(samples, size, corpora[size], args.seed)
    one_letter = next(path for path in discover([str(corpora[small])]) if path.endswith(".docx"))

    step(f"kold start: brevtjek check mod gulvet ({args.repeat} gange hver)")
    check_s, floor_s = interleaved_medians(
        brevtjek("check", one_letter, "--format", "json", "-q"),
        [sys.executable, "-c", floor_load_code()], args.repeat)
    # the runs above share the compiled-pack cache (brevtjek/rules/cache.py) after the
    # first; a check right after a rule pack was edited pays for validating it again:
    no_cache_s = median_time(brevtjek("check", one_letter, "--format", "json", "-q", "--no-cache"),
                             args.repeat)
    help_s = median_time(brevtjek("--help"), args.repeat)
    list_s = median_time(brevtjek("rules", "list"), args.repeat)
    figures["cold"] = {"check_seconds": round(check_s, 3), "floor_seconds": round(floor_s, 3),
                       "floor_code": floor_load_code(), "help_seconds": round(help_s, 3),
                       "check_without_pack_cache_seconds": round(no_cache_s, 3),
                       "rules_list_seconds": round(list_s, 3)}
    ratios += [
        Ratio("kold enkelttjek / gulv", check_s / floor_s, 1.2, False,
              f"{check_s:.2f} s / {floor_s:.2f} s"),
        Ratio("brevtjek --help (s)", help_s, 0.3, False, f"{help_s:.2f} s"),
        Ratio("brevtjek rules list (s)", list_s, 0.3, False, f"{list_s:.2f} s"),
    ]
    if args.start_only:
        figures["ratios"] = [ratio.to_dict() for ratio in ratios]
        return figures

    results: dict[tuple[int, int], RunResult] = {}
    for size in sizes[:-1]:
        step(f"{size} breve, -j 1")
        results[size, 1] = run(corpora[size], 1)
    texts = {size: letter_texts(corpora[size]) for size in sizes}
    peer_folder = proselint_folder(texts[large], workdir) if args.peer else None
    # A 10-second process varies by ±20 % from one run to the next on a shared machine, and
    # the load drifts over minutes: the batches, the NLP floor and the peer that a ratio
    # compares are run in turn, round after round, and each figure is the median of its runs.
    order = ["-j 1", "-j 2", "NLP-gulv", *(["proselint"] if peer_folder else [])]
    step(f"{large} breve på skift: {', '.join(order)} ({args.rounds} runder)")
    rounds: dict[str, list[Any]] = {"j1": [], "j2": [], "floor": [], "peer": []}
    for _ in range(args.rounds):
        rounds["j1"].append(run(corpora[large], 1))
        rounds["j2"].append(run(corpora[large], 2))
        rounds["floor"].append(nlp_floor(texts[large], workdir))
        if peer_folder is not None:
            rounds["peer"].append(proselint_seconds(peer_folder))
    results[large, 1] = median_run(rounds["j1"])
    results[large, 2] = median_run(rounds["j2"])
    for (size, jobs), result in results.items():
        figures["batches"][f"{size}/j{jobs}"] = batch_figures(result)
    figures["rounds"] = {name: [round(item if isinstance(item, float) else item.seconds, 2) for item in items]
                         for name, items in rounds.items() if items}
    # for the record, not a target: the same batch analysing every block afresh (no reuse
    # of recurring block texts, brevtjek/nlp/recurring.py; no compiled-pack cache either)
    step(f"{large} breve, -j 1, --no-cache")
    figures["batches"][f"{large}/j1/no-cache"] = batch_figures(run(corpora[large], 1, ("--no-cache",)))

    nlp_s = statistics.median(rounds["floor"])
    batch_s = results[large, 1].seconds
    figures["nlp_floor"] = {"letters": large, "seconds": round(nlp_s, 2),
                            "blocks": sum(len(blocks) for blocks in texts[large]),
                            "words": word_count(texts[large]),
                            "words_in_recurring_blocks": recurring_share(texts[large])}
    ratios.append(Ratio(f"batch {large} breve -j 1 / NLP-gulv", batch_s / nlp_s, 1.25, False,
                        f"{batch_s:.1f} s / {nlp_s:.1f} s"))
    j2_s = results[large, 2].seconds
    ratios.append(Ratio(f"-j 1 / -j 2 ({large} breve)", batch_s / j2_s, 1.7, True,
                        f"{batch_s:.1f} s / {j2_s:.1f} s"))
    if large != small:
        small_s = results[small, 1].seconds
        scale = (batch_s / small_s) / (large / small)
        ratios.append(Ratio(f"{large} breve / {small} breve, pr. brev", scale, 1.05, False,
                            f"{batch_s:.1f} s / {small_s:.1f} s = {batch_s / small_s:.2f} × "
                            f"(mål ≤ {1.05 * large / small:.1f} ×)"))

    step(f"langt brev: {args.pages} sider mod {args.pages} enkeltsidede breve")
    blocks = long_letter(samples, args.pages, args.seed)
    long_path = workdir / "langt-brev.docx"
    write_docx(long_path, blocks)
    pages_dir = workdir / "sider"
    pages_dir.mkdir()
    page_letters = split_pages(blocks)
    for number, page in enumerate(page_letters):
        write_docx(pages_dir / f"side-{number:04d}.docx", page)
    long_s = timed(brevtjek("check", str(long_path), "--format", "json", "-q", *NO_BUDGET))
    pages_s = timed(brevtjek("check", str(pages_dir), "--format", "json", "-q", "-j", "1", *NO_BUDGET))
    figures["long_letter"] = {"pages": args.pages, "words": sum(len(WORD.findall(b.text)) for b in blocks),
                              "seconds": round(long_s, 2), "page_letters": len(page_letters),
                              "page_letters_seconds": round(pages_s, 2)}
    ratios.append(Ratio(f"brev på {args.pages} sider / {len(page_letters)} enkeltsidede breve",
                        long_s / pages_s, 1.2, False, f"{long_s:.1f} s / {pages_s:.1f} s"))

    step(f"ordforråd: {args.vocabulary} jargonord mod det leverede ({small} breve, -j 1)")
    shipped, big = jargon_pack_copies(workdir / "pakker", args.vocabulary, args.seed)
    # single runs differ by ±20 % on a shared machine (and a run of 100 letters is half
    # start-up): alternate the two, take medians
    shipped_times, big_times = [], []
    for _ in range(args.repeat):
        shipped_times.append(run(corpora[small], 1, ("--config", str(shipped))).seconds)
        big_times.append(run(corpora[small], 1, ("--config", str(big))).seconds)
    shipped_s, big_s = statistics.median(shipped_times), statistics.median(big_times)
    figures["vocabulary"] = {"entries": args.vocabulary, "shipped_seconds": round(shipped_s, 2),
                             "big_seconds": round(big_s, 2), "runs": len(big_times)}
    ratios.append(Ratio(f"{args.vocabulary} jargonord / leveret pakke", big_s / shipped_s,
                        1.1, False, f"{big_s:.1f} s / {shipped_s:.1f} s (median af {len(big_times)})"))

    small_mb, large_mb = worker_peak_mb(results[small, 1]), worker_peak_mb(results[large, 1])
    figures["memory"] = {"worker_peak_rss_mb": {str(small): round(small_mb, 1), str(large): round(large_mb, 1)},
                         "main_peak_rss_mb": {str(small): round(results[small, 1].main_hwm_kb / 1024, 1),
                                              str(large): round(results[large, 1].main_hwm_kb / 1024, 1)}}
    ratios.append(Ratio(f"RAM pr. arbejder, {large} breve (MB)", large_mb, 350, False, f"{large_mb:.0f} MB"))
    if large != small:
        ratios.append(Ratio(f"RAM pr. arbejder {large} / {small} breve", large_mb / small_mb, 1.1, False,
                            f"{large_mb:.0f} MB / {small_mb:.0f} MB"))

    if args.peer:
        words = word_count(texts[large])
        if not rounds["peer"]:
            figures["peer"] = {"tool": "proselint", "installed": False}
        else:
            peer_s = statistics.median(rounds["peer"])
            ours, theirs = words / j2_s, words / peer_s
            figures["peer"] = {"tool": "proselint", "installed": True, "letters": large, "words": words,
                               "seconds": round(peer_s, 2), "words_per_second": round(theirs),
                               "brevtjek_j2_words_per_second": round(ours)}
            ratios.append(Ratio("ord/s: brevtjek -j 2 / proselint", ours / theirs, 1.0, True,
                                f"{ours:.0f} / {theirs:.0f} ord/s"))
    figures["ratios"] = [ratio.to_dict() for ratio in ratios]
    return figures


def table(ratios: list[dict[str, Any]]) -> str:
    """The results as a Markdown table (the README quotes it)."""
    lines = ["| måling | værdi | mål | | detaljer |", "|---|---:|---:|---|---|"]
    for ratio in ratios:
        sign = "≥" if ratio["higher_is_better"] else "≤"
        lines.append(f"| {ratio['name']} | {ratio['value']:.2f} | {sign} {ratio['target']} | "
                     f"{'✓' if ratio['meets'] else '✗'} | {ratio['detail']} |")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda v: [int(x) for x in v.split(",")], default=[100, 1000],
                        help="corpus sizes (letters), comma-separated")
    parser.add_argument("--pages", type=int, default=300, help="pages of the long letter")
    parser.add_argument("--repeat", type=int, default=5, help="runs per cold-start median")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the large batch at -j 1 and -j 2, the NLP floor and the peer, run in turn")
    parser.add_argument("--vocabulary", type=int, default=1000, help="entries in the big jargon pack")
    parser.add_argument("--no-peer", dest="peer", action="store_false", help="skip proselint")
    parser.add_argument("--tiny", action="store_true",
                        help="smoke test: 3 and 6 letters, 2 pages, 1 repeat, no peer")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpora" / "letters")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=None,
                        help="where to write the figures (default: benchmarks/results.json; "
                             "with --start-only: nowhere, only the table is printed)")
    parser.add_argument("--keep", action="store_true", help="keep the generated letters")
    parser.add_argument("--start-only", action="store_true",
                        help="only the start-up figures (cold check, --help, rules list); "
                             "quick to repeat, since one run of them is noisy")
    args = parser.parse_args(argv)
    if args.output is None and not args.start_only:
        args.output = Path(__file__).resolve().parent / "results.json"
    if args.tiny:
        args.sizes, args.pages, args.repeat, args.peer, args.rounds = [3, 6], 2, 1, False, 1
        args.vocabulary = min(args.vocabulary, 200)
    return args


def main(argv: Sequence[str] | None = None, clock: Callable[[], float] = time.perf_counter) -> None:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="brevtjek-bench-"))
    started = clock()
    load_before = load_average()
    try:
        figures = measure(args, workdir)
    finally:
        if args.keep:
            print(f"Filerne ligger i {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    import spacy

    kind, target = resolve_model(None)
    results = {
        "command": " ".join(["benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "date": time.strftime("%Y-%m-%d %H:%M", time.localtime()),
        "seconds": round(clock() - started, 1),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "spacy": spacy.__version__, "load_average_before": load_before,
                    "load_average_after": load_average()},
        "pipeline": {"kind": kind, "target": Path(target).name if kind != "package" else target},
        "settings": {"sizes": args.sizes, "pages": args.pages, "repeat": args.repeat,
                     "rounds": args.rounds, "seed": args.seed,
                     "vocabulary": args.vocabulary, "peer": args.peer},
        **figures,
    }
    if args.output is not None:
        args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(table(results["ratios"]))
    after = results["machine"]["load_average_after"]
    print(f"\nBelastning (load average 1/5/15 min) før: {load_before}, efter: {after}")
    if args.output is not None:
        print(f"Skrevet: {args.output}")


if __name__ == "__main__":
    main()
