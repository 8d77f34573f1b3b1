"""Make sure every inflection of the shipped rule packs' vocabulary is in the bundled lemma table.

The bundled model keeps only the 50,000 best-ranked entries of spaCy's Danish lemma table
(the full table takes 1.5-2 s to load). Word rules match a letter's words by form or lemma,
so a form missing from the table ("visitationen") would escape the rule for "visitation".
This step adds, from the full table, every form whose lemma is the lemma of a word used in
a shipped pack's vocabulary (substitution terms and forms, existence/occurrence words).
It is run after training (and whenever a shipped pack gains words):

    .venv/bin/python training/add_vocabulary_lemmas.py [--model brevtjek/models/da_brevtjek]

Organisations' own packs are covered as far as the 50,000 common entries reach; a term's
inflections can always be listed explicitly under ``forms``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
MIN_WORD_LETTERS = 5
"""Short words in phrases are function words ("med", "det", "til"): their full-table lemmas
are where the training corrections removed wrong entries ("med" -> "mede"); leave them."""


def vocabulary_words(rules_dir: Path) -> Iterator[str]:
    """Every single word in the shipped packs' word lists (terms, forms, words)."""
    for path in sorted(rules_dir.glob("*/*.yaml")):
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        phrases: list[str] = []
        for entry in data.get("entries") or []:
            if isinstance(entry, dict):
                phrases.append(str(entry.get("term", "")))
                phrases.extend(str(form) for form in entry.get("forms") or [])
        phrases.extend(str(word) for word in data.get("words") or [])
        for phrase in phrases:
            for word in phrase.lower().replace("\n", " ").split():
                word = word.strip(".,;:!?«»\"'()")
                if word.isalpha() and len(word) >= MIN_WORD_LETTERS:
                    yield word


def full_lemma_table() -> dict[str, str]:
    """spacy-lookups-data's Danish table as a plain dict (spaCy's Table hashes its keys)."""
    import gzip
    import json

    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "da_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        table: dict[str, str] = json.load(stream)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=REPO / "brevtjek/models/da_brevtjek")
    parser.add_argument("--rules", type=Path, default=REPO / "rules")
    args = parser.parse_args()

    full = full_lemma_table()
    words = set(vocabulary_words(args.rules))
    lemmas = {full.get(word, word) for word in words} | words
    wanted = {form: lemma for form, lemma in full.items() if lemma in lemmas and form != lemma}

    lookups_dir = args.model / "lemmatizer" / "lookups"
    from spacy.lookups import Lookups

    lookups = Lookups().from_disk(lookups_dir)
    table = lookups.get_table("lemma_lookup")
    added = 0
    for form, lemma in sorted(wanted.items()):
        if form not in table:
            table[form] = lemma
            added += 1
    lookups.to_disk(lookups_dir)
    print(f"{len(words)} vocabulary words, {len(lemmas)} lemmas: added {added} forms; "
          f"table now {len(table)} entries")


if __name__ == "__main__":
    main()
