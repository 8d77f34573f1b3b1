"""Loaded once in the batch's fork server, before it forks any worker.

Why: a worker that starts from scratch imports spaCy and loads the pipeline — about 1.5 s
of CPU, paid again by every worker and every restarted pool. :mod:`brevtjek.fork_server`
starts one clean server process that imports this module, and forks each worker from it:
the workers begin with spaCy imported, the pipeline loaded
(:func:`brevtjek.nlp.pipeline.load_pipeline` keeps it) and brevtjek's stages imported.

The pipeline to load is named by the environment variable :data:`MODEL_VARIABLE` (empty:
the default choice), set by :func:`brevtjek.fork_server.start_context`. Nothing here may fail
loudly: a worker that finds no preloaded pipeline loads its own and reports any error
with the usual Danish message.
"""

from __future__ import annotations

import os

MODEL_VARIABLE = "BREVTJEK_PRELOAD_MODEL"


def preload() -> None:
    spec = os.environ.get(MODEL_VARIABLE)
    if spec is None:
        return
    try:  # the worker's own code and the stages it runs, imported once here
        import brevtjek.batch
        import brevtjek.facts
        import brevtjek.metrics
        import brevtjek.nlp.style  # noqa: F401
        from brevtjek.nlp.pipeline import load_pipeline

        load_pipeline(spec or None)
    except Exception:  # the worker loads, and reports, for itself
        return


preload()
