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

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType

TYPE_MODULES: dict[str, str] = {
    "existence": "existence",
    "substitution": "substitution",
    "occurrence": "occurrence",
    "pattern": "pattern",
    "required": "required",
    "conditional": "conditional",
    "consistency": "consistency",
    "metric": "metric",
    "fact_check": "fact_check",
}
"""Rule type name → its module in this package (``Spec.TYPE`` equals the name)."""


class _Registry(Mapping[str, ModuleType]):
    """Type name → module, importing a module on first use: a run imports the checking
    code (and its dependencies) only for the types its packs use. Iterating or ``len``
    needs no import, so error messages can list every known type cheaply."""

    def __init__(self, modules: Mapping[str, str]) -> None:
        self._modules = dict(modules)
        self._loaded: dict[str, ModuleType] = {}

    def __getitem__(self, name: str) -> ModuleType:
        module = self._loaded.get(name)
        if module is None:
            module = importlib.import_module(f"{__name__}.{self._modules[name]}")
            self._loaded[name] = module
        return module

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


REGISTRY: Mapping[str, ModuleType] = _Registry(TYPE_MODULES)
