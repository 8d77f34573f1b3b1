"""Reject regular expressions that can take exponential time, before they run.

Matching already runs with the ``regex`` module's timeout, so a bad pattern cannot hang a
batch — but a rule that silently times out on long letters finds nothing there, which is
worse than an error at load time. The classic culprits are a repetition whose body can
match the same text in more than one way:

* a repetition inside a repetition where the iterations can split the text differently:
  ``(a+)+``, ``(\\w+\\s?)*``, ``(a*)*``;
* a repeated alternation whose branches can start with the same character: ``(a|a)*``,
  ``(\\s|\\n)+``.

The check parses the pattern with Python's own regular-expression parser (the ``regex``
module's syntax is a superset; its Unicode properties ``\\p{..}`` are mapped to ``\\w``
first) and compares the sets of characters each part can start with, on a sample alphabet
that covers Danish text. It is deliberately conservative: ``(\\d+\\.)+`` and
``(stk\\.\\s*\\d+,?\\s*)+`` pass, because something that is not optional separates the
iterations.
"""

from __future__ import annotations

import re
import re._constants as _c  # Python 3.11+: the parser behind ``re``
import re._parser as _parser
import string
from collections.abc import Callable, Iterator
from typing import Any

import regex

Pred = Callable[[str], bool]

ALPHABET = string.printable + "æøåÆØÅéÉüÜöÖäÄ§«»–—’“”\u00a0\u2028"
_UNICODE_PROPERTY = regex.compile(r"\\([pP])\{[^}]*\}")
_FALLBACK_NESTED = regex.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,)")
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)

_CATEGORIES: dict[Any, Pred] = {
    _c.CATEGORY_DIGIT: str.isdigit,
    _c.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
    _c.CATEGORY_SPACE: str.isspace,
    _c.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    _c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    _c.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
}


def _equals(char: str) -> Pred:
    return lambda ch: ch == char


def _differs(char: str) -> Pred:
    return lambda ch: ch != char


def _between(low: int, high: int) -> Pred:
    return lambda ch: low <= ord(ch) <= high


def _fold(pred: Pred) -> Pred:
    """Case-insensitive view: rules usually match ignoring case, so assume the worst."""
    return lambda ch: pred(ch) or pred(ch.swapcase())


def _class_pred(items: list[tuple[Any, Any]]) -> Pred:
    negate = False
    preds: list[Pred] = []
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            preds.append(_equals(chr(av)))
        elif op is _c.RANGE:
            preds.append(_between(av[0], av[1]))
        elif op is _c.CATEGORY:
            preds.append(_CATEGORIES.get(av, lambda ch: True))
        else:
            preds.append(lambda ch: True)

    def pred(ch: str) -> bool:
        hit = any(p(ch) for p in preds)
        return not hit if negate else hit

    return pred


def _is_repeat(op: Any) -> bool:
    return op in _REPEATS or (_POSSESSIVE is not None and op is _POSSESSIVE)


def _first(seq: Any) -> tuple[list[Pred], bool]:
    """Predicates for the characters ``seq`` can start with, and whether it can match ''."""
    preds: list[Pred] = []
    for op, av in seq:
        item_preds, nullable = _first_item(op, av)
        preds.extend(item_preds)
        if not nullable:
            return preds, False
    return preds, True


def _first_item(op: Any, av: Any) -> tuple[list[Pred], bool]:
    if op is _c.LITERAL:
        return [_fold(_equals(chr(av)))], False
    if op is _c.NOT_LITERAL:
        return [_differs(chr(av))], False
    if op is _c.ANY:
        return [lambda ch: True], False
    if op is _c.IN:
        return [_fold(_class_pred(av))], False
    if op is _c.SUBPATTERN:
        return _first(av[-1])
    if _ATOMIC is not None and op is _ATOMIC:
        return _first(av)
    if op is _c.BRANCH:
        preds: list[Pred] = []
        nullable = False
        for alternative in av[1]:
            alt_preds, alt_nullable = _first(alternative)
            preds.extend(alt_preds)
            nullable = nullable or alt_nullable
        return preds, nullable
    if _is_repeat(op):
        low, _, body = av
        body_preds, body_nullable = _first(body)
        return body_preds, low == 0 or body_nullable
    if op is _c.GROUPREF_EXISTS:
        preds, nullable = _first(av[1])
        if av[2] is not None:
            more, more_nullable = _first(av[2])
            return preds + more, nullable or more_nullable
        return preds, True
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return [], True
    # GROUPREF and anything unknown: could be anything, could be empty.
    return [lambda ch: True], True


def _overlap(left: list[Pred], right: list[Pred]) -> bool:
    return any(any(p(ch) for p in left) and any(q(ch) for q in right) for ch in ALPHABET)


def _repeats_many(av: Any) -> bool:
    return bool(av[1] > 1)


def _trailing_repeats(seq: Any) -> Iterator[Any]:
    """Repetitions in ``seq`` after which only optional things follow (up to its end)."""
    for op, av in reversed(list(seq)):
        if _is_repeat(op):
            if _repeats_many(av):
                yield (op, av)
            yield from _trailing_repeats(av[2])
        elif op is _c.SUBPATTERN:
            yield from _trailing_repeats(av[-1])
        elif op is _c.BRANCH:
            for alternative in av[1]:
                yield from _trailing_repeats(alternative)
        _, nullable = _first_item(op, av)
        if not nullable:
            return


def _branches(seq: Any) -> Iterator[Any]:
    """Alternations in ``seq`` that are not inside a nested repetition."""
    for op, av in seq:
        if op is _c.BRANCH:
            yield av
            for alternative in av[1]:
                yield from _branches(alternative)
        elif op is _c.SUBPATTERN:
            yield from _branches(av[-1])


def _problem_in_repeat(av: Any) -> str | None:
    body = av[2]
    body_first, body_nullable = _first(body)
    if body_nullable and av[1] > 1:
        return ("en gentagelse af noget, der kan være tomt (fx «(a*)*» eller «(a?)+»). "
                "Fjern den ydre gentagelse")
    for _, inner in _trailing_repeats(body):
        inner_first, _ = _first(inner[2])
        if _overlap(inner_first, body_first):
            return ("en gentagelse inde i en gentagelse, som kan dele teksten op på mange "
                    "måder (fx «(a+)+» eller «(\\w+\\s?)*»). Fjern den indre eller ydre "
                    "gentagelse, eller gør skilletegnet mellem gentagelserne obligatorisk "
                    "(fx «\\s» i stedet for «\\s?»)")
    for branch in _branches(body):
        alternatives = [_first(alternative) for alternative in branch[1]]
        for i, (left, left_nullable) in enumerate(alternatives):
            for right, right_nullable in alternatives[i + 1:]:
                if left_nullable or right_nullable or _overlap(left, right):
                    return ("en gentaget valgmulighed, hvor flere af mulighederne kan passe på "
                            "den samme tekst (fx «(a|a)*» eller «(\\s|\\n)+»). Skriv "
                            "mulighederne, så de ikke overlapper, fx med en tegnklasse «[...]»")
    return None


def _walk(seq: Any) -> Iterator[tuple[Any, Any]]:
    for op, av in seq:
        yield op, av
        if _is_repeat(op):
            yield from _walk(av[2])
        elif op is _c.SUBPATTERN:
            yield from _walk(av[-1])
        elif _ATOMIC is not None and op is _ATOMIC:
            continue  # atomic groups never backtrack into themselves
        elif op is _c.BRANCH:
            for alternative in av[1]:
                yield from _walk(alternative)
        elif op is _c.GROUPREF_EXISTS:
            yield from _walk(av[1])
            if av[2] is not None:
                yield from _walk(av[2])
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            yield from _walk(av[1])


def catastrophic_reason(pattern: str) -> str | None:
    """Why ``pattern`` can take exponential time (Danish), or None when it looks safe."""
    simplified = _UNICODE_PROPERTY.sub(lambda m: "\\w" if m.group(1) == "p" else "\\W", pattern)
    try:
        parsed = _parser.parse(simplified)
    except (re.error, ValueError, TypeError, IndexError, OverflowError, RecursionError):
        # Syntax only the regex module knows: fall back to spotting "(...+)+" textually.
        if _FALLBACK_NESTED.search(pattern):
            return ("en gentagelse inde i en gentagelse (fx «(a+)+»). Skriv udtrykket uden "
                    "indlejrede gentagelser")
        return None
    for op, av in _walk(parsed):
        if _is_repeat(op) and (_POSSESSIVE is None or op is not _POSSESSIVE) and _repeats_many(av):
            reason = _problem_in_repeat(av)
            if reason is not None:
                return reason
    return None


def check_regex(pattern: str) -> str:
    """Validate a rule's regular expression; raise ValueError with a Danish message."""
    try:
        regex.compile(pattern)
    except regex.error as error:
        raise ValueError(
            f"det regulære udtryk «{pattern}» kan ikke læses ({error}). Tjek parenteser, "
            "firkantede parenteser og tegn som ( ) [ ] . * + ? \\, der skal skrives "
            "med \\ foran, når de betyder sig selv."
        ) from error
    reason = catastrophic_reason(pattern)
    if reason is not None:
        raise ValueError(
            f"det regulære udtryk «{pattern}» kan tage eksponentielt lang tid på lange breve: "
            f"det indeholder {reason}."
        )
    return pattern
