"""What a rule looks for: words and phrases, regular expressions and spaCy token patterns.

Several rule types (existence, occurrence, required, conditional, pattern) look for the same
kinds of things, so the fields, their validation and the matching live here once:

* ``words`` — words and phrases, matched lemma-aware on tokens (:mod:`brevtjek.rules.phrases`),
  or on the exact form when ``case_sensitive`` is true ("De" but not "de");
* ``words_from`` — names of shared word lists (``rules/data/<navn>.yaml`` or the pack's own
  ``data/<navn>.yaml``), added to ``words`` when the pack is loaded;
* ``patterns`` — regular expressions on the block text, checked for catastrophic
  backtracking at load time and run with a timeout;
* ``tokens`` — spaCy token patterns (``[{LEMMA: anmode}, {LOWER: om}]``), validated key by
  key so a misspelt attribute or part of speech is an error with its line, never a rule that
  silently finds nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Annotated, Any

import regex
from pydantic import AfterValidator, Field

from brevtjek.nlp.analysis import MAX_BLOCK_CHARS, AnalyzedBlock
from brevtjek.nlp.tokens import on_doc
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.phrases import PhraseIndex, exact_keys, token_keys
from brevtjek.rules.regex_safety import check_regex
from brevtjek.rules.spec import StrictModel

REGEX_TIMEOUT_SECONDS = 0.5

Regex = Annotated[str, AfterValidator(check_regex)]
"""A regular expression that compiles and cannot take exponential time."""

DATA_NAME = regex.compile(r"^[a-z0-9æøå_-]+(?:/[a-z0-9æøå_-]+)*$")


def check_data_name(name: str) -> str:
    if not DATA_NAME.match(name):
        raise ValueError(
            f"«{name}» er ikke et gyldigt navn på en datafil. Skriv stien under data-mappen "
            "uden '.yaml', med små bogstaver og '/', fx 'ordlister/fagord'."
        )
    return name


DataName = Annotated[str, AfterValidator(check_data_name)]

# --- spaCy token patterns ------------------------------------------------------------------

UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
        "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X", "SPACE")
TEXT_ATTRS = frozenset({"ORTH", "TEXT", "NORM", "LOWER", "LEMMA", "POS", "TAG", "MORPH", "SHAPE",
                        "PREFIX", "SUFFIX"})
BOOL_ATTRS = frozenset({"IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE",
                        "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_SENT_START", "LIKE_NUM",
                        "LIKE_URL", "LIKE_EMAIL", "SPACY", "IS_BRACKET", "IS_QUOTE",
                        "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY"})
INT_ATTRS = frozenset({"LENGTH"})
MODEL_ATTRS = frozenset({"POS", "TAG", "MORPH"})
"""Attributes only a trained model (tagger/morphologizer) sets; blank pipelines leave them empty."""
UNSUPPORTED_ATTRS = {
    "DEP": "sætningsled (DEP) kræver en parser, som brevtjek ikke kører",
    "HEAD": "HEAD kræver en parser, som brevtjek ikke kører",
    "ENT_TYPE": "navnegenkendelse (ENT_TYPE) kører brevtjek ikke",
    "ENT_IOB": "navnegenkendelse (ENT_IOB) kører brevtjek ikke",
    "ENT_ID": "navnegenkendelse (ENT_ID) kører brevtjek ikke",
    "ENT_KB_ID": "navnegenkendelse (ENT_KB_ID) kører brevtjek ikke",
    "_": "egne token-attributter (_) kan ikke bruges i regelpakker",
}
OPERATORS = ("!", "?", "+", "*")
OP_COUNT = regex.compile(r"^\{(?:\d+|\d+,\d*|\d*,\d+)\}$")
TEXT_OPERATORS = frozenset({"IN", "NOT_IN", "REGEX", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS",
                            "FUZZY", *(f"FUZZY{n}" for n in range(1, 10))})
NUMBER_OPERATORS = frozenset({"==", "!=", ">=", "<=", ">", "<", "IN", "NOT_IN"})
MORPH_FEATURE = regex.compile(r"^[A-Z][A-Za-z0-9]*(?:\[[a-z0-9]+\])?=[A-Za-z0-9]+(?:,[A-Za-z0-9]+)*$")

ATTRIBUTE_HELP = ("Brug fx TEXT (præcis form, store/små bogstaver tæller), LOWER, LEMMA, POS, "
                  "MORPH, IS_PUNCT, LIKE_NUM eller OP")


def _check_morph(value: str) -> None:
    if value == "":
        return
    for feature in value.split("|"):
        if not MORPH_FEATURE.match(feature):
            raise ValueError(
                f"«{feature}» er ikke et gyldigt morfologisk træk. Skriv Træk=Værdi, fx "
                "'Voice=Pass', 'Tense=Past' eller 'Number=Plur'; flere træk adskilles med '|'."
            )


def _check_text_value(attr: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ValueError(f"værdien af {attr} skal være en tekst, ikke «{value}».")
    if attr == "POS" and value not in UPOS:
        raise ValueError(f"«{value}» er ikke en ordklasse. Brug en af: {', '.join(UPOS)}.")
    if attr == "MORPH":
        _check_morph(value)


def _check_text_operators(attr: str, value: dict[str, Any]) -> dict[str, Any]:
    normalised: dict[str, Any] = {}
    for operator, argument in value.items():
        name = str(operator).upper()
        if name not in TEXT_OPERATORS:
            raise ValueError(
                f"ukendt operator «{operator}» under {attr}. Brug IN, NOT_IN, REGEX, "
                "IS_SUBSET, IS_SUPERSET eller INTERSECTS."
            )
        if name == "REGEX":
            if not isinstance(argument, str):
                raise ValueError(f"REGEX under {attr} skal være én tekst.")
            check_regex(argument)
        elif name.startswith("FUZZY"):
            if not isinstance(argument, str):
                raise ValueError(f"{name} under {attr} skal være én tekst.")
        else:
            if not isinstance(argument, list) or not argument:
                raise ValueError(f"{name} under {attr} skal være en ikke-tom liste, fx [De, Dem].")
            for item in argument:
                if attr == "MORPH" and name in ("IS_SUBSET", "IS_SUPERSET", "INTERSECTS"):
                    if not isinstance(item, str):
                        raise ValueError(f"{name} under MORPH skal være en liste af træk.")
                    _check_morph(item)
                else:
                    _check_text_value(attr, item)
        normalised[name] = argument
    return normalised


def check_token(token: dict[str, Any]) -> dict[str, Any]:
    """Validate one token of a spaCy token pattern; return it with upper-case keys.

    ``MORPH: "Voice=Pass"`` is read as "has (at least) these features" — what a writer
    means — rather than spaCy's "has exactly this morphology", which would silently never
    match a passive verb that also carries tense and mood.
    """
    if not token:
        raise ValueError("et token i mønsteret er tomt ({}). Angiv mindst én egenskab, fx {LOWER: at}.")
    normalised: dict[str, Any] = {}
    for key, value in token.items():
        attr = str(key).upper()
        if attr in UNSUPPORTED_ATTRS:
            raise ValueError(f"{attr} kan ikke bruges: {UNSUPPORTED_ATTRS[attr]}.")
        if attr == "OP":
            if not isinstance(value, str) or not (value in OPERATORS or OP_COUNT.match(value)):
                raise ValueError(
                    f"ugyldig OP «{value}». Brug \"?\" (0 eller 1), \"*\" (0 eller flere), "
                    "\"+\" (1 eller flere), \"!\" (ikke) eller \"{n}\"/\"{n,m}\" — altid i "
                    "anførselstegn."
                )
            normalised[attr] = value
        elif attr in TEXT_ATTRS:
            if isinstance(value, dict):
                normalised[attr] = _check_text_operators(attr, value)
            else:
                _check_text_value(attr, value)
                if attr == "MORPH" and value:
                    normalised[attr] = {"IS_SUPERSET": value.split("|")}
                else:
                    normalised[attr] = value
        elif attr in BOOL_ATTRS:
            if not isinstance(value, bool):
                raise ValueError(f"{attr} skal være true eller false, ikke «{value}».")
            normalised[attr] = value
        elif attr in INT_ATTRS:
            if isinstance(value, dict):
                for operator, argument in value.items():
                    if str(operator) not in NUMBER_OPERATORS:
                        raise ValueError(f"ukendt operator «{operator}» under {attr}.")
                    items = argument if isinstance(argument, list) else [argument]
                    if not all(isinstance(item, int) and not isinstance(item, bool) for item in items):
                        raise ValueError(f"{attr} skal sammenlignes med hele tal.")
            elif not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{attr} skal være et helt tal.")
            normalised[attr] = value
        else:
            raise ValueError(f"ukendt token-egenskab «{key}». {ATTRIBUTE_HELP}.")
    return normalised


def check_token_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Whole-pattern checks spaCy's own validator adds (kept as a safety net)."""
    from spacy.schemas import validate_token_pattern

    if all(token.get("OP") in ("?", "*", "!") for token in pattern):
        raise ValueError("mønsteret kan passe på ingenting (alle tokens er valgfrie). Gør "
                         "mindst ét token obligatorisk.")
    errors = validate_token_pattern(pattern)
    if errors:
        raise ValueError(f"spaCy afviser mønsteret: {'; '.join(errors)}")
    return pattern


Token = Annotated[dict[str, Any], AfterValidator(check_token)]
TokenPattern = Annotated[list[Token], Field(min_length=1), AfterValidator(check_token_pattern)]


def model_attributes(patterns: Iterable[list[dict[str, Any]]]) -> set[str]:
    """The attributes in ``patterns`` that need a trained model (POS, TAG, MORPH)."""
    return {attr for pattern in patterns for token in pattern for attr in token
            if attr in MODEL_ATTRS}


class TextTarget(StrictModel):
    """Fields for rule types that look for text."""

    words: list[str] = Field(default_factory=list)
    words_from: list[DataName] = Field(default_factory=list)
    patterns: list[Regex] = Field(default_factory=list)
    tokens: list[TokenPattern] = Field(default_factory=list)
    case_sensitive: bool = False

    def has_text_target(self) -> bool:
        return bool(self.words or self.words_from or self.patterns or self.tokens)


def missing_target(fields: str = "words, words_from, patterns eller tokens") -> str:
    return f"reglen leder ikke efter noget. Angiv mindst ét af felterne {fields}."


def model_unavailable(env: CompileEnv, attributes: set[str]) -> str | None:
    """Why token patterns using ``attributes`` cannot run with this pipeline (Danish)."""
    if not attributes or env.has_morphology:
        return None
    return (f"den danske sprogmodel i brug sætter ikke {', '.join(sorted(attributes))}; "
            "installér da_core_news_sm eller brug den indbyggede model (--model bundled)")


def exact_alternatives(tokens: list[tuple[str, str, str]]) -> list[list[str]]:
    """Case-sensitive keys for a phrase: exact forms, but a word written in lower case also
    matches with a capital first letter, as at the start of a sentence («du» finds «Du»);
    a word written with a capital («De») matches only so."""
    keys = [[text] for text, _, _ in tokens]
    if keys and keys[0][0][:1].islower():
        first = keys[0][0]
        keys[0].append(first[0].upper() + first[1:])
    return keys


_MATCHERS = itertools.count()
"""Gives each TextMatcher its own key for the spans kept on a Doc."""


class TextMatcher:
    """Compiled :class:`TextTarget`: character spans of every match in a block."""

    def __init__(self, target: TextTarget, env: CompileEnv) -> None:
        self.case_sensitive = target.case_sensitive
        self.index: PhraseIndex[str] = PhraseIndex(exact_keys if target.case_sensitive else token_keys)
        words = list(target.words)
        for word, tokens in zip(words, env.lemmatize(words), strict=False):
            if target.case_sensitive:
                self.index.add(exact_alternatives(tokens), word)
            else:
                self.index.add([{lower, lemma} for _, lower, lemma in tokens], word)
        flags = 0 if target.case_sensitive else regex.IGNORECASE
        self.patterns = [regex.compile(pattern, flags) for pattern in target.patterns]
        self.model_attrs = model_attributes(target.tokens)
        self.unavailable = model_unavailable(env, self.model_attrs)
        self.matcher: Any = None
        self._doc_key = f"brevtjek.targets.spans.{next(_MATCHERS)}"
        if target.tokens and self.unavailable is None:
            from spacy.matcher import Matcher

            self.matcher = Matcher(env.nlp.vocab, validate=True)
            self.matcher.add("target", [list(p) for p in target.tokens], greedy="LONGEST")

    @property
    def empty(self) -> bool:
        return self.index.size == 0 and not self.patterns and self.matcher is None

    def spans(self, analyzed: AnalyzedBlock) -> tuple[tuple[int, int], ...]:
        """Sorted, distinct (start, end) character ranges of matches in the block's text.

        They depend on the block's text alone, so they are kept on its Doc
        (:func:`~brevtjek.nlp.tokens.on_doc`), which a recurring block shares with many
        letters — unless the Doc holds only the start of an overlong text.
        """
        doc = analyzed.doc
        if len(analyzed.block.text) > MAX_BLOCK_CHARS:
            return self._spans(doc, analyzed.block.text)
        return on_doc(doc, self._doc_key, lambda: self._spans(doc, analyzed.block.text))

    def _spans(self, doc: Any, text: str) -> tuple[tuple[int, int], ...]:
        found: set[tuple[int, int]] = set()
        if self.index.size:
            for match in self.index.find(doc):
                span = doc[match.start:match.end]
                found.add((span.start_char, span.end_char))
        for pattern in self.patterns:
            try:
                matches = list(pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS))
            except TimeoutError:
                continue
            found.update((m.start(), m.end()) for m in matches if m.end() > m.start())
        if self.matcher is not None and self._model_annotated(doc):
            from spacy.util import filter_spans

            spans = [doc[start:end] for _, start, end in self.matcher(doc)]
            found.update((span.start_char, span.end_char) for span in filter_spans(spans))
        return tuple(sorted(found))

    def _model_annotated(self, doc: Any) -> bool:
        """Whether the pipeline set every attribute this target's token patterns read."""
        from brevtjek.nlp.style import doc_has

        return all(doc_has(doc, attribute) for attribute in self.model_attrs)

    def found_in(self, blocks: Iterable[AnalyzedBlock]) -> tuple[AnalyzedBlock, int, int] | None:
        """The first match in ``blocks`` (block, start, end), or None."""
        for analyzed in blocks:
            spans = self.spans(analyzed)
            if spans:
                return analyzed, spans[0][0], spans[0][1]
        return None


def resolve_words_from(spec: Any, data: Any) -> Any:
    """``resolve_data`` for TextTarget specs: add the words of ``words_from`` to ``words``."""
    if not spec.words_from:
        return spec
    extra = data.words(list(spec.words_from), "words_from")
    return spec.model_copy(update={"words": [*spec.words, *extra]})
