"""Which letters a run checks: paths, folders, glob patterns and exclusions → a sorted list.

Teams point brevtjek at template libraries and letter archives, so a folder is searched
recursively for ``.docx``, ``.txt`` and ``.md`` files. What a person or a synchronisation
tool leaves behind is skipped: Word's lock files (``~$brev.docx``, written while a letter
is open) and hidden files and folders (``.git``, ``.venv``, macOS ``._`` files).

The rules, chosen so that the same command always checks the same files in the same order:

* ``-`` is standard input (at most once).
* A path to an existing file is checked whatever its suffix (an old ``brev.doc`` must be
  reported, not silently ignored) — except a Word lock file, which is never a letter.
* A folder is walked recursively (symbolic links to folders are not followed, so a link
  loop cannot hang a batch); only letter suffixes count; hidden entries and lock files
  are skipped. Its files are sorted.
* A pattern with ``*``, ``?`` or ``[`` that is not an existing path is expanded by
  brevtjek (``**`` crosses folders), for CI systems that pass patterns unexpanded. Matched
  folders are walked as above; matched files follow the folder rules. A pattern that
  matches nothing, and a path that does not exist, are kept as given so the checker
  reports them as that file's error (exit code 2) instead of checking nothing silently.
* ``--exclude PATTERN`` (repeatable) drops a file when the pattern matches its path (as
  given or relative to the current folder, with ``/``), its name, or any folder it sits
  in, so ``--exclude arkiv``, ``--exclude '*.md'`` and ``--exclude 'skabeloner/gamle/*'``
  all work.
* Arguments keep their order; a file reached twice is checked once (first place wins).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from pathlib import PurePath

LETTER_SUFFIXES = frozenset({".docx", ".txt", ".md"})
STDIN = "-"
LOCK_PREFIX = "~$"
GLOB_CHARS = frozenset("*?[")
ANNOTATED_SUFFIX = ".brevtjek.docx"
"""brevtjek's own annotated copies (``--annotate``): a folder walk must not check them again."""


def is_lock_file(name: str) -> bool:
    """Word writes ``~$name.docx`` beside a letter while it is open; it is not a letter."""
    return name.startswith(LOCK_PREFIX)


def is_hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def is_letter_name(name: str) -> bool:
    """A file a folder walk or a pattern picks up: a letter suffix, not hidden, not a lock,
    not an annotated copy brevtjek wrote beside a letter on an earlier run."""
    return (
        PurePath(name).suffix.lower() in LETTER_SUFFIXES
        and not is_hidden(name)
        and not is_lock_file(name)
        and not name.lower().endswith(ANNOTATED_SUFFIX)
    )


def sort_key(path: str) -> tuple[tuple[str, str], ...]:
    """Order by folder components, case-insensitively first, so every platform agrees."""
    return tuple((part.casefold(), part) for part in PurePath(path).parts)


def walk_folder(folder: str) -> list[str]:
    """Every letter below ``folder``, sorted; hidden folders are not entered."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [name for name in dirs if not is_hidden(name)]
        found.extend(os.path.normpath(os.path.join(root, name))
                     for name in files if is_letter_name(name))
    return sorted(found, key=sort_key)


def has_glob(argument: str) -> bool:
    return any(char in GLOB_CHARS for char in argument)


def expand_pattern(pattern: str) -> list[str]:
    """Files a glob pattern selects (folders walked), sorted; empty if nothing matches."""
    found: list[str] = []
    for match in sorted(glob.glob(pattern, recursive=True), key=sort_key):
        if os.path.isdir(match):
            found.extend(walk_folder(match))
        elif is_letter_name(os.path.basename(match)):
            found.append(match)
    return found


def expand_argument(argument: str) -> list[str]:
    """What one command-line argument stands for, in order."""
    if argument == STDIN:
        return [STDIN]
    if os.path.isdir(argument):
        return walk_folder(argument)
    if os.path.lexists(argument):
        return [] if is_lock_file(os.path.basename(argument)) else [argument]
    if has_glob(argument):
        return expand_pattern(argument) or [argument]
    return [argument]


def _candidates(path: str) -> Iterable[str]:
    """The spellings of a path an exclusion pattern is tried against.

    Folder names count only below the current folder (or within a relative path as
    given): ``--exclude tmp`` must not drop every letter of a run inside ``/tmp/…``.
    """
    pure = PurePath(path)
    yield pure.as_posix()
    yield pure.name
    try:
        relative: str | None = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive on Windows
        relative = None
    if relative is not None and not relative.startswith(".."):
        yield PurePath(relative).as_posix()
        yield from PurePath(relative).parts[:-1]
    elif not pure.is_absolute():
        yield from pure.parts[:-1]


def is_excluded(path: str, patterns: Sequence[str]) -> bool:
    if path == STDIN or not patterns:
        return False
    normalised = [pattern.rstrip("/") for pattern in patterns if pattern.strip()]
    return any(
        fnmatchcase(candidate, pattern)
        for candidate in _candidates(path)
        for pattern in normalised
    )


def _identity(path: str) -> str:
    """Two spellings of one file (``a/b.txt`` and ``./a/../a/b.txt``) are one letter."""
    if path == STDIN:
        return STDIN
    return os.path.normcase(os.path.abspath(path))


def discover(arguments: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """The letters to check for these arguments, in a stable order, each once."""
    seen: set[str] = set()
    letters: list[str] = []
    for argument in arguments:
        for path in expand_argument(argument):
            identity = _identity(path)
            if identity in seen or is_excluded(path, exclude):
                continue
            seen.add(identity)
            letters.append(path)
    return letters


__all__ = ["LETTER_SUFFIXES", "STDIN", "discover", "is_excluded", "is_letter_name"]
