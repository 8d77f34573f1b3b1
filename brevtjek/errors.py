"""Errors that reach the user as one clear Danish line, never as a traceback.

Each error carries a stable machine ``code`` (English, for JSON and scripts) and a Danish
``message`` for the caseworker. The CLI turns them into exit code 2.
"""

from __future__ import annotations


class BrevtjekError(Exception):
    """Base class: something the user can fix, described in Danish."""

    code = "error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class DocumentReadError(BrevtjekError):
    """A letter could not be read (missing, empty, corrupt, encrypted, wrong format)."""

    code = "unreadable"


class RulePackError(BrevtjekError):
    """A rule pack or configuration is broken; ``problems`` lists every problem found."""

    code = "rule_pack"

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class ModelNotFoundError(BrevtjekError):
    """The chosen spaCy pipeline is not installed."""

    code = "model_not_found"
