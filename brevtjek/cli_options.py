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

from typer.core import TyperCommand, TyperGroup

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


class _DeferredCoercion:
    """Stands in for typer's coercion of one parameter until it gets a value.

    typer (0.2x) coerces every parameter through a pydantic TypeAdapter, and builds it even
    for an option left out (value None), so a bare ``brevtjek rules list`` would import
    pydantic only to turn None into None (≈ 0.1 s of its 0.3 s budget). An absent value is
    answered here exactly as typer's own ``RuntimeParam.coerce`` answers it; the first real
    value builds typer's coercion and hands over to it, so every given value is checked by
    typer as before."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if (param.multiple or param.nargs == -1) else None
        param._runtime_param = None
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


def defer_coercion(params: Sequence[Any]) -> None:
    """Install :class:`_DeferredCoercion` where typer has not built its coercion yet; a typer
    without ``get_runtime_param`` (older or newer) is left alone."""
    for param in params:
        if hasattr(param, "get_runtime_param") and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = _DeferredCoercion()


class LazyCommand(TyperCommand):
    """A typer command that imports pydantic only for options that are actually given."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        defer_coercion(self.get_params(ctx))
        return super().parse_args(ctx, args)


class LazyGroup(TyperGroup):
    """A typer group (``brevtjek``, ``brevtjek rules``) whose own options (``--version``)
    do not import pydantic either; see :class:`LazyCommand`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        defer_coercion(self.get_params(ctx))
        return super().parse_args(ctx, args)


class OptionalValueCommand(LazyCommand):
    """A typer command whose :data:`OPTIONAL_VALUES` options may be given without a value."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, fill_optional_values(args))
