"""Write output files atomically: a reader never sees half a report, and a crash or a
full disk never leaves a truncated file where a good one stood."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _mode_for(target: Path) -> int:
    """The permissions the file would have had if written in place: an existing file keeps
    its own, a new one gets the usual umask default (mkstemp alone would leave 0600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path`` in one step. On any failure the temporary file is removed and ``path`` is
    left exactly as it was."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    mode = _mode_for(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
