"""Fuzzing: property-based tests of the text pipeline (hypothesis) and a time-boxed mutation
fuzzer over .docx letters (tests/fuzz/).

Properties, for any input: no exception escapes; every finding lies inside its block; its
``text`` is the block's text at its offsets (CPR-masked). The mutation fuzzer's oracle: a
mutated corpus letter gives a report or a DocumentReadError, nothing else.

Time: ``BREVTJEK_FUZZ_SECONDS`` (default 20) bounds the mutation fuzzer; the hypothesis
tests run the ``brevtjek-ci`` profile (a fixed number of examples, derandomised, so CI is
reproducible) unless ``HYPOTHESIS_PROFILE=brevtjek-long`` is set. ``scripts/fuzz.py
--minutes N`` runs the mutation fuzzer for longer.
"""

from __future__ import annotations

import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brevtjek.document.loader import parse_bytes
from brevtjek.document.text_reader import decode_text, read_text
from brevtjek.errors import DocumentReadError
from brevtjek.privacy import CPR, mask_cpr
from tests.docx_factory import package, para, run, table
from tests.fuzz.driver import fuzz, report_problems

settings.register_profile(
    "brevtjek-ci", max_examples=150, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "brevtjek-long", max_examples=5000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "brevtjek-ci"))

FUZZ_SECONDS = float(os.environ.get("BREVTJEK_FUZZ_SECONDS", "20"))

# Pieces of real letters, so the random texts trigger the rules and the sentence splitter,
# mixed with arbitrary Unicode.
PIECES = (
    "Afgørelse om rollator", "Såfremt du er uenig", "i henhold til", "fremsende", "bevilling",
    "ydelse", "Det skal bemærkes, at", "jf. servicelovens § 112, stk. 1, nr. 2", "bl.a.",
    "f.eks.", "m.v.", "kr.", "den 3. maj 2024", "Klagevejledning", "Du kan klage inden 4 uger",
    "Kommunen har vurderet", "CPR-nr. 010190-1234", "0101901234", "010190 1234", "\n", "\n\n",
    "- ", "1. ", "# ", "\t", " ", ".", ", ", "?", "«", "»", "\u00a0", "\u200b", "\u2028",
    "\u202e", "ﬁ", "İ", "ß", "æøå", "ÆØÅ", "😀", "‍", "\r\n", "\x0c", "\x00",
)
letter_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)),
                       max_size=60).map("".join)

XML_SAFE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r").filter(
    lambda char: char in "\t\n" or (0x20 <= ord(char) <= 0xD7FF) or 0xE000 <= ord(char) <= 0xFFFD
    or ord(char) >= 0x10000
)


@pytest.fixture(scope="module")
def checker():
    """The shipped packs, the pipeline in use: the whole pipeline is under test."""
    from brevtjek.checker import Checker
    from brevtjek.config import Config

    built = Checker(Config())
    _ = built.nlp
    return built


def assert_consistent(report, document) -> None:
    assert report_problems(report, document) == []
    for finding in report.findings:
        assert CPR.search(finding.text) is None
        assert CPR.search(finding.sentence or "") is None


@given(text=letter_text, markdown=st.booleans())
def test_any_text_checks_without_error_and_offsets_hold(checker, text, markdown):
    document = read_text(text, "brev.md" if markdown else "brev.txt", markdown=markdown)
    for block in document.blocks:
        assert block.text.strip()
    report = checker.check_document(document)
    assert report.status in ("ok", "error")
    assert_consistent(report, document)


@given(text=st.text(max_size=300))
def test_any_unicode_text_checks_without_error(checker, text):
    document = read_text(text, "brev.txt")
    report = checker.check_document(document)
    assert_consistent(report, document)


@given(data=st.binary(max_size=400), name=st.sampled_from(["brev.txt", "brev.md", "brev.docx",
                                                            "brev", "-"]))
def test_any_bytes_give_a_document_or_a_read_error(data, name):
    try:
        document = parse_bytes(data, name)
    except DocumentReadError as error:
        assert error.code and error.message
        return
    assert any(block.text.strip() for block in document.blocks)


@given(data=st.binary(max_size=400))
def test_decoding_never_fails_and_notes_a_fallback(data):
    text, notes = decode_text(data)
    assert isinstance(text, str)
    assert all("Windows-1252" in note for note in notes)


@given(paragraphs=st.lists(st.text(XML_SAFE, min_size=1, max_size=40), min_size=1, max_size=6),
       in_table=st.booleans())
def test_docx_text_round_trips(paragraphs, in_table):
    """Whatever text a Word paragraph holds comes back unchanged, in order."""
    body = "".join(para(run(text)) for text in paragraphs)
    if in_table:
        body = table([f"<w:tc>{body}</w:tc>"])
    expected = [text for text in paragraphs if text.strip()]
    try:
        document = parse_bytes(package(body), "brev.docx")
    except DocumentReadError as error:
        assert not expected and error.code == "no_text"
        return
    assert [block.text for block in document.blocks] == expected


@given(text=letter_text)
def test_masking_keeps_length_and_leaves_no_cpr(text):
    masked = mask_cpr(text)
    assert len(masked) == len(text)
    assert CPR.search(masked) is None


def test_mutation_fuzzer_finds_nothing_escaping(checker):
    """Mutated corpus letters for BREVTJEK_FUZZ_SECONDS: a report or a DocumentReadError."""
    stats = fuzz(FUZZ_SECONDS, seed=int(os.environ.get("BREVTJEK_FUZZ_SEED", "0")),
                 checker=checker)
    details = "\n\n".join(f"case {failure.case} ({failure.mutation}): {failure.kind}\n"
                          f"{failure.detail}" for failure in stats.failures[:5])
    assert stats.failures == [], f"{stats.summary()}\n{details}"
    assert stats.cases >= min(50, FUZZ_SECONDS)  # it really ran
    assert stats.read > 0 and stats.rejected  # both paths were exercised


def test_the_fuzzer_reproduces_a_case_from_its_seed():
    from tests.fuzz.driver import make_case, seeds_corpus

    corpus = seeds_corpus()
    assert make_case(corpus, 7, 123) == make_case(corpus, 7, 123)
    assert make_case(corpus, 7, 123) != make_case(corpus, 7, 124)


def test_a_mutated_letter_still_opens_as_a_zip_often():
    """The fuzzer mostly mutates inside the package, where the reader's logic lives."""
    import io

    from tests.fuzz.driver import make_case, seeds_corpus

    corpus = seeds_corpus()
    valid = 0
    for case in range(100):
        _, data = make_case(corpus, 3, case)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                valid += archive.testzip() is None
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            continue
    assert valid >= 60
