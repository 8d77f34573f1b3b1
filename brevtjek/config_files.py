"""Which configuration file is in effect — found without reading it as YAML or importing
pydantic, so ``brevtjek rules list`` can answer from the cache before either is loaded.

Discovery follows yamllint and Vale: an explicit ``--config`` wins; otherwise the nearest
``brevtjek.yaml`` / ``.brevtjek.yaml`` (or ``pyproject.toml`` with ``[tool.brevtjek]``)
found by walking up from the letter's folder. :mod:`brevtjek.config` reads and validates it.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_NAMES = ("brevtjek.yaml", ".brevtjek.yaml", "brevtjek.yml", ".brevtjek.yml")


def discover_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = pyproject.read_text(encoding="utf-8")
            except OSError:
                continue
            if "[tool.brevtjek]" in text:
                return pyproject
    return None


def config_file(explicit: str | Path | None, near: Path | None = None) -> Path | None:
    """The file :func:`brevtjek.config.load_config` would read (None = the defaults)."""
    if explicit:
        return Path(explicit)
    return discover_config(near) if near is not None else None


def config_identity(explicit: str | Path | None, near: Path | None = None) -> tuple[str, bytes | None] | None:
    """(path, bytes) of the configuration in effect, for cache keys; None = the defaults.

    Unreadable bytes are None: the key then never matches a stored good configuration, and
    loading it reports the problem as usual."""
    path = config_file(explicit, near)
    if path is None:
        return None
    try:
        data: bytes | None = path.read_bytes()
    except OSError:
        data = None
    return str(path.resolve()), data
