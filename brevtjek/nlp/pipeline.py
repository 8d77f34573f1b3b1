"""Choose and load the Danish spaCy pipeline — the one place that knows about models.

Resolution order for the default (``model`` unset or ``"auto"``):

1. ``da_core_news_sm`` when it is installed (the design card's model);
2. the pipeline bundled in ``brevtjek/models/da_brevtjek`` (trained by ``training/``);
3. a blank Danish pipeline with lookup lemmas (tokens, lemmas and sentences only).

``--model NAME|PATH`` (or ``model:`` in the configuration) picks one explicitly: an installed
package name, a directory, ``bundled`` or ``blank``. A model that was asked for by name and
is missing is an error with install instructions, never a silent fallback.

Whatever is loaded, brevtjek adds its own tokenizer exceptions for legal abbreviations and
its own sentence splitter, and drops the components no rule needs (parser, NER), so rule
results depend as little as possible on which model is present.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from brevtjek.errors import ModelNotFoundError

DEFAULT_MODEL = "auto"
"""The model a configuration asks for when it names none."""
PREFERRED_MODEL = "da_core_news_sm"
BUNDLED_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "da_brevtjek"
UNNEEDED_COMPONENTS = ("parser", "ner", "senter", "trainable_lemmatizer_unused")


@dataclass(frozen=True)
class ModelInfo:
    """Which pipeline is in use, for `brevtjek info` and the JSON output."""

    name: str
    kind: str
    """'package', 'bundled', 'path' or 'blank'."""
    version: str
    location: str
    components: tuple[str, ...] = ()
    scores: dict[str, Any] = field(default_factory=dict)
    has_morphology: bool = False


def bundled_model_available() -> bool:
    return (BUNDLED_MODEL_DIR / "config.cfg").is_file()


def resolve_model(spec: str | None) -> tuple[str, str]:
    """Map a user's model choice to (kind, target) without loading anything heavy."""
    choice = (spec or DEFAULT_MODEL).strip()
    if choice == DEFAULT_MODEL:
        if importlib.util.find_spec(PREFERRED_MODEL) is not None:
            return "package", PREFERRED_MODEL
        if bundled_model_available():
            return "bundled", str(BUNDLED_MODEL_DIR)
        return "blank", "da"
    if choice == "bundled":
        if not bundled_model_available():
            raise ModelNotFoundError(
                "Den indbyggede danske model mangler i denne installation. Installér brevtjek "
                "igen, eller brug --model blank."
            )
        return "bundled", str(BUNDLED_MODEL_DIR)
    if choice == "blank":
        return "blank", "da"
    path = Path(choice).expanduser()
    if path.exists():
        if not (path / "config.cfg").is_file():
            raise ModelNotFoundError(
                f"Mappen {choice} er ikke en spaCy-model (der mangler config.cfg)."
            )
        return "path", str(path.resolve())  # one key per folder, whatever the working folder
    if importlib.util.find_spec(choice.replace("-", "_")) is not None:
        return "package", choice.replace("-", "_")
    raise ModelNotFoundError(
        f"Modellen '{choice}' er ikke installeret. Installér den på en maskine med adgang "
        f"til internettet med 'python -m spacy download {choice}', angiv en mappe med en "
        "spaCy-model, eller brug den indbyggede model med --model bundled."
    )


def _read_scores(location: Path) -> dict[str, Any]:
    scores_file = location / "scores.json"
    if scores_file.is_file():
        try:
            loaded = json.loads(scores_file.read_text(encoding="utf-8"))
            return loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            return {}
    meta_file = location / "meta.json"
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            performance = meta.get("performance", {})
            return {k: v for k, v in performance.items() if isinstance(v, (int, float))}
        except (OSError, ValueError):
            return {}
    return {}


def _blank_pipeline() -> Any:
    import spacy
    from spacy.lookups import load_lookups

    nlp = spacy.blank("da")
    lemmatizer: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.lookups = load_lookups("da", ["lemma_lookup"])
    return nlp


def _customise(nlp: Any) -> None:
    """Add brevtjek's tokenizer exceptions, sentence splitter and lemma case fix."""
    from spacy.attrs import ORTH

    import brevtjek.nlp.lemmas  # noqa: F401  (registers the component factory)
    from brevtjek.nlp.sentences import abbreviation_variants

    for abbreviation in abbreviation_variants():
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("brevtjek_sentences", first=True)
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("brevtjek_lemma_case", after="lemmatizer")


def _display_name(kind: str, target: str, meta: dict[str, Any]) -> str:
    if kind == "blank":
        return "blank:da"
    if kind == "package":
        return target
    return f"{meta.get('lang', 'da')}_{meta.get('name', Path(target).name)}"


def load_pipeline(spec: str | None = None) -> tuple[Any, ModelInfo]:
    """Load (once per process) the pipeline for ``spec`` and describe it.

    Specs that name the same pipeline (``None``, ``"auto"`` and ``"bundled"`` when the
    bundled model is the default) share one load: the batch's fork server may have loaded
    it under another spelling than the worker asks for (:mod:`brevtjek.fork_server`).
    """
    return _load_resolved(*resolve_model(spec))


@lru_cache(maxsize=4)
def _load_resolved(kind: str, target: str) -> tuple[Any, ModelInfo]:
    import spacy

    if kind == "blank":
        nlp = _blank_pipeline()
        location = "spacy.blank('da') + spacy-lookups-data"
        scores: dict[str, Any] = {}
    else:
        try:
            nlp = spacy.load(target, exclude=list(UNNEEDED_COMPONENTS))
        except OSError as error:
            raise ModelNotFoundError(
                f"Modellen '{target}' kunne ikke indlæses ({error}). Installér den igen, "
                "eller brug --model bundled."
            ) from error
        location = target if kind != "package" else f"pakken {target}"
        scores = _read_scores(Path(nlp.path) if nlp.path else Path(target))
    _customise(nlp)
    meta = nlp.meta or {}
    info = ModelInfo(
        name=_display_name(kind, target, meta),
        kind=kind,
        version=str(meta.get("version", spacy.__version__)),
        location=location,
        components=tuple(nlp.pipe_names),
        scores=scores,
        has_morphology=any(
            name in nlp.pipe_names for name in ("morphologizer", "tagger")
        ),
    )
    return nlp, info
