"""Rule types: one module per type, each with a pydantic spec and a compiled checker.

A type module defines ``Spec`` (a :class:`~brevtjek.rules.spec.RuleSpec` subclass with
``TYPE`` set) and ``compile(spec, env) -> CompiledRule``. The registry below is explicit,
like yamllint's: reading it tells you every type there is.
"""

from __future__ import annotations

from types import ModuleType

from brevtjek.rules.types import existence, substitution

REGISTRY: dict[str, ModuleType] = {
    module.Spec.TYPE: module
    for module in (existence, substitution)
}
