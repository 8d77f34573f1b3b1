"""Shared data files that rules refer to by name: word lists, the law registry.

A name such as ``ordlister/fagord`` means ``<pack>/data/ordlister/fagord.yaml`` when the pack
has that file, otherwise ``rules/data/ordlister/fagord.yaml`` among the shipped data. A
pack's own file wins, so a municipality can replace a shared list without copying the rules
that use it. Files are loaded with the same safe YAML loader as rule packs (size cap, no
aliases) and remember positions, so a bad entry is reported at its own line.

A word list is a YAML list of strings, or a mapping with a ``words:`` list (room for a
description beside it)::

    description: Fagord fra serviceloven
    words:
      - merudgift
      - forbrugsgode
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brevtjek.errors import RulePackError
from brevtjek.rules import cache
from brevtjek.rules.yaml_source import YamlSource, load_yaml_file

DATA_DIR = "data"


class MissingDataError(RulePackError):
    """A rule names a data file that does not exist (reported at the rule's field)."""


def shared_data_dir() -> Path:
    from brevtjek.rules.packs import builtin_rules_dir

    return builtin_rules_dir() / DATA_DIR


class DataLoader:
    """Finds and caches data files for one pack; problems are Danish and name the file."""

    def __init__(self, pack_dir: Path | None) -> None:
        self.pack_dir = pack_dir
        self.loaded: dict[str, YamlSource] = {}

    def candidates(self, name: str) -> list[Path]:
        dirs = ([self.pack_dir / DATA_DIR] if self.pack_dir is not None else []) + [shared_data_dir()]
        return [directory / f"{name}{suffix}" for directory in dirs for suffix in (".yaml", ".yml")]

    def load(self, name: str) -> YamlSource:
        """The data file called ``name``; raise RulePackError (one problem) when missing."""
        if name in self.loaded:
            return self.loaded[name]
        for path in self.candidates(name):
            if cache.is_file(path):
                source = load_yaml_file(path)
                self.loaded[name] = source
                return source
        searched = ", ".join(str(path.parent) for path in self.candidates(name)[::2])
        raise MissingDataError(
            f"datafilen «{name}» findes ikke (søgt efter {name}.yaml i {searched}). Tjek "
            "navnet, eller læg filen i pakkens data-mappe."
        )


def word_list(source: YamlSource) -> tuple[list[str], list[str]]:
    """(words, problems) from a word-list data file."""
    data = source.data
    key: tuple[Any, ...] = ()
    if isinstance(data, dict):
        if "words" not in data:
            return [], [f"{source.location(())}: en ordliste skal have feltet «words» med en "
                        "liste af ord (eller være en liste)."]
        data = data["words"]
        key = ("words",)
    if not isinstance(data, list):
        return [], [f"{source.location(key)}: en ordliste skal være en liste (linjer, der "
                    "begynder med '- ')."]
    words: list[str] = []
    problems: list[str] = []
    for index, item in enumerate(data):
        if not isinstance(item, str) or not item.strip():
            problems.append(f"{source.location((*key, index))}: hvert ord i listen skal være "
                            "en ikke-tom tekst.")
        else:
            words.append(item)
    return words, problems


def load_named_data(name: str, pack_dir: Path | None = None) -> Any:
    """The parsed content of a data file (for code outside the rules, e.g. the law registry)."""
    return DataLoader(pack_dir).load(name).data


class DataContext:
    """What a rule type's ``resolve_data`` hook gets: a loader and places to put problems.

    ``rule_problems`` are (path inside the rule, Danish text), reported at the rule's field;
    ``problems`` are complete messages located in the data file itself.
    """

    def __init__(self, loader: DataLoader) -> None:
        self.loader = loader
        self.rule_problems: list[tuple[tuple[Any, ...], str]] = []
        self.problems: list[str] = []
        self.used: dict[str, Any] = {}

    def source(self, name: str, key: tuple[Any, ...]) -> YamlSource | None:
        try:
            source = self.loader.load(name)
        except MissingDataError as error:
            self.rule_problems.append((key, error.message))
            return None
        except RulePackError as error:
            self.problems.extend(error.problems)
            return None
        self.used[name] = source.data
        return source

    def words(self, names: list[str], field: str) -> list[str]:
        """Every word of the named word lists, in order."""
        collected: list[str] = []
        for index, name in enumerate(names):
            source = self.source(name, (field, index))
            if source is None:
                continue
            words, problems = word_list(source)
            collected.extend(words)
            self.problems.extend(problems)
        return collected
