"""Personal data that must never leave brevtjek unmasked: CPR numbers.

Masking keeps the length (ddmmyy-XXXX), so offsets computed on the original text still
point at the same characters in the masked text.
"""

from __future__ import annotations

import re

CPR = re.compile(
    r"(?<!\d)((?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2})([- ]?)(\d{4})(?!\d)"
)
"""Generous on purpose: masking a number that only looks like a CPR number costs nothing,
missing one leaks it. A hyphen before or after still counts ("afslag-010190-1234.docx")."""


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""What os.fsdecode makes of bytes in a file name that are not UTF-8."""

ANY_DIGIT = re.compile(r"\d")
"""Any digit: without one, no CPR number can be in the text."""


def mask_cpr(text: str) -> str:
    """Replace the last four digits of every CPR-shaped number with XXXX.

    Lone surrogates (undecodable bytes of a file name) become U+FFFD on the way: one
    character for one, so offsets stay valid, and every output can then be encoded —
    printing a surrogate to a UTF-8 stream raises, and JSON must not contain one.
    """
    if not text:
        return text
    if LONE_SURROGATE.search(text):
        text = LONE_SURROGATE.sub("\ufffd", text)
    if not ANY_DIGIT.search(text):  # the common case, answered without the CPR pattern
        return text
    return CPR.sub(lambda match: f"{match.group(1)}{match.group(2)}XXXX", text)


def mask_optional(text: str | None) -> str | None:
    return mask_cpr(text) if text is not None else None
