"""Pretty-printed JSON text for reports, written in C.

A batch report over thousands of letters is megabytes of JSON, and the standard library
writes indented JSON in pure Python (its C encoder only does compact output): that was a
tenth of the parent process's work in a batch. orjson writes the same text — two-space
indent, ``": "`` between key and value, non-ASCII characters kept, keys in insertion order
— in C. The two differ only for values brevtjek does not write: floats below 0.0001
(``1e-05`` against ``0.00001``; brevtjek rounds its figures to three decimals) and NaN (which
orjson writes as ``null``, valid JSON, where the standard library writes ``NaN``, which is
not). Where orjson is not installed or refuses a value (an integer beyond 64 bits), the
standard library writes it.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; this is the safety net
    orjson = None  # type: ignore[assignment]


def pretty(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"``, fast."""
    if orjson is not None:
        try:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
