"""Each rule type on hand-made letters: what it flags, where, and what it leaves alone."""

from __future__ import annotations

import pytest

from tests.rule_helpers import compile_rule, letter, rule_problems, run, texts

# --- occurrence -----------------------------------------------------------------------------

MANY_OG = {
    "id": "test.mange-og", "type": "occurrence", "scope": "sentence", "max": 2,
    "words": ["og"], "message": "Sætningen har {count} × «{match}» (højst {max}).",
}


def test_occurrence_counts_per_sentence_and_flags_first_excess(nlp):
    rule = compile_rule(MANY_OG, nlp)
    context = letter("Du og jeg og hun og han kom. Du og jeg og hun kom.", nlp)
    (finding,) = run(rule, context)
    block = context.analysis.blocks[0].block
    # the third «og» of the first sentence, not anything in the second (which has two)
    assert finding.location.start == block.text.index("og han")
    assert finding.text == "og"
    assert finding.message == "Sætningen har 3 × «og» (højst 2)."


def test_occurrence_letter_scope_counts_the_whole_scope(nlp):
    rule = compile_rule({**MANY_OG, "scope": "body", "max": 3}, nlp)
    assert texts(rule, letter("Du og jeg og hun.\n\nHan og hun og vi.", nlp)) == ["og"]
    assert texts(rule, letter("Du og jeg.\n\nHan og hun.", nlp)) == []


def test_occurrence_min_anchors_missing_text_to_first_heading(nlp):
    rule = compile_rule({"id": "test.vi", "type": "occurrence", "min": 1, "words": ["vi"],
                         "message": "Brevet siger aldrig «vi»."}, nlp)
    context = letter("# Afgørelse om hjælpemidler\n\nKommunen har besluttet sagen.", nlp)
    (finding,) = run(rule, context)
    assert finding.text == "Afgørelse om hjælpemidler"
    assert (finding.location.block, finding.location.start, finding.location.end) == (0, 0, 25)
    assert texts(rule, letter("# Afgørelse\n\nVi har besluttet sagen.", nlp)) == []


def test_occurrence_with_regex_pattern(nlp):
    rule = compile_rule({"id": "test.paragraffer", "type": "occurrence", "max": 1,
                         "patterns": [r"§\s*\d+"], "message": "{count} paragraffer."}, nlp)
    (finding,) = run(rule, letter("Efter § 112 og § 113 og §114.", nlp))
    assert finding.text == "§ 113" and finding.message == "3 paragraffer."


def test_occurrence_needs_min_or_max_and_sane_bounds():
    base = {"id": "test.x", "type": "occurrence", "words": ["og"], "message": "m"}
    assert any("angiv «max»" in p for p in rule_problems(base))
    assert any("større end «max»" in p for p in rule_problems({**base, "min": 3, "max": 1}))
    assert any("leder ikke efter noget" in p
               for p in rule_problems({"id": "test.x", "type": "occurrence", "max": 1, "message": "m"}))


# --- pattern ----------------------------------------------------------------------------

DE_DEM = {"id": "test.de", "type": "pattern", "message": "«{match}» er De-tiltale.",
          "tokens": [[{"TEXT": {"IN": ["De", "Dem", "Deres"]}}]]}


def test_pattern_case_sensitive_text(nlp):
    rule = compile_rule(DE_DEM, nlp)
    assert rule.unavailable is None  # TEXT needs no tagger
    assert texts(rule, letter("Vi sender Dem brevet. Deres sag er lukket.", nlp)) == ["Dem", "Deres"]
    assert texts(rule, letter("Vi sender dem brevet, og deres sag er lukket.", nlp)) == []


def test_pattern_lemma_and_operator(nlp):
    rule = compile_rule({"id": "test.anmode", "type": "pattern", "message": "«{match}»",
                         "tokens": [[{"LEMMA": "anmode"}, {"LOWER": "dig", "OP": "?"},
                                     {"LOWER": "om"}]]}, nlp)
    assert texts(rule, letter("Vi anmodede dig om papirerne. Vi anmoder om svar.", nlp)) == [
        "anmodede dig om", "anmoder om"]


def test_pattern_morphology_passive(nlp):
    rule = compile_rule({"id": "test.passiv", "type": "pattern", "message": "«{match}» er passiv.",
                         "tokens": [[{"POS": "VERB", "MORPH": "Voice=Pass"}]]}, nlp, morphology=True)
    passive = {"afslås": ("VERB", "Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Pass"),
               "afslår": ("VERB", "Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act")}
    context = letter("Ansøgningen afslås. Vi afslår ansøgningen.", nlp, tags=passive)
    (finding,) = run(rule, context)
    assert finding.text == "afslås" and finding.message == "«afslås» er passiv."


def test_pattern_on_pos_says_why_it_cannot_run_with_blank_model(nlp):
    rule = compile_rule({"id": "test.passiv", "type": "pattern", "message": "m",
                         "tokens": [[{"MORPH": "Voice=Pass"}]]}, nlp, morphology=False)
    assert "MORPH" in rule.unavailable and "model" in rule.unavailable
    assert texts(rule, letter("Ansøgningen afslås.", nlp)) == []


# --- required ------------------------------------------------------------------------------

KLAGE = {"id": "test.klagevejledning", "type": "required", "scope": "letter",
         "heading": "klage", "words": ["du kan klage"], "message": "Brevet har ingen klagevejledning."}


def test_required_present_by_heading_or_words(nlp):
    rule = compile_rule(KLAGE, nlp)
    assert texts(rule, letter("# Afgørelse\n\nDu får afslag.\n\n# Sådan klager du\n\nSkriv til os.",
                              nlp)) == []
    assert texts(rule, letter("# Afgørelse\n\nDu får afslag. Du kan klage inden 4 uger.", nlp)) == []


def test_required_missing_anchors_first_heading_whole_block(nlp):
    rule = compile_rule(KLAGE, nlp)
    context = letter("# Afgørelse om rollator\n\nDu får afslag.\n\n# Begrundelse\n\nFordi.", nlp)
    (finding,) = run(rule, context)
    assert finding.message == "Brevet har ingen klagevejledning."
    assert finding.text == "Afgørelse om rollator"
    assert finding.location.block == 0
    assert (finding.location.start, finding.location.end) == (0, len("Afgørelse om rollator"))


def test_required_in_named_section(nlp):
    rule = compile_rule({"id": "test.frist", "type": "required", "section": "klage",
                         "patterns": [r"\b\d+\s+uger\b"],
                         "message": "Klagevejledningen nævner ingen frist."}, nlp)
    good = "# Afgørelse\n\nDu får afslag.\n\n# Klagevejledning\n\nDu kan klage inden 4 uger."
    assert texts(rule, letter(good, nlp)) == []
    # the words elsewhere in the letter do not count: they must be in the section
    no_deadline = "# Afgørelse\n\nSvar inden 4 uger.\n\n# Klagevejledning\n\nDu kan klage."
    (finding,) = run(rule, letter(no_deadline, nlp))
    assert finding.text == "Klagevejledning"  # the section's heading
    # no such section at all: the letter's first heading
    (finding,) = run(rule, letter("# Afgørelse\n\nDu får afslag.", nlp))
    assert finding.text == "Afgørelse"


def test_required_without_headings_anchors_first_paragraph(nlp):
    rule = compile_rule(KLAGE, nlp)
    (finding,) = run(rule, letter("Du får afslag på din ansøgning.\n\nVi har set på sagen.", nlp))
    assert finding.text == "Du får afslag på din ansøgning."


# --- conditional --------------------------------------------------------------------------

APPEAL = {
    "id": "test.klage-ved-afslag", "type": "conditional", "severity": "error",
    "when": {"outcome": ["afslag", "delvis", "ophør"], "letter_kind": "afgørelse"},
    "require": {"appeal_guidance.present": True},
    "message": "Et brev med udfaldet «{outcome}» skal have en klagevejledning.",
}
TEXT = "# Afgørelse om rollator\n\nDu får afslag på en rollator.\n\n# Begrundelse\n\nDu kan gå selv."


def facts(**overrides):
    base = {"letter_kind": "afgørelse", "outcome": "afslag", "decision_block": 1,
            "appeal_guidance": {"present": False, "deadline": None, "block": None}}
    base.update(overrides)
    return base


def test_conditional_fires_when_condition_holds_and_requirement_fails(nlp):
    rule = compile_rule(APPEAL, nlp)
    (finding,) = run(rule, letter(TEXT, nlp, facts()))
    assert finding.message == "Et brev med udfaldet «afslag» skal have en klagevejledning."
    assert finding.text == "Du får afslag på en rollator."  # decision_block = 1
    assert finding.location.block == 1 and finding.severity.value == "error"


@pytest.mark.parametrize("fact_set", [
    facts(outcome="bevilling"),                       # when does not hold
    facts(letter_kind="partshøring"),                 # when does not hold
    facts(appeal_guidance={"present": True}),         # requirement met
    {},                                               # no facts extracted: never a guess
])
def test_conditional_silent_otherwise(nlp, fact_set):
    assert run(compile_rule(APPEAL, nlp), letter(TEXT, nlp, fact_set)) == []


def test_conditional_not_null_and_fallback_anchor(nlp):
    rule = compile_rule({**APPEAL, "require": {"appeal_guidance.deadline": "not_null"},
                         "message": "Klagevejledningen mangler en frist."}, nlp)
    found = run(rule, letter(TEXT, nlp, facts(decision_block=None)))
    assert [f.text for f in found] == ["Afgørelse om rollator"]  # first heading
    with_deadline = facts(appeal_guidance={"present": True, "deadline": "4 uger", "block": 3})
    assert run(rule, letter(TEXT, nlp, with_deadline)) == []


def test_conditional_require_text(nlp):
    rule = compile_rule({"id": "test.hjemmel", "type": "conditional",
                         "when": {"outcome": "afslag"}, "require": {"patterns": [r"§\s*\d+"]},
                         "message": "Afslaget nævner ingen paragraf."}, nlp)
    assert len(run(rule, letter(TEXT, nlp, facts()))) == 1
    assert run(rule, letter(TEXT + " Det følger af § 112.", nlp, facts())) == []


def test_conditional_validates_fact_paths_and_values():
    problems = rule_problems({**APPEAL, "when": {"outcom": "afslag"}})
    assert any("ukendt fakta «outcom»" in p and "Mente du «outcome»" in p for p in problems)
    problems = rule_problems({**APPEAL, "require": {"appeal_guidance.present": "ja"}})
    assert any("true eller false" in p for p in problems)
    problems = rule_problems({**APPEAL, "require": {"wrods": ["klage"]}})
    assert any("Mente du «words»" in p for p in problems)


# --- consistency -------------------------------------------------------------------------

DU_DE = {"id": "test.tiltale", "type": "consistency", "case_sensitive": True,
         "groups": {"du": ["du", "dig", "din", "dit", "dine"], "De": ["De", "Dem", "Deres"]},
         "message": "«{match}» er {group}-form; brevet bruger ellers {majority}-form."}


def test_consistency_flags_minority_form(nlp):
    rule = compile_rule(DU_DE, nlp)
    context = letter("Du har søgt om hjælp. Vi sender dig svar. Deres sag er lukket.", nlp)
    (finding,) = run(rule, context)
    assert finding.text == "Deres"
    assert finding.message == "«Deres» er De-form; brevet bruger ellers du-form."


def test_consistency_case_sensitive_and_single_form(nlp):
    rule = compile_rule(DU_DE, nlp)
    # «du» listed in lower case also counts at the start of a sentence; the tie goes to the
    # first group listed
    assert texts(rule, letter("Du har søgt om hjælp. Vi sender Dem svar.", nlp)) == ["Dem"]
    # «dem»/«deres» in lower case are ordinary pronouns, not the polite form
    assert run(rule, letter("Du kan spørge dem om deres sag.", nlp)) == []
    assert run(rule, letter("De har søgt. Vi sender Dem svar.", nlp)) == []


def test_consistency_tie_uses_prefer(nlp):
    rule = compile_rule({**DU_DE, "prefer": "du"}, nlp)
    assert texts(rule, letter("Vi sender Dem svar. Vi sender dig svar.", nlp)) == ["Dem"]
    rule = compile_rule({**DU_DE, "prefer": "De"}, nlp)
    assert texts(rule, letter("Vi sender Dem svar. Vi sender dig svar.", nlp)) == ["dig"]


def test_consistency_word_in_two_groups_is_a_conflict():
    problems = rule_problems({**DU_DE, "groups": {"du": ["du", "dig"], "De": ["De", "dig"]}})
    assert any("modstridende ord i ordlisten" in p and "«dig»" in p for p in problems)


# --- existence keeps working, now with token patterns too -----------------------------------

def test_existence_words_patterns_and_tokens(nlp):
    rule = compile_rule({"id": "test.rester", "type": "existence", "message": "«{match}»",
                         "words": ["skrivelse"], "patterns": [r"\[(?:dato|navn)\]"],
                         "tokens": [[{"LOWER": "xx"}]]}, nlp)
    assert texts(rule, letter("Tak for skrivelsen af [dato]. Beløb: XX kr.", nlp)) == [
        "skrivelsen", "[dato]", "XX"]


# --- the phrase trie behind words/entries ------------------------------------------------------

def test_phrase_with_differing_form_and_lemma_gets_payload_on_both_branches(nlp):
    """Regression: trie nodes compared by value, so a one-word entry whose form and lemma
    differ («borgeren» / «borger») kept its payload on only one branch, chosen by set order
    (PYTHONHASHSEED) — «borgerens» then matched in some runs and not in others."""
    from brevtjek.rules.phrases import PhraseIndex

    index: PhraseIndex[str] = PhraseIndex()
    index.add([{"borgeren", "borger"}], "borgeren")
    assert index._root.children["borgeren"].payload == "borgeren"
    assert index._root.children["borger"].payload == "borgeren"
    doc = nlp("Vi har set på borgerens økonomi.")
    assert [doc[m.start:m.end].text for m in index.find(doc)] == ["borgerens"]


def test_pattern_passive_with_the_loaded_model(nlp):
    """With a model that tags morphology (the bundled one), MORPH patterns run for real."""
    if not any(name in nlp.pipe_names for name in ("morphologizer", "tagger")):
        pytest.skip("the loaded Danish pipeline has no morphology (blank pipeline)")
    rule = compile_rule({"id": "test.passiv", "type": "pattern", "message": "«{match}»",
                         "tokens": [[{"POS": "VERB", "MORPH": "Voice=Pass"}]]}, nlp)
    assert rule.unavailable is None
    found = texts(rule, letter("Beløbet udbetales den 1. maj. Vi afslår ansøgningen.", nlp))
    assert found == ["udbetales"]
