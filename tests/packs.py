"""Write small rule packs into a temporary folder for tests."""

from __future__ import annotations

from pathlib import Path

import yaml

JARGON_RULE = {
    "id": "test.papirord",
    "type": "substitution",
    "severity": "warning",
    "message": "«{match}» er {reason}.",
    "suggestion": "Skriv «{alternative}».",
    "examples": {"bad": ["Såfremt du er uenig, kan du klage."],
                 "good": ["Hvis du er uenig, kan du klage."]},
    "entries": [
        {"term": "såfremt", "alternative": "hvis", "reason": "et gammeldags ord"},
        {"term": "i henhold til", "alternative": "efter", "reason": "en stiv vending"},
        {"term": "fremsende", "alternative": "sende", "reason": "et papirord"},
        {"term": "bevilling", "alternative": "hjælp", "reason": "et fagord", "severity": "info"},
        {"term": "ydelse", "alternative": "hjælp", "reason": "et abstrakt ord"},
        {"term": "det skal bemærkes, at", "alternative": "", "reason": "fyld"},
        {"term": "det skal bemærkes", "alternative": "", "reason": "fyld"},
    ],
}


def write_pack(root: Path, name: str = "test", rules: list[dict] | None = None,
               extends: list[str] | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"name": name, "version": "1.0.0", "extends": extends or []}
    (folder / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), "utf-8")
    for rule in rules if rules is not None else [JARGON_RULE]:
        slug = rule["id"].split(".", 1)[1]
        (folder / f"{slug}.yaml").write_text(yaml.safe_dump(rule, allow_unicode=True), "utf-8")
    return folder


def checker_for(folder: Path):
    from brevtjek.checker import Checker
    from brevtjek.config import Config

    return Checker(Config(packs=[str(folder)]))
