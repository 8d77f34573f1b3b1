"""Where batch workers come from: a fork server that has loaded the pipeline once.

Why: a worker that starts from scratch imports spaCy and loads the pipeline, about 1.5 s
of CPU, paid again by every worker and every restarted pool. Where the platform has the
``forkserver`` start method (Linux, macOS), one clean server process imports
:mod:`brevtjek.worker_preload` and forks each worker from it. The server is a fresh
interpreter, so workers inherit no locks or threads from the parent. On Windows each worker
is a fresh interpreter (``spawn``).

This module is light on purpose (no spaCy, no pydantic, no brevtjek stages): the CLI calls
:func:`start_early` as soon as it knows a run is a batch, so that the server loads the
pipeline while the parent still imports its own modules, reads the configuration and loads
the rule packs. Measured on two cores, the server then starts 0.26–0.28 s after the command
instead of 0.39–0.55 s, and the first report comes that much sooner.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.context import BaseContext
from pathlib import Path

MODEL_KEY = b"model"
"""A configuration whose text lacks this word cannot choose a model (see :func:`early_model`)."""


def start_context(model: str | None) -> BaseContext:
    """How worker processes start: forked from a fork server that has loaded the pipeline
    ``model`` (the Checker's ``model_spec``), where the platform has one; otherwise
    ``spawn`` (Windows).

    The server starts with the first call and serves every later pool of this process; a
    pool for another model loads that model in its workers, as with ``spawn``.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver

    from brevtjek.worker_preload import MODEL_VARIABLE

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["brevtjek.worker_preload"])
    before = os.environ.get(MODEL_VARIABLE)
    os.environ[MODEL_VARIABLE] = model or ""
    try:
        forkserver.ensure_running()
    finally:
        if before is None:
            os.environ.pop(MODEL_VARIABLE, None)
        else:
            os.environ[MODEL_VARIABLE] = before
    return context


def early_model(model: str | None, config: Path | None) -> tuple[bool, str | None]:
    """(known, spec): the model a batch will use, if it is known before the configuration
    is read. ``--model`` wins over the configuration; without it the model is the default
    unless the configuration file mentions the word ``model`` at all. A file that does is
    not parsed here (that would repeat :mod:`brevtjek.config`): the server then starts with
    the pool, as it always did."""
    from brevtjek.nlp.pipeline import DEFAULT_MODEL

    if model:
        return True, model
    if config is None:
        return True, DEFAULT_MODEL
    try:
        mentions_model = MODEL_KEY in config.read_bytes()
    except OSError:
        return False, None
    return (False, None) if mentions_model else (True, DEFAULT_MODEL)


def start_early(model: str | None, config: str | Path | None, near: Path) -> None:
    """Start the fork server now for a batch whose model is already known (see module doc).

    Only ever a head start: the pool starts the server itself if it is not running, and
    if it cannot start, the pool reports that when it tries again.
    """
    from brevtjek.config_files import config_file
    from brevtjek.errors import ModelNotFoundError
    from brevtjek.nlp.pipeline import resolve_model

    known, spec = early_model(model, config_file(config, near))
    if not known:
        return
    try:
        resolve_model(spec)  # a missing model is reported by the checker, with no server
        start_context(spec)
    except (ModelNotFoundError, OSError, ValueError):
        return
