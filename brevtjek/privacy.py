"""Personal data that must never leave brevtjek unmasked: CPR numbers.

Masking keeps the length (ddmmyy-XXXX), so offsets computed on the original text still
point at the same characters in the masked text.
"""

from __future__ import annotations

import re

CPR = re.compile(
    r"(?<![\d-])((?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2})([- ]?)(\d{4})(?![\d-])"
)


def mask_cpr(text: str) -> str:
    """Replace the last four digits of every CPR-shaped number with XXXX."""
    if not text or not any(char.isdigit() for char in text):
        return text
    return CPR.sub(lambda match: f"{match.group(1)}{match.group(2)}XXXX", text)


def mask_optional(text: str | None) -> str | None:
    return mask_cpr(text) if text is not None else None
