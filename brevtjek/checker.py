"""The pipeline, stage by stage: file → document → NLP → facts/metrics → rules → report.

:class:`Checker` owns the expensive, reusable things — the loaded packs, the spaCy pipeline
and the compiled rules — and loads each lazily, once per process (a batch worker builds one
Checker and reuses it for every letter). Each stage is a function in its own module; this
file only wires them together and turns failures into file-level errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from brevtjek.config import Config, load_config
from brevtjek.document import load_document
from brevtjek.document.model import Document
from brevtjek.errors import BrevtjekError, DocumentReadError
from brevtjek.findings import Finding
from brevtjek.nlp.analysis import analyze, block_texts, tag_texts
from brevtjek.nlp.recurring import RecurringBlocks
from brevtjek.privacy import mask_cpr, mask_optional
from brevtjek.report import FileReport, Report
from brevtjek.rules.cache import enabled as cache_enabled
from brevtjek.rules.context import CheckContext
from brevtjek.rules.engine import RuleEngine, packs_for
from brevtjek.rules.fact_paths import merge
from brevtjek.rules.types.metric import validate_settings as validate_metric_settings


def _masked(finding: Finding) -> Finding:
    """CPR numbers never leave brevtjek: mask every text a finding carries.

    Most findings carry none (masking returns the very same string), and then the finding
    itself is returned instead of a copy."""
    texts = (finding.message, finding.suggestion, finding.text, finding.sentence,
             finding.replacement, finding.location.section)
    masked = [mask_optional(text) for text in texts]
    if all(after is before for after, before in zip(masked, texts, strict=True)):
        return finding
    message, suggestion, text, sentence, replacement, section = masked
    return replace(
        finding,
        message=message or "",
        suggestion=suggestion,
        text=text or "",
        sentence=sentence,
        replacement=replacement,
        location=replace(finding.location, section=section),
    )


def read_letter(source: str | Path | bytes) -> Document | FileReport:
    """The letter's Document, or the report of why it cannot be read."""
    try:
        return load_document(source)
    except DocumentReadError as error:
        name = "<bytes>" if isinstance(source, bytes) else str(source)
        return FileReport.failed(mask_cpr(name), error.code, error.message)


class Checker:
    """Checks letters with one configuration, reusing the pipeline and compiled rules."""

    def __init__(self, config: Config, model: str | None = None) -> None:
        self.config = config
        self.model_spec = model or config.model
        from brevtjek.nlp.pipeline import resolve_model

        # a missing model is the user's error (Danish message, exit 2), found before any
        # letter is read; the pipeline itself still loads lazily
        resolve_model(self.model_spec)
        self.engine = RuleEngine(packs_for(config), config)
        validate_metric_settings(self.engine.enabled_rules(), self.engine.settings())
        self._nlp: Any = None
        self._model_info: Any = None
        self.recurring = RecurringBlocks() if cache_enabled() else None
        """Docs of block texts met in earlier letters (None with ``--no-cache``)."""

    @classmethod
    def from_options(
        cls,
        config: str | Path | None = None,
        model: str | None = None,
        near: Path | None = None,
        **_: Any,
    ) -> Checker:
        return cls(load_config(config, near), model)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from brevtjek.nlp.pipeline import load_pipeline

            self._nlp, self._model_info = load_pipeline(self.model_spec)
            self.engine.compile(self._nlp)
        return self._nlp

    @property
    def model_info(self) -> Any:
        _ = self.nlp
        return self._model_info

    def check_document(self, document: Document, only: set[str] | None = None,
                       facts: dict[str, Any] | None = None, language_check: bool = True) -> FileReport:
        """Run the NLP, fact, metric and rule stages over a loaded document.

        ``facts`` are merged over the extracted facts and ``language_check=False`` skips the
        language guard: both for ``rules test``, whose examples are single sentences.
        """
        refused = self._not_danish(document) if language_check else None
        if refused is not None:
            return refused
        with self._analysed([document]) as docs:
            return self._report(document, docs, only, facts)

    def check_documents(self, documents: Sequence[Document]) -> list[FileReport | Exception]:
        """Check several letters, tagging the block texts of all of them in one ``nlp.pipe``.

        Why: a batch worker gets a few letters at a time (:mod:`brevtjek.batch`). One
        ``nlp.pipe`` call over the new texts of eight letters costs about a third less per
        word than eight calls over one letter each (fewer, fuller matrix products). The
        reports are the same as :meth:`check_document`'s: a block's Doc depends on its text
        alone. An exception while checking one letter is returned in that letter's place,
        for the caller to report; ``MemoryError`` propagates (it is the budget's).
        """
        refusals = [self._not_danish(document) for document in documents]
        danish = [document for document, refusal in zip(documents, refusals, strict=True) if refusal is None]
        with self._analysed(danish) as docs:
            return [refusal if refusal is not None else self._report_or_error(document, docs)
                    for document, refusal in zip(documents, refusals, strict=True)]

    def _report_or_error(self, document: Document, docs: Mapping[str, Any]) -> FileReport | Exception:
        try:
            return self._report(document, docs)
        except MemoryError:
            raise
        except Exception as error:
            return error

    def _not_danish(self, document: Document) -> FileReport | None:
        """The refusal for a letter not in Danish: Danish rules on it would pass it unseen."""
        from brevtjek.nlp.language import guess_language, not_danish_message

        guess = guess_language(block.text for block in document.blocks)
        if guess.is_danish:
            return None
        return FileReport.failed(mask_cpr(document.path), "not_danish", not_danish_message(guess))

    @contextmanager
    def _analysed(self, documents: Sequence[Document]) -> Iterator[dict[str, Any]]:
        """The Doc of every distinct block text of ``documents`` (text → Doc), valid inside
        the ``with`` block.

        The pipeline is loaded and the rules compiled outside spaCy's memory zone (their
        strings must stay), and so are the texts that recur across letters: their Docs serve
        later letters (:mod:`brevtjek.nlp.recurring`). The other texts are tagged inside the
        zone, in one ``nlp.pipe`` call: the strings a letter adds to spaCy's vocabulary
        (names, amounts, dates) are freed when the zone ends, so a batch worker's memory
        does not grow with every letter it checks. Nothing spaCy-owned may leave the block:
        reports hold plain data only.
        """
        nlp = self.nlp
        texts = [text for document in documents for text in block_texts(document)]
        known = self.recurring.docs_for(texts, nlp) if self.recurring is not None else None
        with nlp.memory_zone():
            yield tag_texts(nlp, texts, known)

    def _report(self, document: Document, docs: Mapping[str, Any], only: set[str] | None = None,
                facts: dict[str, Any] | None = None) -> FileReport:
        """Facts, metrics, rules and the report of one letter whose block Docs are ``docs``."""
        from brevtjek.facts import extract_facts
        from brevtjek.metrics import compute_metrics

        analysis = analyze(document, self.nlp, self._model_info, known=docs)
        context = CheckContext(
            analysis=analysis,
            facts=merge(extract_facts(analysis), facts) if facts else extract_facts(analysis),
            metrics=compute_metrics(analysis),
            settings=self.engine.settings(),
        )
        findings = [_masked(finding) for finding in self.engine.run(context, only)]
        return FileReport(
            path=mask_cpr(document.path),
            facts=context.facts,
            metrics=context.metrics,
            findings=findings,
            warnings=[*document.warnings, *self.engine.notes()],
            document=document,
        )

    def check_source(self, source: str | Path | bytes) -> FileReport:
        """Check one letter; a letter that cannot be read becomes an error entry."""
        letter = read_letter(source)
        return letter if isinstance(letter, FileReport) else self.check_document(letter)

    def check_sources(self, sources: Iterable[str | Path | bytes]) -> Report:
        report = Report()
        for source in sources:
            report.files.append(self.check_source(source))
        if self._model_info is not None:
            report.model = {"name": self._model_info.name, "version": self._model_info.version}
        return report


__all__ = ["BrevtjekError", "Checker", "read_letter"]
