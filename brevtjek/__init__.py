"""brevtjek — checks Danish municipal decision letters before they are sent.

The public Python API is :func:`check`; everything else is reachable through the
``brevtjek`` command. Heavy imports (spaCy, python-docx) happen only when a letter is
actually checked, so importing this package is cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from brevtjek.report import Report


def check(
    source: str | Path | bytes,
    *,
    config: str | Path | None = None,
    model: str | None = None,
    **options: Any,
) -> Report:
    """Check one letter (a path, or the bytes of a .docx/.txt file) and return its report.

    The report holds the same data as ``brevtjek check --format json``:
    ``report.to_dict()`` is that JSON. A letter that cannot be read does not raise; its
    file entry has ``status == "error"`` and a Danish message.
    """
    from brevtjek.checker import Checker

    checker = Checker.from_options(config=config, model=model, **options)
    return checker.check_sources([source])


__all__ = ["__version__", "check"]
