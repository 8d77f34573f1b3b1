"""Shared fixtures: the loaded pipeline (once per session), paths to shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _private_pack_cache(tmp_path_factory):
    """The compiled-pack cache of this test run (brevtjek/rules/cache.py), never the
    developer's own ~/.cache/brevtjek; subprocesses inherit it through the environment."""
    patch = pytest.MonkeyPatch()
    patch.setenv("BREVTJEK_CACHE_DIR", str(tmp_path_factory.mktemp("brevtjek-cache")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def nlp():
    from brevtjek.nlp.pipeline import load_pipeline

    pipeline, _ = load_pipeline(None)
    return pipeline


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"../shared/data is absent ({path}); this test needs the shared data sets")
    return path
