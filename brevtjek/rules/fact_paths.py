"""The facts rules may test, and how a fact condition is written and evaluated.

Facts come from the fact extractor (``brevtjek/facts``) as ``context.facts``, a dict with
the keys of the JSON contract. Rules name them by dotted path (``appeal_guidance.present``).
The paths are listed here so that a misspelt path in a rule pack is an error at load time
instead of a condition that is silently never true. When the extractor gains a fact, add
its path here.

A condition on one fact is one of:

* a value (``afgørelse``, ``true``, ``3``): the fact equals it (texts ignore case);
* a list of values (``[afslag, delvis, ophør]``): the fact is one of them;
* ``not_null`` / ``null``: the fact is present (not null) / absent or null;
* ``not_empty`` / ``empty``: a text or list with / without content (false and null count as
  empty).
"""

from __future__ import annotations

from typing import Any

FACT_PATHS: dict[str, str] = {
    "letter_kind": "text",
    "outcome": "text",
    "decision_block": "block",
    "legal_citations": "list",
    "reasoning_present": "bool",
    "appeal_guidance": "object",
    "appeal_guidance.present": "bool",
    "appeal_guidance.deadline": "text",
    "appeal_guidance.body": "text",
    "appeal_guidance.how": "text",
    "appeal_guidance.block": "block",
    "address_form": "text",
}
"""Known fact paths and the kind of value each holds."""

SPECIAL_VALUES = ("not_null", "null", "not_empty", "empty")


def lookup(facts: dict[str, Any], path: str) -> Any:
    """The value at a dotted path, or None when any part is missing."""
    value: Any = facts
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _equal(actual: Any, expected: Any) -> bool:
    if isinstance(actual, str) and isinstance(expected, str):
        return actual.casefold() == expected.casefold()
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    return bool(actual == expected)


def _empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, (str, list, dict)) and not value)


def holds(facts: dict[str, Any], path: str, expected: Any) -> bool:
    """Whether the fact at ``path`` satisfies ``expected`` (see the module docstring)."""
    actual = lookup(facts, path)
    if expected == "not_null":
        return actual is not None
    if expected == "null" or expected is None:
        return actual is None
    if expected == "not_empty":
        return not _empty(actual)
    if expected == "empty":
        return _empty(actual)
    if isinstance(expected, list):
        return any(_equal(actual, item) for item in expected)
    return _equal(actual, expected)


def closest(path: str) -> str | None:
    import difflib

    matches = difflib.get_close_matches(path, list(FACT_PATHS), n=1, cutoff=0.6)
    return matches[0] if matches else None


def check_condition(path: str, expected: Any) -> str | None:
    """A Danish problem with one fact condition, or None when it is valid."""
    kind = FACT_PATHS.get(path)
    if kind is None:
        guess = closest(path)
        hint = f" Mente du «{guess}»?" if guess else ""
        return (f"ukendt fakta «{path}».{hint} Kendte fakta: {', '.join(FACT_PATHS)}.")
    if expected is None or expected in SPECIAL_VALUES:
        return None
    values = expected if isinstance(expected, list) else [expected]
    if isinstance(expected, list) and not expected:
        return f"listen af værdier for «{path}» er tom."
    for value in values:
        if isinstance(value, (dict, list)):
            return (f"værdien for «{path}» skal være en tekst, et tal, true/false, en liste af "
                    f"værdier eller en af {', '.join(SPECIAL_VALUES)}.")
        if kind == "bool" and not isinstance(value, bool):
            return f"«{path}» er true eller false, ikke «{value}»."
        if kind in ("object", "list"):
            return (f"«{path}» kan kun testes med {', '.join(SPECIAL_VALUES)} "
                    f"(ikke «{value}»).")
        if kind == "block" and (isinstance(value, bool) or not isinstance(value, int)):
            return f"«{path}» er et bloknummer (et helt tal), ikke «{value}»."
    return None


def expand(flat: dict[str, Any]) -> dict[str, Any]:
    """Turn dotted keys into nested dicts: {"a.b": 1} → {"a": {"b": 1}}."""
    result: dict[str, Any] = {}
    for key, value in flat.items():
        target = result
        parts = str(key).split(".")
        for part in parts[:-1]:
            nested = target.get(part)
            if not isinstance(nested, dict):
                nested = {}
                target[part] = nested
            target = nested
        leaf = parts[-1]
        if isinstance(value, dict) and isinstance(target.get(leaf), dict):
            target[leaf] = merge(target[leaf], expand(value))
        else:
            target[leaf] = expand(value) if isinstance(value, dict) else value
    return result


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: ``override`` wins, nested dicts are merged key by key."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def flatten(facts: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted paths of every leaf and object in ``facts`` (for validating example facts)."""
    flat: dict[str, Any] = {}
    for key, value in facts.items():
        path = f"{prefix}{key}"
        flat[path] = value
        if isinstance(value, dict) and FACT_PATHS.get(path) == "object":
            flat.update(flatten(value, f"{path}."))
    return flat
