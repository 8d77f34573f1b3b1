"""``--format json``: the stable machine contract (see README, "JSON-output")."""

from __future__ import annotations

import json
from typing import Any

from brevtjek.report import Report


def render(report: Report, **_: Any) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
