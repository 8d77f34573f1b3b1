"""metric: compare a readability figure with thresholds and say how hard the text is.

A metric rule names a figure (``metric``) at a ``level`` — the letter's body, each section,
each paragraph or each sentence — and the ``thresholds`` at which it becomes info, a
warning or an error. The highest threshold passed decides the severity (``direction:
above``: the value is greater than the threshold; ``below``: smaller). Setting
``severity`` on the rule (or in the configuration) fixes the severity instead; the
thresholds then only decide whether the rule fires.

    id: laesbarhed.lix
    type: metric
    metric: lix
    level: body
    thresholds: {info: 40, warning: 45, error: 55}
    message: "Brevets LIX er {value} ({band}) – over {threshold}."

``worst: N`` reports only the N most extreme items, hardest first, and fills {rank} and
{count}: findings are shown in letter order, so the rank goes into the message.
``min_words`` skips items with fewer words (a three-word paragraph has a meaningless LIX).

Values come from ``context.metrics`` (the JSON ``metrics`` object) for body, section and
paragraph, and from the per-sentence counts of :mod:`brevtjek.metrics` for sentences.
A team can move the thresholds without editing the pack::

    rules:
      laesbarhed.lix: {thresholds: {info: 38, warning: 45, error: 55}}

(merged level by level with the pack's thresholds; ``null`` removes a level).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, ClassVar, Literal

import regex
from pydantic import Field

from brevtjek.errors import RulePackError
from brevtjek.findings import Finding, Severity
from brevtjek.metrics import letter_measure
from brevtjek.metrics.counting import SentenceFigures
from brevtjek.metrics.figures import METRIC_KEYS
from brevtjek.metrics.letter import LetterMeasure
from brevtjek.metrics.lix import band
from brevtjek.nlp.tokens import on_doc
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.spec import RuleSpec, render

Level = Literal["body", "section", "paragraph", "sentence"]

SENTENCE_METRICS = (
    "lix", "words", "long_words", "long_word_share", "passives", "nominalisations",
    "nominal_chain",
)
LEVEL_METRICS: dict[str, tuple[str, ...]] = {
    "body": METRIC_KEYS,
    "section": METRIC_KEYS,
    "paragraph": ("lix", "words", "sentences"),
    "sentence": SENTENCE_METRICS,
}
"""Which figures each level has (paragraphs are kept compact in the JSON output)."""

SHARE_METRICS = frozenset(
    {"long_word_share", "passive_share", "nominal_share", "long_sentence_share"}
)
DECIMAL_METRICS = frozenset({"lix", "avg_sentence_words"})
SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SETTING_KEYS = frozenset({"thresholds", "worst", "min_words"})

METRIC_NAMES = {
    "lix": "LIX",
    "words": "antal ord",
    "sentences": "antal sætninger",
    "avg_sentence_words": "gennemsnitlig sætningslængde",
    "max_sentence_words": "længste sætning",
    "long_word_share": "andel lange ord",
    "passive_share": "andel sætninger i passiv",
    "nominal_share": "andel navneord på -else, -ing, -tion og -hed",
    "long_sentence_share": "andel sætninger over 25 ord",
    "long_words": "lange ord",
    "passives": "passive udsagnsled",
    "nominalisations": "navneord på -else, -ing, -tion og -hed",
    "nominal_chain": "navneord i træk",
}
"""Danish names of the figures, for the {metric} placeholder."""

SPLIT_TARGET_WORDS = 12
"""Where to look for a split point in a long sentence: after about this many words."""
SPLIT_MIN_PART_WORDS = 4
SPLIT_WORDS = frozenset(
    {"og", "men", "eller", "samt", "fordi", "idet", "da", "når", "hvis", "selvom", "mens",
     "eftersom", "medmindre", "hvorfor", "hvorefter", "hvorved", "hvilket", "hvilken",
     "hvilke", "som", "hvor", "herunder", "således", "derfor"}
)
"""Conjunctions and relative words before which a Danish sentence can be cut in two."""
SPLIT_PUNCTUATION = frozenset({",", ";", ":", "–", "—"})


class Spec(RuleSpec):
    TYPE: ClassVar[str] = "metric"
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"value", "threshold", "band", "section", "words", "rank", "count", "split",
         "passive", "nominal", "metric"}
    )

    type: Literal["metric"]
    metric: str = Field(min_length=1)
    level: Level = "body"
    thresholds: dict[Severity, float] = Field(min_length=1)
    direction: Literal["above", "below"] = "above"
    worst: int | None = Field(default=None, ge=1)
    min_words: int = Field(default=0, ge=0)


def _order_problem(thresholds: dict[Severity, float], direction: str) -> str | None:
    """Thresholds must grow with severity for 'above' (and shrink for 'below')."""
    present = [(severity, thresholds[severity]) for severity in reversed(SEVERITY_ORDER)
               if thresholds.get(severity) is not None]
    for (low, low_value), (high, high_value) in pairwise(present):
        wrong = high_value < low_value if direction == "above" else high_value > low_value
        if wrong:
            relation = "større end" if direction == "above" else "mindre end"
            return (f"grænsen for {high.value} ({high_value:g}) skal være {relation} eller lig "
                    f"grænsen for {low.value} ({low_value:g}) med direction: {direction}")
    return None


def extra_checks(spec: Spec) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Problems pydantic cannot see: a figure the level lacks, thresholds out of order."""
    allowed = LEVEL_METRICS[spec.level]
    if spec.metric not in allowed:
        yield ("metric",), (
            f"niveauet «{spec.level}» har ikke tallet «{spec.metric}». "
            f"Brug et af: {', '.join(allowed)}."
        )
    problem = _order_problem(dict(spec.thresholds), spec.direction)
    if problem:
        yield ("thresholds",), problem
    if spec.worst is not None and spec.level == "body":
        yield ("worst",), "«worst» giver kun mening med level section, paragraph eller sentence."


def format_value(metric: str, value: float, threshold: bool = False) -> str:
    """A figure as a Danish writer reads it: "47,3", "38 %", "27" (a threshold: "45")."""
    if metric in SHARE_METRICS:
        return f"{round(value * 100):d} %"
    if value != int(value) or (metric in DECIMAL_METRICS and not threshold):
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


@dataclass
class Item:
    """One thing a metric rule measures: the body, a section, a paragraph or a sentence."""

    value: float
    words: int
    lix: float | None
    block: int
    start: int | None = None
    end: int | None = None
    section: str | None = None
    order: tuple[int, int] = (0, 0)
    sentence: SentenceFigures | None = None
    """For a sentence item: the sentence, whose split hint and passives a message may name.
    They are worked out only for the sentences a finding is made for."""

    def extra(self) -> dict[str, str]:
        return _sentence_extra(self.sentence) if self.sentence is not None else {}


@dataclass(frozen=True)
class Effective:
    """The rule's settings after the configuration is applied."""

    thresholds: dict[Severity, float]
    worst: int | None
    min_words: int


def _config_error(rule_id: str, text: str) -> RulePackError:
    return RulePackError(f"Konfigurationen af reglen «{rule_id}»: {text}")


def _number(rule_id: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _config_error(rule_id, f"«{name}» skal være et tal, ikke «{value}».")
    return float(value)


def effective_settings(spec: Spec, settings: dict[str, Any] | None) -> Effective:
    """Merge ``rules: {<id>: {thresholds: …, worst: …, min_words: …}}`` into the spec."""
    options = dict(settings or {})
    unknown = sorted(set(options) - SETTING_KEYS)
    if unknown:
        raise _config_error(spec.id, f"ukendt indstilling «{unknown[0]}». Tilladt: "
                                     f"{', '.join(sorted(SETTING_KEYS))}, enabled, severity.")
    thresholds: dict[Severity, float] = dict(spec.thresholds)
    given = options.get("thresholds")
    if given is not None:
        if not isinstance(given, dict):
            raise _config_error(spec.id, "«thresholds» skal være en samling som "
                                         "{info: 40, warning: 45, error: 55}.")
        for key, value in given.items():
            try:
                severity = Severity(str(key))
            except ValueError:
                raise _config_error(spec.id, f"ukendt niveau «{key}» i «thresholds». Brug "
                                             "info, warning eller error.") from None
            if value is None:
                thresholds.pop(severity, None)
            else:
                thresholds[severity] = _number(spec.id, f"thresholds.{key}", value)
    problem = _order_problem(thresholds, spec.direction)
    if problem:
        raise _config_error(spec.id, problem + ".")
    worst = spec.worst
    if options.get("worst") is not None:
        worst = int(_number(spec.id, "worst", options["worst"]))
        if worst < 1:
            raise _config_error(spec.id, "«worst» skal være mindst 1.")
    min_words = spec.min_words
    if options.get("min_words") is not None:
        min_words = int(_number(spec.id, "min_words", options["min_words"]))
        if min_words < 0:
            raise _config_error(spec.id, "«min_words» må ikke være negativ.")
    return Effective(thresholds, worst, min_words)


def validate_settings(rules: Iterable[Any], settings: dict[str, Any]) -> None:
    """Check the configuration of every enabled metric rule before any letter is read.

    A misspelt threshold is a configuration error (exit code 2 with every problem listed),
    not something to discover letter by letter.
    """
    problems: list[str] = []
    for loaded in rules:
        spec = loaded.spec
        if not isinstance(spec, Spec):
            continue
        try:
            effective_settings(spec, settings.get(spec.id))
        except RulePackError as error:
            problems.extend(error.problems)
    if problems:
        raise RulePackError("Konfigurationen har fejl i læsbarhedsreglernes indstillinger.", problems)


def classify(value: float, thresholds: dict[Severity, float],
             direction: str) -> tuple[Severity, float] | None:
    """The most severe level whose threshold ``value`` passes, with that threshold."""
    for severity in SEVERITY_ORDER:
        threshold = thresholds.get(severity)
        if threshold is None:
            continue
        if (value > threshold) if direction == "above" else (value < threshold):
            return severity, threshold
    return None


def split_hint(sentence: SentenceFigures) -> str:
    """Where to cut a long sentence: the first comma or conjunction after ~12 words.

    Falls back to the last usable point before word 12, then to word 12 itself. A point
    must leave at least four words on each side, or the cut makes a fragment.
    """
    doc = sentence.span.doc
    total = sentence.words
    words_in = Counter(sentence.word_tokens)
    candidates: list[tuple[int, str]] = []
    seen = 0
    previous_word = ""
    for token in sentence.span:
        if token.text in SPLIT_PUNCTUATION and previous_word:
            where = "ved kommaet" if token.text == "," else f"ved «{token.text}»"
            candidates.append((seen, f"{where} efter «{previous_word}» (efter {seen} ord)"))
        elif token.lower_ in SPLIT_WORDS and words_in[token.i]:
            candidates.append((seen, f"før «{token.text}» (efter {seen} ord)"))
        if words_in[token.i]:
            seen += words_in[token.i]
            previous_word = token.text
    usable = [(before, text) for before, text in candidates
              if before >= SPLIT_MIN_PART_WORDS and total - before >= SPLIT_MIN_PART_WORDS]
    for before, text in usable:
        if before >= SPLIT_TARGET_WORDS:
            return text
    if usable:
        return usable[-1][1]
    if total > SPLIT_TARGET_WORDS:
        word = doc[sentence.word_tokens[SPLIT_TARGET_WORDS - 1]].text
        return f"efter «{word}» (ord nr. {SPLIT_TARGET_WORDS}), og skriv resten som en ny sætning"
    return "der, hvor en ny tanke begynder"


def _sentence_value(sentence: SentenceFigures, metric: str) -> float | None:
    if metric == "lix":
        return sentence.lix
    if metric == "words":
        return sentence.words
    if metric == "long_words":
        return sentence.long_words
    if metric == "long_word_share":
        return sentence.long_words / sentence.words if sentence.words else None
    if metric == "passives":
        return len(sentence.passives)
    if metric == "nominalisations":
        return len(sentence.nominalisations)
    if metric == "nominal_chain":
        return len(sentence.chain)
    return None


_EXTRA_KEY = "brevtjek.metric.sentence_extra"


def _sentence_extra(sentence: SentenceFigures) -> dict[str, str]:
    """Where to split, and the passives and nominal words to name, for a flagged sentence.

    Depends on the sentence's Doc alone, so it is kept there (a recurring block's long
    sentence is flagged in every letter that has it)."""
    span = sentence.span
    known: dict[tuple[int, int], dict[str, str]] = on_doc(span.doc, _EXTRA_KEY, dict)
    key = (span.start, span.end)
    if key not in known:
        known[key] = _describe(sentence)
    return dict(known[key])


def _describe(sentence: SentenceFigures) -> dict[str, str]:
    doc = sentence.span.doc
    passive = "», «".join(" ".join(doc[start:end].text.split()) for start, end in sentence.passives)
    if sentence.chain:
        nominal = " ".join(doc[sentence.chain[0]:sentence.chain[-1] + 1].text.split())
    else:
        nominal = "», «".join(doc[index].text for index in sentence.nominalisations)
    return {"split": split_hint(sentence), "passive": passive, "nominal": nominal}


class MetricRule:
    def __init__(self, spec: Spec, env: CompileEnv) -> None:
        self.spec = spec
        self.section_pattern = regex.compile(spec.section, regex.IGNORECASE) if spec.section else None

    def _section_ok(self, section: str | None) -> bool:
        if self.section_pattern is None:
            return True
        return bool(section and self.section_pattern.search(section))

    def _block_section(self, context: CheckContext, block: int) -> str | None:
        return context.analysis.block(block).block.section

    def items(self, context: CheckContext, measure: LetterMeasure) -> list[Item]:
        """Everything at the rule's level that has a value for its metric."""
        spec = self.spec
        metrics = context.metrics or {}
        items: list[Item] = []
        if spec.level == "body":
            value = metrics.get(spec.metric)
            if value is not None and measure.anchor_block is not None:
                items.append(Item(float(value), int(metrics.get("words") or 0), metrics.get("lix"),
                                  measure.anchor_block,
                                  section=self._block_section(context, measure.anchor_block)))
        elif spec.level == "section":
            first_counted = {
                section.first: (section.sentences[0].block if section.sentences else section.first)
                for section in measure.sections
            }
            for entry in metrics.get("sections", []):
                value = entry.get(spec.metric)
                first = entry["blocks"][0]
                block = entry["heading_block"]
                if block is None:
                    block = first_counted.get(first, first)
                if value is not None and self._section_ok(entry.get("heading")):
                    items.append(Item(float(value), int(entry.get("words") or 0), entry.get("lix"),
                                      block, section=entry.get("heading"), order=(block, 0)))
        elif spec.level == "paragraph":
            for entry in metrics.get("paragraphs", []):
                value = entry.get(spec.metric)
                section = self._block_section(context, entry["block"])
                if value is not None and self._section_ok(section):
                    items.append(Item(float(value), int(entry.get("words") or 0), entry.get("lix"),
                                      entry["block"], section=section, order=(entry["block"], 0)))
        else:
            for sentence in measure.sentences:
                value = _sentence_value(sentence, spec.metric)
                section = self._block_section(context, sentence.block)
                if value is None or not sentence.words or not self._section_ok(section):
                    continue
                items.append(Item(float(value), sentence.words, sentence.lix, sentence.block,
                                  sentence.start, sentence.end, section,
                                  (sentence.block, sentence.start), sentence))
        return items

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec = self.spec
        effective = effective_settings(spec, context.settings.get(spec.id))
        measure = letter_measure(context.analysis)
        flagged: list[tuple[Item, Severity, float]] = []
        for item in self.items(context, measure):
            if item.words < effective.min_words:
                continue
            result = classify(item.value, effective.thresholds, spec.direction)
            if result is not None:
                flagged.append((item, *result))
        if effective.worst is not None:
            sign = -1 if spec.direction == "above" else 1
            flagged.sort(key=lambda entry: (sign * entry[0].value, entry[0].order))
            flagged = flagged[:effective.worst]
        count = len(flagged)
        fixed = "severity" in spec.model_fields_set
        for rank, (item, severity, threshold) in enumerate(flagged, start=1):
            yield self._finding(context, item, severity if not fixed else spec.severity,
                                threshold, rank if effective.worst is not None else None, count)

    def _finding(self, context: CheckContext, item: Item, severity: Severity, threshold: float,
                 rank: int | None, count: int) -> Finding:
        spec = self.spec
        analyzed = context.analysis.block(item.block)
        text = analyzed.block.text
        start = item.start if item.start is not None else 0
        end = item.end if item.end is not None else len(text)
        values = {
            "value": format_value(spec.metric, item.value),
            "threshold": format_value(spec.metric, threshold, threshold=True),
            "band": band(item.lix) or "",
            "section": item.section or "brevets start",
            "words": str(item.words),
            "rank": str(rank) if rank is not None else "",
            "count": str(count) if rank is not None else "",
            "metric": METRIC_NAMES.get(spec.metric, spec.metric),
            **item.extra(),
        }
        message = render(spec.message, values) or spec.message
        return context.finding(spec, analyzed, start, end, message,
                               render(spec.suggestion, values), severity=severity)


def compile(spec: Spec, env: CompileEnv) -> MetricRule:
    return MetricRule(spec, env)
