"""Case-robust lemmas.

spaCy's lookup lemmatizer is case-sensitive: "bevillingen" becomes "bevilling", but
"Bevillingen" at the start of a sentence stays as it is. Rules match on lemmas, so a word
must not escape a rule just because it opens a sentence. This component looks the
lower-cased form up when the original was left untouched.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc


class LemmaCaseFix:
    """Retry the lemma lookup in lower case for capitalised tokens the table missed."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        if table is None:
            return doc
        for token in doc:
            text = token.text
            if not text.islower() and token.lemma_ == text:  # most tokens stop at the cheap test
                lowered = text.lower()
                lemma = table.get(lowered)
                if lemma is not None:
                    token.lemma_ = lemma
        return doc


@Language.factory("brevtjek_lemma_case")
def make_lemma_case_fix(nlp: Language, name: str) -> LemmaCaseFix:
    table = None
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        lookups = getattr(lemmatizer, "lookups", None)
        if lookups is not None and lookups.has_table("lemma_lookup"):
            table = lookups.get_table("lemma_lookup")
    return LemmaCaseFix(table)
