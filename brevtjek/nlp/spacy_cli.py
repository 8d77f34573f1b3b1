"""Import spaCy without its command-line package until someone uses it.

Why: ``import spacy`` runs ``from .cli.info import info``, and importing ``spacy.cli``
imports every spaCy command and what they need — weasel, typer, requests, httpx. That is
about 0.35 s of the roughly 1.6 s that importing spaCy and loading a pipeline take, paid
by every ``brevtjek check`` and every batch worker, for code brevtjek never runs.

How: a finder on ``sys.meta_path`` answers for ``spacy.cli`` and ``spacy.cli.info`` only.
It hands the import system the real module specs, with a loader that creates the module
but runs its code on the first attribute that is asked for (PEP 562 ``__getattr__``).
``spacy.info`` — the one name spaCy binds at import — is a small function that loads the
real ``info`` when called. Submodules (``from spacy.cli.train import train``) import as
usual, and ``spacy.cli.download(...)`` works: the package's code runs on first use. So
nothing changes for code that uses spaCy's CLI; it just no longer costs anything for
code that does not.

If spaCy's layout is not the expected one, the finder steps aside and spaCy imports as
it always did.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

DEFERRED = ("spacy.cli", "spacy.cli.info")


def _run_real_code() -> None:
    """Run the deferred modules' own code in them, once: ``spacy.cli.info`` first, so that
    the package's ``from .info import info`` gets the real function and the ``info``
    command is registered, then the package, which imports and registers the rest."""
    for name in reversed(DEFERRED):
        module = sys.modules.get(name)
        real = getattr(getattr(module, "__spec__", None), "loader_state", None)
        if module is None or not isinstance(real, importlib.machinery.ModuleSpec) or real.loader is None:
            continue
        vars(module).pop("__getattr__", None)
        module.__spec__ = real
        module.__loader__ = real.loader
        real.loader.exec_module(module)


def _deferred_getattr(module: ModuleType) -> Any:
    def __getattr__(name: str) -> Any:
        # the import system probes dunder names (``__path__``…) on every ``from x import y``
        if name.startswith("__"):
            raise AttributeError(name)
        _run_real_code()
        return getattr(module, name)

    return __getattr__


def _deferred_info(module: ModuleType) -> Any:
    def info(*args: Any, **kwargs: Any) -> Any:
        """spaCy's ``info``, loaded on first call."""
        _run_real_code()
        return module.info(*args, **kwargs)

    return info


class DeferredSpacyCli(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finder and loader for the modules in :data:`DEFERRED`."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in DEFERRED:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or real.loader is None or not hasattr(real.loader, "exec_module"):
            return None
        spec = importlib.machinery.ModuleSpec(fullname, self, origin=real.origin,
                                              loader_state=real,
                                              is_package=real.submodule_search_locations is not None)
        if real.submodule_search_locations is not None:
            spec.submodule_search_locations = list(real.submodule_search_locations)
        spec.has_location = real.has_location
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        if module.__name__ == "spacy.cli.info":
            module.info = _deferred_info(module)  # type: ignore[attr-defined]
        module.__getattr__ = _deferred_getattr(module)  # type: ignore[method-assign]


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once), unless spaCy is already imported."""
    if "spacy" in sys.modules or any(isinstance(finder, DeferredSpacyCli) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, DeferredSpacyCli())
