"""Print the configurations tried (training/results/*.json) as a Markdown table.

Usage: ``.venv/bin/python training/results_table.py > /tmp/table.md``; the
table in training/README.md was made this way. Held-out scores are in %,
speed in tokens/s on one core, load time in seconds (median of fresh
processes), size in MB (10^6 bytes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def row(summary: dict[str, Any]) -> str:
    """One Markdown table row for a results file."""
    held = summary.get("heldout") or {}
    bench = summary.get("benchmark") or {}

    def pct(key: str) -> str:
        return f"{100 * held[key]:.1f}" if key in held else "-"

    keys = (summary.get("lexicon_vectors") or {}).get("keys")
    lex = f"{round(keys / 1000)}k" if keys else "-"
    lemma_k = f"{round(summary['lemma_table']['entries'] / 1000)}k"
    width = summary["overrides"].get("components.tok2vec.model.embed.width", 64)
    return (
        f"| {summary['name']} | {width} | {lex} | {lemma_k} | {summary['train_on']} | "
        f"{summary['training'].get('best_epoch')} | {pct('pos_acc')} | {pct('morph_acc')} | "
        f"{pct('voice_acc')} | {pct('verbform_acc')} | {pct('lemma_acc')} | "
        f"{bench.get('tokens_per_second', '-')} | {bench.get('load_seconds', '-')} | {bench.get('size_mb', '-')} |"
    )


def main() -> None:
    """Print the table, one row per results file, sorted by name."""
    lines: list[str] = [
        "| run | width | vector keys | lemma entries | trained on | epochs | POS | morph | Voice | VerbForm | lemma "
        "| tok/s (1 core) | load s | MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for path in sorted(RESULTS_DIR.glob("*.json")):
        lines.append(row(json.loads(path.read_text(encoding="utf8"))))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
