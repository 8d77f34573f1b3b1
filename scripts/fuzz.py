#!/usr/bin/env python3
"""Run brevtjek's mutation fuzzer for a while (tests/fuzz/): mutated corpus letters through
``load_document`` and the whole checker, looking for anything but a report or a clear
DocumentReadError.

    .venv/bin/python scripts/fuzz.py --minutes 10            # a long local run
    .venv/bin/python scripts/fuzz.py --seed 3 --replay 1234  # re-run one case, show its trace

Failing inputs are saved in ``fuzz-failures/`` (case number, mutation and reason in the file
name) so they can be opened in Word or turned into a test. Exit code 1 if anything failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to run")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000,
                        help="seed of the run (printed, so a run can be repeated)")
    parser.add_argument("--replay", type=int, metavar="CASE",
                        help="run only this case of the seed and show what happens")
    parser.add_argument("--out", type=Path, default=REPO / "fuzz-failures",
                        help="folder for failing inputs")
    args = parser.parse_args()

    from brevtjek.checker import Checker
    from brevtjek.config import Config
    from tests.fuzz.driver import fuzz, make_case, run_case, seeds_corpus

    checker = Checker(Config())
    _ = checker.nlp
    if args.replay is not None:
        mutation, data = make_case(seeds_corpus(), args.seed, args.replay)
        print(f"case {args.replay} of seed {args.seed}: {mutation}, {len(data)} bytes")
        outcome, problems = run_case(data, checker)  # exceptions propagate with a traceback
        print(f"outcome: {outcome}")
        for problem in problems:
            print(f"  problem: {problem}")
        return 1 if problems else 0

    print(f"fuzzing for {args.minutes:g} min, seed {args.seed} "
          f"(repeat a case with --seed {args.seed} --replay N)", flush=True)

    def progress(stats):
        if stats.cases % 1000 == 0:
            print(f"  {stats.summary()}", flush=True)

    stats = fuzz(args.minutes * 60, seed=args.seed, checker=checker, on_progress=progress)
    print(stats.summary())
    if stats.failures:
        args.out.mkdir(parents=True, exist_ok=True)
        for failure in stats.failures:
            name = f"seed{args.seed}-case{failure.case}-{failure.kind}-{failure.mutation}.docx"
            (args.out / name).write_bytes(failure.data)
            print(f"\nFAIL case {failure.case} ({failure.mutation}): {failure.kind}\n"
                  f"{failure.detail}\n  saved as {args.out / name}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
