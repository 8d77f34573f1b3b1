"""Danish language processing: pipeline choice, sentence splitting, lemmas, analysis."""

from brevtjek.nlp import spacy_cli

spacy_cli.install()  # spaCy's CLI package loads only if used: ~0.35 s off every check's start
