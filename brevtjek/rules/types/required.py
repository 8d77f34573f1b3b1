"""required: something must be present — in the letter, in a part of it, or in a named section.

"Something" is any of ``words`` / ``words_from``, ``patterns`` (regular expressions),
``tokens`` (token patterns) or ``heading`` (a regular expression a heading must match);
the rule is satisfied when at least one of them is found in the blocks the scope (and
``section``) selects. Nothing to underline when it is missing, so the finding points at the
section's heading when the section exists, otherwise at the letter's first heading (its
subject line), otherwise its first paragraph — the whole block. ``{match}`` is that
block's text.

    id: forvaltningsret.klagevejledning
    type: required
    severity: error
    scope: letter
    heading: "klage"
    words: [klagevejledning, "du kan klage"]
    message: "Brevet har ingen klagevejledning."
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

import regex

from brevtjek.findings import Finding
from brevtjek.nlp.analysis import AnalyzedBlock
from brevtjek.rules.anchors import anchor_for_scope
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.spec import RuleSpec
from brevtjek.rules.targets import Regex, TextMatcher, TextTarget, missing_target, resolve_words_from


class PresenceTarget(TextTarget):
    """A text target that may also be a heading."""

    heading: Regex | None = None

    def has_target(self) -> bool:
        return self.has_text_target() or self.heading is not None


class Spec(RuleSpec, PresenceTarget):
    TYPE: ClassVar[str] = "required"

    type: Literal["required"]


def extra_checks(spec: Spec) -> Iterator[tuple[tuple[Any, ...], str]]:
    if not spec.has_target():
        yield (), missing_target("words, words_from, patterns, tokens eller heading")


resolve_data = resolve_words_from


class PresenceMatcher:
    """Compiled :class:`PresenceTarget`: is any of its targets found in some blocks?"""

    def __init__(self, target: PresenceTarget, env: CompileEnv) -> None:
        self.text = TextMatcher(target, env)
        self.heading = regex.compile(target.heading, regex.IGNORECASE) if target.heading else None
        self.unavailable = self.text.unavailable

    def present(self, blocks: list[AnalyzedBlock]) -> bool:
        if self.heading is not None:
            for analyzed in blocks:
                if analyzed.block.is_heading and self._heading_matches(analyzed.block.text):
                    return True
        return not self.text.empty and self.text.found_in(blocks) is not None

    def _heading_matches(self, text: str) -> bool:
        assert self.heading is not None
        try:
            return self.heading.search(text, timeout=0.5) is not None
        except TimeoutError:
            return False


class Required:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.matcher = PresenceMatcher(spec, env)
        self.unavailable = self.matcher.unavailable

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        blocks = list(context.blocks(spec.scope, spec.section))
        if self.matcher.present(blocks):
            return
        anchor = anchor_for_scope(context, blocks)
        if anchor is None:
            return
        analyzed, start, end = anchor
        yield context.templated_finding(spec, analyzed, start, end)


def compile(spec: Spec, env: CompileEnv) -> Required:
    return Required(spec, env)
