"""Command-line options whose value may be left out, such as ``--annotate [UD.docx]``.

Typer's parser has no options with an *optional* value: ``--annotate`` alone would either
swallow the next argument or fail. :class:`OptionalValueCommand` rewrites the arguments
before parsing, the way click's ``flag_value`` options behave: when such an option is
last, or followed by another option, it gets its default value (``--annotate`` becomes
``--annotate=``); otherwise the next argument is its value. Nothing after ``--`` is touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from typer.core import TyperCommand

OPTIONAL_VALUES: Mapping[str, str] = {"--annotate": ""}
"""Options that may stand without a value, and the value they then get."""


def fill_optional_values(args: Sequence[str], options: Mapping[str, str] = OPTIONAL_VALUES) -> list[str]:
    """Give every value-less optional-value option its default, as ``--name=default``."""
    result: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return [*result, *args[index:]]
        if arg in options:
            following = args[index + 1] if index + 1 < len(args) else None
            if following is None or following.startswith("-"):
                result.append(f"{arg}={options[arg]}")
                continue
        result.append(arg)
    return result


class OptionalValueCommand(TyperCommand):
    """A typer command whose :data:`OPTIONAL_VALUES` options may be given without a value."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, fill_optional_values(args))
