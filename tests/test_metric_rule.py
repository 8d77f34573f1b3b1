"""The ``metric`` rule type and the ``laesbarhed`` pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brevtjek.checker import Checker
from brevtjek.config import Config
from brevtjek.document.text_reader import read_text
from brevtjek.errors import RulePackError
from brevtjek.findings import Severity
from brevtjek.metrics import compute_metrics, letter_measure
from brevtjek.nlp.analysis import analyze
from brevtjek.rules.compiled import CompileEnv
from brevtjek.rules.context import CheckContext
from brevtjek.rules.packs import load_packs
from brevtjek.rules.types import metric
from tests.packs import write_pack

REPO = Path(__file__).resolve().parents[1]

BUREAUCRATIC = (
    "Under henvisning til Deres ansøgning skal det herved meddeles, at Deres ansøgning om "
    "bevilling af ganghjælpemiddel i henhold til servicelovens § 112 ikke kan imødekommes, "
    "idet De ikke opfylder betingelserne herfor."
)  # 29 words, 1 sentence, 11 long words: LIX 66.9 (counted by hand in test_metrics.py)


def rule(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "test.lix",
        "type": "metric",
        "metric": "lix",
        "level": "body",
        "thresholds": {"info": 40, "warning": 45, "error": 55},
        "message": "LIX {value} ({band}) over {threshold}",
        "examples": {"bad": ["x"], "good": ["y"]},
    }
    data.update(fields)
    return data


def run(nlp, text: str, settings: dict[str, Any] | None = None, markdown: bool = True,
        **fields: Any):
    spec = metric.Spec.model_validate(rule(**fields))
    analysis = analyze(read_text(text, "<test>", markdown=markdown), nlp)
    context = CheckContext(analysis=analysis, metrics=compute_metrics(analysis),
                           settings=settings or {})
    return list(metric.compile(spec, CompileEnv(nlp=nlp)).check(context)), analysis


def test_body_lix_severity_message_and_anchor(nlp):
    findings, _ = run(nlp, "# Afslag på rollator\n\n" + BUREAUCRATIC)
    assert len(findings) == 1
    finding = findings[0]
    # heading "Afslag(6) på rollator(L)" adds 3 words, 1 sentence and 1 long word:
    # 32 words, 2 sentences, 12 long → 16 + 1200/32 = 53.5: over 45, not over 55
    assert finding.message == "LIX 53,5 (svær) over 45"
    assert finding.severity is Severity.WARNING
    # anchored to the first body heading, whole block
    assert finding.location.block == 0
    assert (finding.location.start, finding.location.end) == (0, len("Afslag på rollator"))


def test_highest_threshold_passed_decides(nlp):
    findings, _ = run(nlp, BUREAUCRATIC, markdown=False)  # LIX 66.9
    assert [f.severity for f in findings] == [Severity.ERROR]
    assert findings[0].message == "LIX 66,9 (meget svær) over 55"
    findings, _ = run(nlp, BUREAUCRATIC, thresholds={"info": 60, "warning": 70})
    assert [f.severity for f in findings] == [Severity.INFO]
    findings, _ = run(nlp, BUREAUCRATIC, thresholds={"info": 70})
    assert findings == []


def test_configured_thresholds_are_merged(nlp):
    findings, _ = run(nlp, BUREAUCRATIC, settings={"test.lix": {"thresholds": {"error": 70}}})
    assert [f.severity for f in findings] == [Severity.WARNING]
    findings, _ = run(nlp, BUREAUCRATIC,
                      settings={"test.lix": {"thresholds": {"error": None, "warning": None}}})
    assert [f.severity for f in findings] == [Severity.INFO]


@pytest.mark.parametrize(
    "options, fragment",
    [
        ({"treshold": {"info": 30}}, "ukendt indstilling «treshold»"),
        ({"thresholds": {"info": "høj"}}, "skal være et tal"),
        ({"thresholds": {"kritisk": 50}}, "ukendt niveau «kritisk»"),
        ({"thresholds": {"info": 60, "warning": 50}}, "grænsen for warning"),
        ({"thresholds": [40, 45]}, "skal være en samling"),
        ({"worst": 0}, "mindst 1"),
    ],
)
def test_bad_configuration_is_a_clear_error(nlp, options, fragment):
    with pytest.raises(RulePackError) as error:
        run(nlp, BUREAUCRATIC, settings={"test.lix": options})
    assert fragment in error.value.message
    assert "test.lix" in error.value.message


def test_direction_below(nlp):
    findings, _ = run(nlp, "Du får en rollator.", metric="words",
                      thresholds={"warning": 10, "info": 20}, direction="below",
                      message="kun {value} ord, under {threshold}")
    assert [(f.severity, f.message) for f in findings] == [(Severity.WARNING, "kun 4 ord, under 10")]


def test_fixed_severity_overrides_thresholds(nlp):
    findings, _ = run(nlp, BUREAUCRATIC, severity="info")
    assert [f.severity for f in findings] == [Severity.INFO]


SECTIONS = """# Du får en rollator

Vi har set på din sag. Du får en rollator.

## Begrundelse

Kommunen har foretaget en konkret og individuel vurdering af de helbredsmæssige oplysninger.
"""


def test_section_level_anchors_to_heading(nlp):
    findings, analysis = run(nlp, SECTIONS, level="section", thresholds={"warning": 45},
                             message="{section}: LIX {value}, {words} ord")
    assert len(findings) == 1
    finding = findings[0]
    # "Begrundelse(L)" + "Kommunen(L) har foretaget(L) en konkret(L) og individuel(L) vurdering(L)
    # af de helbredsmæssige(L) oplysninger(L)" = 1 + 12 words, 2 sentences, 8 long
    assert finding.message == "Begrundelse: LIX 68,0, 13 ord"  # 6.5 + 800/13 = 6.5 + 61.54
    block = analysis.block(finding.location.block).block
    assert block.text == "Begrundelse" and block.is_heading
    assert (finding.location.start, finding.location.end) == (0, len("Begrundelse"))


def test_section_regex_limits_the_sections(nlp):
    findings, _ = run(nlp, SECTIONS, level="section", thresholds={"info": 0}, section="rollator")
    assert [f.location.section for f in findings] == ["Du får en rollator"]


PARAGRAPHS = """# Afgørelse

Vi har set på din sag, og du får en rollator til at gå med.

Kommunen har foretaget en konkret og individuel vurdering af de helbredsmæssige oplysninger.

Det fremgår af sagens oplysninger, at De er i stand til at færdes indendørs ved hjælp af rollator.

Ansøgningen om bevilling af hjælpemidlet kan ikke imødekommes af kommunen.
"""


def test_paragraph_worst_ranked_by_lix(nlp):
    findings, analysis = run(nlp, PARAGRAPHS, level="paragraph", thresholds={"info": 40},
                             worst=2, message="nr. {rank} af {count}: LIX {value}")
    paragraphs = {entry["block"]: entry["lix"] for entry in compute_metrics(analysis)["paragraphs"]}
    hardest = sorted(paragraphs, key=lambda block: -paragraphs[block])[:2]
    by_block = {f.location.block: f.message for f in findings}
    assert set(by_block) == set(hardest)
    assert by_block[hardest[0]].startswith("nr. 1 af 2")
    assert by_block[hardest[1]].startswith("nr. 2 af 2")
    for finding in findings:  # the whole paragraph is the flagged text
        assert finding.text == analysis.block(finding.location.block).block.text


def test_min_words_skips_short_items(nlp):
    findings, _ = run(nlp, PARAGRAPHS, level="paragraph", thresholds={"info": 0}, min_words=16)
    # paragraphs have 15, 12, 19 and 10 words: only "Det fremgår … rollator" (19) has 16 or more
    assert len(findings) == 1 and findings[0].text.startswith("Det fremgår")


LONG_SENTENCE = (
    "Det skal i den forbindelse bemærkes, at en elektrisk kørestol alene kan bevilges, "
    "såfremt betingelserne i serviceloven er opfyldt, herunder at hjælpemidlet i væsentlig "
    "grad kan lette den daglige tilværelse."
)  # 30 words


def test_sentence_level_highlights_the_sentence_and_suggests_a_split(nlp):
    text = "Du får ikke en kørestol. " + LONG_SENTENCE
    findings, _ = run(nlp, text, markdown=False, metric="words", level="sentence",
                      thresholds={"warning": 25}, message="{value} ord",
                      suggestion="Del den {split}.")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.message == "30 ord"
    assert finding.text == LONG_SENTENCE
    assert (finding.location.start, finding.location.end) == (25, 25 + len(LONG_SENTENCE))
    # commas after word 6 ("bemærkes") and word 13 ("bevilges"): the first after ~12 wins
    assert finding.suggestion == "Del den ved kommaet efter «bevilges» (efter 13 ord)."


def test_split_hint_prefers_conjunction_after_twelve_words(nlp):
    text = ("Vi har lagt vægt på din alder og dine mange års arbejde på fabrikken og at du nu "
            "har svært ved at gå langt uden hjælp fra andre.")
    # "og" after 7 words and after 14 words
    measure = letter_measure(analyze(read_text(text, "<t>"), nlp))
    assert metric.split_hint(measure.sentences[0]) == "før «og» (efter 14 ord)"


def test_sentence_level_passive_and_nominal_placeholders(nlp):
    findings, _ = run(nlp, "Behandlingen af ansøgningen om bevilling kan ikke imødekommes.",
                      markdown=False, metric="passives", level="sentence",
                      thresholds={"info": 0}, message="«{passive}» / «{nominal}»")
    assert [f.message for f in findings] == [
        "«imødekommes» / «Behandlingen af ansøgningen om bevilling»"]


def test_values_are_written_the_danish_way():
    assert metric.format_value("lix", 47.34) == "47,3"
    assert metric.format_value("lix", 45.0) == "45,0"
    assert metric.format_value("lix", 45.0, threshold=True) == "45"
    assert metric.format_value("passive_share", 0.38) == "38 %"
    assert metric.format_value("words", 27.0) == "27"


def test_pack_validation_reports_metric_problems(tmp_path):
    bad_level = rule(id="test.afsnit", level="paragraph", metric="passive_share")
    bad_order = rule(id="test.orden", thresholds={"info": 50, "warning": 45})
    worst_on_body = rule(id="test.vaerst", worst=3)
    folder = write_pack(tmp_path, rules=[bad_level, bad_order, worst_on_body])
    with pytest.raises(RulePackError) as error:
        load_packs([str(folder)])
    problems = "\n".join(error.value.problems)
    assert "afsnit.yaml" in problems and "har ikke tallet «passive_share»" in problems
    assert "orden.yaml" in problems and "grænsen for warning" in problems
    assert "vaerst.yaml" in problems and "«worst»" in problems


def test_configuration_reaches_the_rule_through_the_checker(tmp_path):
    folder = write_pack(tmp_path, rules=[rule()])
    text = read_text(BUREAUCRATIC, "<brev>")
    default = Checker(Config(packs=[str(folder)])).check_document(text)
    assert [f.severity for f in default.findings] == [Severity.ERROR]
    config = Config.model_validate({"packs": [str(folder)],
                                    "rules": {"test.lix": {"thresholds": {"error": 80}}}})
    relaxed = Checker(config).check_document(read_text(BUREAUCRATIC, "<brev>"))
    assert [f.severity for f in relaxed.findings] == [Severity.WARNING]


def test_laesbarhed_pack_examples_pass():
    from brevtjek.rules.testing import run_examples

    checker = Checker(Config(packs=[str(REPO / "rules" / "laesbarhed")]))
    results = run_examples(checker)
    assert {result.rule for result in results} == {
        "laesbarhed.lix", "laesbarhed.svaere-afsnit", "laesbarhed.lange-saetninger",
        "laesbarhed.passiv", "laesbarhed.navneordskaeder"}
    failed = [(result.rule, result.kind, result.text) for result in results if not result.passed]
    assert failed == []
    assert all(spec.reference for spec in (loaded.spec for loaded in checker.engine.enabled_rules()))


def test_bad_configuration_stops_before_any_letter(tmp_path):
    folder = write_pack(tmp_path, rules=[rule()])
    config = Config.model_validate({"packs": [str(folder)],
                                    "rules": {"test.lix": {"thresholds": {"info": "høj"}}}})
    with pytest.raises(RulePackError) as error:
        Checker(config)
    assert any("test.lix" in problem and "skal være et tal" in problem
               for problem in error.value.problems)


def test_bad_configuration_exits_2_with_danish_message(tmp_path, monkeypatch):
    import yaml
    from typer.testing import CliRunner

    from brevtjek.cli import app

    folder = write_pack(tmp_path, rules=[rule()])
    (tmp_path / "brevtjek.yaml").write_text(yaml.safe_dump(
        {"packs": [str(folder)], "rules": {"test.lix": {"thresholds": {"info": 60, "warning": 50}}}}),
        "utf-8")
    (tmp_path / "brev.txt").write_text("Du får en rollator.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "brev.txt"])
    assert result.exit_code == 2
    assert "grænsen for warning (50) skal være større end eller lig grænsen for info (60)" in result.output
    assert "Traceback" not in result.output
