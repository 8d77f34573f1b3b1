"""brevtjek.nlp.tokens: the per-Doc token lists must say exactly what the Tokens say."""

from __future__ import annotations

import spacy

from brevtjek.nlp.tokens import doc_tokens


def test_lists_match_token_attributes_and_are_cached() -> None:
    nlp = spacy.blank("da")
    doc = nlp("Noah’s ansøgning  om hjælp er BEVILGET.\nSe § 41.")
    tokens = doc_tokens(doc)
    assert tokens.text == [t.text for t in doc]
    assert tokens.lower == [t.lower_ for t in doc]
    assert tokens.lemma == [t.lemma_ for t in doc]
    assert tokens.is_space == [t.is_space for t in doc]
    assert tokens.is_punct == [t.is_punct for t in doc]
    assert tokens.is_alpha == [t.is_alpha for t in doc]
    assert tokens.spaced == [bool(t.whitespace_) for t in doc]
    assert any(tokens.is_space) and not all(tokens.spaced)
    assert doc_tokens(doc) is tokens  # read once per Doc
