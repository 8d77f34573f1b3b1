"""Danish language processing: pipeline choice, sentence splitting, lemmas, analysis."""
