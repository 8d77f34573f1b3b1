"""substitution: a word or phrase with a plainer alternative to write instead.

Each entry names a ``term`` (dictionary form), its ``alternative`` and a one-line
``reason``. Matching is lemma-aware (see :mod:`brevtjek.rules.phrases`). The suggested
replacement keeps the capital letter of the matched text. A replacement is offered as a
tracked change only when it is safe: the letter used the term in exactly its dictionary
form, so the alternative fits grammatically; otherwise only the advice is given.

    id: klarsprog.gammeldags-bindeord
    type: substitution
    message: "«{match}» er {reason}."
    suggestion: "Skriv «{alternative}»."
    entries:
      - {term: såfremt, alternative: hvis, reason: et gammeldags ord for »hvis«}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field

from brevtjek.findings import Finding, Severity
from brevtjek.nlp.analysis import AnalyzedBlock
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.phrases import PhraseIndex, exact_keys, used_as_name
from brevtjek.rules.spec import RuleSpec, StrictModel, render

if TYPE_CHECKING:  # spaCy loads only when a letter is checked (`rules list` starts instantly)
    from spacy.tokens import Doc


class Entry(StrictModel):
    term: str = Field(min_length=1)
    alternative: str
    reason: str = ""
    severity: Severity | None = None
    forms: list[str] = Field(default_factory=list)
    """Extra literal spellings to match (for forms no lemma covers)."""
    case_sensitive: bool = False


class Spec(RuleSpec):
    TYPE: ClassVar[str] = "substitution"
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "reason", "alternative", "term"})

    type: Literal["substitution"]
    entries: list[Entry] = Field(min_length=1)
    suggestion_delete: str = "Slet «{match}», eller omskriv sætningen uden det."
    """Suggestion used for entries whose alternative is empty (the word can just go)."""


def _key(text: str, case_sensitive: bool) -> str:
    return " ".join(text.split()) if case_sensitive else " ".join(text.lower().split())


def extra_checks(spec: Spec) -> Iterator[tuple[tuple[Any, ...], str]]:
    """An entry (term or extra form) listed twice in one rule is an error.

    With different alternatives the two entries contradict each other and only the first
    would ever be used; with the same alternative the second is dead weight that a later
    edit would silently not take effect in.
    """
    seen: dict[str, tuple[int, Entry]] = {}
    for index, entry in enumerate(spec.entries):
        spellings = [("term", entry.term), *((f"forms/{i}", form) for i, form in enumerate(entry.forms))]
        for where, text in spellings:
            key = _key(text, entry.case_sensitive)
            first = seen.get(key)
            location: tuple[Any, ...] = ("entries", index, "term") if where == "term" else \
                ("entries", index, "forms", int(where.split("/")[1]))
            if first is not None and first[0] != index:
                other = first[1]
                if other.alternative != entry.alternative:
                    yield location, (
                        f"modstridende ord i ordlisten: «{text}» står allerede i post nr. "
                        f"{first[0] + 1} med alternativet «{other.alternative}», her med "
                        f"«{entry.alternative}». Slet den ene post, eller ret alternativet."
                    )
                else:
                    yield location, (
                        f"«{text}» står to gange i ordlisten (også i post nr. {first[0] + 1}). "
                        "Slet den ene post."
                    )
            elif first is None:
                seen[key] = (index, entry)


def match_case(replacement: str, matched: str) -> str:
    """Give the replacement the matched text's initial capital."""
    if replacement and matched[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


@dataclass
class _Hit:
    entry: Entry
    exact_forms: frozenset[str]


class Substitution:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.index: PhraseIndex[_Hit] = PhraseIndex()
        self.exact_index: PhraseIndex[_Hit] = PhraseIndex(exact_keys)
        phrases = [entry.term for entry in spec.entries]
        forms = [form for entry in spec.entries for form in entry.forms]
        analysed = env.lemmatize(phrases + forms)
        form_tokens = iter(analysed[len(phrases):])
        for entry, tokens in zip(spec.entries, analysed, strict=False):
            literal = " ".join(token[1] for token in tokens)
            hit = _Hit(entry, frozenset({literal}))
            if entry.case_sensitive:
                self.exact_index.add([[text] for text, _, _ in tokens], hit)
            else:
                self.index.add([{lower, lemma} for _, lower, lemma in tokens], hit)
            for _ in entry.forms:
                form = next(form_tokens)
                self.index.add([[lower] for _, lower, _ in form], hit)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        frame = context.letter_frame() if spec.scope != "letter" else frozenset()
        for analyzed in context.blocks(spec.scope, spec.section):
            if analyzed.block.index in frame:
                continue
            doc = analyzed.doc
            for index in (self.index, self.exact_index):
                if index.size == 0:
                    continue
                for match in index.find(doc):
                    term = match.payload.entry.term
                    if term[:1].islower() and used_as_name(doc[match.start]):
                        continue
                    yield self._finding(context, analyzed, doc, match.start, match.end,
                                        match.payload)

    def _finding(self, context: CheckContext, analyzed: AnalyzedBlock, doc: Doc, start: int, end: int,
                 hit: _Hit) -> Finding:
        spec = self.spec
        span = doc[start:end]
        matched = span.text
        shown = " ".join(matched.split())
        entry = hit.entry
        alternative = match_case(entry.alternative, matched)
        values = {"match": shown, "reason": entry.reason, "alternative": alternative,
                  "term": entry.term}
        message = render(spec.message, values) or matched
        template = spec.suggestion if entry.alternative else spec.suggestion_delete
        suggestion = render(template, values)
        words = " ".join(token.lower_ for token in span if not token.is_space)
        safe = words in hit.exact_forms and "\n" not in matched
        return context.finding(
            spec, analyzed, span.start_char, span.end_char, message, suggestion,
            severity=entry.severity, replacement=alternative if safe else None,
        )


def compile(spec: Spec, env: CompileEnv) -> Substitution:
    return Substitution(spec, env)
