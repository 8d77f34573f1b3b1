"""Is this letter written in Danish at all?

Every rule assumes Danish. Run over an English or Arabic letter the rules would find
nothing and the letter would pass as if it were perfect, so a letter that is clearly not
Danish is reported as such instead of being checked.

The test is deliberately simple and cheap (no model, runs before the NLP stage): the share
of words that are Danish function words (spaCy's Danish stop-word list). Danish running
text has 30–55 % of them (the 50 corpus letters: 34–54 %); English, German, French,
Polish or Turkish text has under 7 %, since few of those words are spelt the same.
Norwegian and Swedish share most function words with Danish and pass — which is the
right outcome for a Danish tool more often than not. Short texts (a few lines) are never
judged: too few words to tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MIN_WORDS = 40
"""Below this many words the share is too noisy to judge, so the text counts as Danish."""
MIN_DANISH_SHARE = 0.15
"""Half the lowest share seen in a real Danish letter, twice the highest in a foreign one."""

WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageGuess:
    words: int
    danish_share: float

    @property
    def is_danish(self) -> bool:
        return self.words < MIN_WORDS or self.danish_share >= MIN_DANISH_SHARE


def _stop_words() -> frozenset[str]:
    from spacy.lang.da.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def guess_language(texts: Iterable[str]) -> LanguageGuess:
    """Count words and the share of them that are Danish function words."""
    stop_words = _stop_words()
    words = 0
    danish = 0
    for text in texts:
        for word in WORD.findall(text):
            words += 1
            if word.lower() in stop_words:
                danish += 1
    return LanguageGuess(words, danish / words if words else 0.0)


def not_danish_message(guess: LanguageGuess) -> str:
    return (
        "Brevet ser ikke ud til at være skrevet på dansk (kun "
        f"{round(guess.danish_share * 100)} % af ordene er almindelige danske ord), så det er "
        "ikke tjekket. brevtjek tjekker kun danske breve."
    )
