"""Load YAML safely and remember where every value stood.

Legal staff edit rule packs by hand; when something is wrong they need the file, the line
and the column. PyYAML's composer gives every node its position; we keep a map from the
value's path (("entries", 3, "term")) to its (line, column), so a validation error on a path
can be reported at the right place.

Safety: only plain YAML (the safe constructor), a size cap per file, and no anchors or
aliases at all — they are the mechanism of "billion laughs" bombs and rule packs have no
need for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brevtjek.errors import RulePackError
from brevtjek.rules import cache

SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: the shipped packs parse ~10x faster,
which is most of what `brevtjek rules list` costs. Same safe constructor, same marks."""

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

PathKey = tuple[Any, ...]


@dataclass
class YamlSource:
    """A parsed YAML file with positions (1-based line and column) by value path."""

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, key: PathKey) -> tuple[int, int]:
        """Position of the value at ``key``, or of its nearest ancestor that has one."""
        probe = tuple(key)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def location(self, key: PathKey) -> str:
        line, column = self.where(key)
        return f"{self.path}:{line}:{column}"


def _problem(path: str, line: int, column: int, text: str) -> RulePackError:
    message = f"{path}:{line}:{column}: {text}"
    return RulePackError(message, [message])


def _record(node: yaml.Node, key: PathKey, positions: dict[PathKey, tuple[int, int]],
            depth: int, path: str) -> None:
    if depth > MAX_DEPTH:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        raise _problem(path, line, column, f"YAML'en er indlejret mere end {MAX_DEPTH} niveauer.")
    positions[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            _record(value_node, (*key, name), positions, depth + 1, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*key, index), positions, depth + 1, path)


def _construct(node: yaml.Node | None) -> Any:
    """The data of an already composed document (the safe constructor), without parsing the
    text a third time."""
    if node is None:
        return None
    loader = SAFE_LOADER("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def parse_yaml(text: str, path: str) -> YamlSource:
    """Parse YAML text into data plus positions, rejecting aliases and oversized input."""
    if len(text.encode("utf-8", errors="replace")) > MAX_YAML_BYTES:
        raise _problem(
            path, 1, 1,
            f"Filen er for stor (over {MAX_YAML_BYTES // (1024 * 1024)} MB). Del den op i "
            "flere filer.",
        )
    try:
        depth = 0
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            # Depth is checked on the event stream, before compose/safe_load recurse:
            # PyYAML slows down quadratically with nesting ("[[[[…" hangs for minutes).
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise _problem(path, (mark.line + 1) if mark else 1,
                                   (mark.column + 1) if mark else 1,
                                   f"YAML'en er indlejret mere end {MAX_DEPTH} niveauer.")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise _problem(
                    path, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                    "Ankre og aliaser (& og *) er ikke tilladt i regelpakker. Skriv "
                    "værdien ud hvert sted, den bruges.",
                )
        node = yaml.compose(text, Loader=SAFE_LOADER)
        data = _construct(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        reason = error.problem or "ugyldig YAML"
        raise _problem(
            path, line, column,
            f"YAML-fejl: {reason}. Tjek indrykning, kolon efter nøgler og anførselstegn "
            "omkring tekster, der indeholder kolon eller #.",
        ) from error
    except yaml.YAMLError as error:
        raise _problem(path, 1, 1, f"YAML-fejl: {error}") from error
    positions: dict[PathKey, tuple[int, int]] = {}
    if node is not None:
        _record(node, (), positions, 0, path)
    return YamlSource(path=path, data=data, positions=positions)


def load_yaml_file(path: Path) -> YamlSource:
    """Read and parse a YAML file; read errors become rule-pack errors."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise _problem(
                str(path), 1, 1,
                f"Filen er for stor ({size // 1024} kB; højst {MAX_YAML_BYTES // 1024} kB). "
                "Del den op i flere filer.",
            )
        # bytes through the cache's recorder: a cached pack is valid only while they match
        text = cache.read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as error:
        raise _problem(str(path), 1, 1, "Filen er ikke gemt som UTF-8.") from error
    except OSError as error:
        raise _problem(str(path), 1, 1, f"Filen kunne ikke læses ({error.strerror}).") from error
    # universal newlines, as read_text would: "\r\n" and "\r" end a line
    return parse_yaml(text.replace("\r\n", "\n").replace("\r", "\n"), str(path))
