"""Rule types: one module per type, each with a pydantic spec and a compiled checker.

A type module defines ``Spec`` (a :class:`~brevtjek.rules.spec.RuleSpec` subclass with
``TYPE`` set) and ``compile(spec, env) -> CompiledRule``. The registry below is explicit,
like yamllint's: reading it tells you every type there is.

Optional hooks a module may define:

* ``extra_checks(spec)`` yields ``(path inside the rule, Danish problem)`` for checks pydantic
  cannot express (conflicting entries, an empty condition); the loader adds file:line:col;
* ``resolve_data(spec, data)`` returns the spec with named data files merged in
  (``words_from``), see :class:`brevtjek.rules.data.DataContext`.

The ``metric`` type (readability thresholds such as LIX) lives in its own module too.
"""

from __future__ import annotations

from types import ModuleType

from brevtjek.rules.types import (
    conditional,
    consistency,
    existence,
    fact_check,
    metric,
    occurrence,
    pattern,
    required,
    substitution,
)

REGISTRY: dict[str, ModuleType] = {
    module.Spec.TYPE: module
    for module in (existence, substitution, occurrence, pattern, required, conditional, consistency, metric,
                   fact_check)
}
