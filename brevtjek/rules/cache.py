"""A cache of validated rule packs, kept between runs like ruff's and mypy's caches.

Why: reading the shipped packs (YAML with positions, pydantic validation, word lists) costs
a few tenths of a second on every start, and turning their word lists into lemmas costs as
much again once spaCy is loaded. Neither changes between two runs unless a file changes,
and a caseworker checking one letter should not wait for it.

When an entry may be used (anything else is a miss, and the work is simply done again):

* its **key** matches: the cache format, brevtjek's version and the fingerprint of its own
  source files, the Python version, the installed pydantic/PyYAML, ``BREVTJEK_RULES_DIR``,
  the working directory, and what the caller adds (the configuration);
* every **observation** the original load made still holds: each file it read has the same
  bytes (a hash, not a timestamp), each "is there a pack.yaml here?" gets the same answer,
  and each folder listing (rule files of a pack, the shipped packs) is unchanged. So adding,
  editing or deleting a rule file always re-validates, and a broken pack is reported with
  its file:line:col as before.

A load that fails raises before anything is stored, so an error is never cached. The cache
is an optimisation only: a folder that cannot be created or written (read-only home
directories on municipal machines), a corrupt or foreign entry, or any other problem
silently means "no cache". Entries are written atomically (:mod:`brevtjek.atomic`), so the
parallel batch workers, which may all miss at once, never read half an entry.

Where: ``BREVTJEK_CACHE_DIR``; otherwise the platform's user cache (``$XDG_CACHE_HOME`` or
``~/.cache`` on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows) with
``brevtjek`` under it. ``BREVTJEK_NO_CACHE=1`` (or ``--no-cache``) turns it off.

Entries are pickles, so only files owned by the current user are read: a cache folder that
others can write to must not become a way to run code as someone else.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

CACHE_FORMAT = 1
"""Bumped when the layout of an entry changes."""
MAX_ENTRIES = 64
"""Entries kept per folder; the oldest go first (one config per folder adds one entry)."""
PACKAGE_DIR = Path(__file__).resolve().parents[1]
LIBRARIES = ("pydantic", "pydantic_core", "yaml")
"""Libraries whose version changes what validation accepts or how a pickled spec loads."""

T = TypeVar("T")
Observation = tuple[str, str, Any]
"""(kind, path, result): a question the load asked of the file system, and the answer."""

_recorders: list[list[Observation]] = []


# --- where, and whether -------------------------------------------------------------------

def enabled() -> bool:
    return os.environ.get("BREVTJEK_NO_CACHE", "").strip().lower() in ("", "0", "false", "no")


@contextmanager
def disabled(active: bool = True) -> Iterator[None]:
    """Run without the cache (``--no-cache``). Through the environment, which the batch hands
    to its workers (:class:`brevtjek.batch.WorkerSetup`); restored afterwards, so an
    in-process caller is unaffected."""
    if not active:
        yield
        return
    before = os.environ.get("BREVTJEK_NO_CACHE")
    os.environ["BREVTJEK_NO_CACHE"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("BREVTJEK_NO_CACHE", None)
        else:
            os.environ["BREVTJEK_NO_CACHE"] = before


def cache_dir() -> Path:
    """The cache folder (it may not exist yet, and may not be writable)."""
    override = os.environ.get("BREVTJEK_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "brevtjek" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "brevtjek"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "brevtjek"


# --- observations: the file-system questions a load depends on ----------------------------

def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _packs_in(directory: Path, marker: str) -> list[str]:
    try:
        return sorted(entry.name for entry in directory.iterdir() if (entry / marker).is_file())
    except OSError:
        return []


def _answer(kind: str, path: str) -> Any:
    """Ask the question again (to verify an entry) or for the first time (to record it)."""
    target = Path(path)
    if kind == "file":
        return target.is_file()
    if kind == "dir":
        return target.is_dir()
    if kind == "bytes":
        try:
            return digest(target.read_bytes())
        except OSError:
            return None
    if kind.startswith("glob:"):
        return [entry.name for entry in sorted(target.glob(kind[5:]))]
    if kind.startswith("packs:"):
        return _packs_in(target, kind[6:])
    raise ValueError(kind)


def _note(kind: str, path: Path, result: Any) -> None:
    for recorder in _recorders:
        recorder.append((kind, str(path), result))


def is_file(path: Path) -> bool:
    """``path.is_file()``, remembered for the entry being built."""
    result = path.is_file()
    _note("file", path, result)
    return result


def is_dir(path: Path) -> bool:
    result = path.is_dir()
    _note("dir", path, result)
    return result


def glob(directory: Path, pattern: str) -> list[Path]:
    """``sorted(directory.glob(pattern))``: adding or removing a rule file is a change."""
    found = sorted(directory.glob(pattern))
    _note(f"glob:{pattern}", directory, [entry.name for entry in found])
    return found


def packs_in(directory: Path, marker: str) -> list[str]:
    """Names of the sub-folders of ``directory`` holding ``marker`` (the shipped packs)."""
    names = _packs_in(directory, marker)
    _note(f"packs:{marker}", directory, names)
    return names


def read_bytes(path: Path) -> bytes:
    """``path.read_bytes()``; the entry is only valid while the file has these bytes."""
    data = path.read_bytes()
    if _recorders:
        _note("bytes", path, digest(data))
    return data


@contextmanager
def recording() -> Iterator[list[Observation]]:
    """Collect the observations made inside the block (nested blocks see them too)."""
    observations: list[Observation] = []
    _recorders.append(observations)
    try:
        yield observations
    finally:
        _recorders.remove(observations)


def still_true(observations: list[Observation]) -> bool:
    return all(_answer(kind, path) == result for kind, path, result in observations)


# --- keys -----------------------------------------------------------------------------------

def source_fingerprint(root: Path = PACKAGE_DIR) -> list[tuple[str, int, int]]:
    """(file, size, mtime) of brevtjek's own .py files: in a source checkout the version
    number does not change with every edit, but a cached spec must not outlive its code."""
    found: list[tuple[str, int, int]] = []
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in ("__pycache__", "models") and not entry.name.startswith("."):
                    stack.append(Path(entry.path))
            elif entry.name.endswith(".py"):
                info = entry.stat()
                found.append((entry.path, info.st_size, info.st_mtime_ns))
    return sorted(found)


def _library_fingerprint() -> list[tuple[str, Any]]:
    """Where each library lives and when it was installed, without importing it."""
    import importlib.util

    found: list[tuple[str, Any]] = []
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            info = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            origin, info = None, None
        found.append((name, (origin, info.st_size, info.st_mtime_ns) if info else None))
    return found


@lru_cache(maxsize=1)
def _installation() -> str:
    """Everything about this installation a key depends on (computed once per process)."""
    from brevtjek import __version__

    return repr((CACHE_FORMAT, __version__, sys.version, sys.implementation.cache_tag,
                 source_fingerprint(), _library_fingerprint()))


def make_key(kind: str, parts: tuple[Any, ...]) -> str:
    try:
        cwd = os.getcwd()  # relative pack paths are resolved against it
    except OSError:
        cwd = ""
    inputs = (_installation(), kind, os.environ.get("BREVTJEK_RULES_DIR", ""), cwd, parts)
    return digest(repr(inputs).encode("utf-8", errors="surrogatepass"))


# --- entries --------------------------------------------------------------------------------

def _entry_path(kind: str, key: str) -> Path:
    return cache_dir() / f"{kind}-{key}.pickle"


def _trusted(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def load(kind: str, key: str) -> tuple[list[Observation], Any] | None:
    """(observations, value) of a valid entry, or None. Never raises."""
    try:
        with open(_entry_path(kind, key), "rb") as stream:
            if not _trusted(os.fstat(stream.fileno())):
                return None
            layout, observations, payload = pickle.loads(stream.read())
        if layout != CACHE_FORMAT or not still_true(observations):
            return None
        return observations, pickle.loads(payload)
    except Exception:  # missing, corrupt, from another version: a miss, never an error
        return None


def store(kind: str, key: str, observations: list[Observation], value: Any) -> None:
    """Write an entry atomically; any problem (read-only folder, full disk) is ignored."""
    from brevtjek.atomic import write_atomic

    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        entry = pickle.dumps((CACHE_FORMAT, observations, payload), protocol=pickle.HIGHEST_PROTOCOL)
        directory = cache_dir()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(_entry_path(kind, key), entry)
        _prune(directory)
    except Exception:  # an optimisation must never fail the run
        return


def _prune(directory: Path) -> None:
    entries = [(entry.stat().st_mtime_ns, entry) for entry in directory.iterdir()
               if entry.suffix in (".pickle", ".tmp")]
    for _, entry in sorted(entries, key=lambda pair: pair[0])[: max(0, len(entries) - MAX_ENTRIES)]:
        entry.unlink(missing_ok=True)


def cached(kind: str, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its stored result when nothing it depended on has changed.

    The observations of a hit are passed on to an enclosing :func:`recording`, so an entry
    built on top of another (the rule listing on top of the packs) depends on its files too.
    """
    if not enabled():
        return compute()
    key = make_key(kind, parts)
    hit = load(kind, key)
    if hit is not None:
        observations, value = hit
        for recorder in _recorders:
            recorder.extend(observations)
        return value
    with recording() as observations:
        value = compute()  # raises on a broken pack: nothing is stored
    store(kind, key, observations, value)
    return value
