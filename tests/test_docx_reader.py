"""The .docx reader: every part a citizen reads, in reading order, with exact offsets."""

from __future__ import annotations

import io

import docx
import pytest

from brevtjek.document import Part, Role, load_document
from tests.docx_factory import cell, package, para, run, table, text_para, textbox


def texts(document, part=None):
    return [b.text for b in document.blocks if part is None or b.part is part]


def test_body_paragraphs_in_order_with_offsets_mapping_to_runs():
    body = para(run("Du får "), run("ikke", bold=True), run(" en rollator."))
    document = load_document(package(body))
    (block,) = document.blocks
    assert block.text == "Du får ikke en rollator."
    assert [(s.start, s.end, s.run) for s in block.segments] == [(0, 7, 0), (7, 11, 1), (11, 24, 2)]
    assert block.text[block.segments[1].start : block.segments[1].end] == "ikke"


def test_tables_nested_and_merged_cells_read_once():
    inner = table([cell(text_para("Indre A")), cell(text_para("Indre B"))])
    body = table(
        [cell(text_para("Ydelse")), cell(text_para("Beløb"))],
        [cell(text_para("Samlet hjælp"), span=2)],
        [cell(text_para("Lodret"), vmerge="restart"), cell(inner)],
        [cell(text_para("Lodret"), vmerge="continue"), cell(text_para("Sidste"))],
    )
    document = load_document(package(body))
    assert texts(document) == ["Ydelse", "Beløb", "Samlet hjælp", "Lodret", "Indre A",
                               "Indre B", "Sidste"]
    assert all(block.part is Part.TABLE for block in document.blocks)
    assert document.blocks[0].table == (0, 0, 0)
    assert document.blocks[4].table[0] == 1  # the nested table has its own ordinal


def test_headers_and_footers_of_every_section():
    body = text_para("Brødtekst.")
    document = load_document(
        package(body, headers=["Solbjerg Kommune", "Side 2-hoved"],
                footers=["Sagsnr. 1", "Sagsnr. 2"], sections=2)
    )
    assert texts(document, Part.HEADER) == ["Solbjerg Kommune", "Side 2-hoved"]
    assert texts(document, Part.FOOTER) == ["Sagsnr. 1", "Sagsnr. 2"]
    parts = [block.part for block in document.blocks]
    assert parts.index(Part.HEADER) < parts.index(Part.BODY) < parts.index(Part.FOOTER)
    assert all(b.section is None for b in document.blocks if b.part is not Part.BODY)


def test_footnotes_and_endnotes_without_separators():
    document = load_document(
        package(text_para("Se note."), footnotes=["Fodnotetekst."], endnotes=["Slutnote."])
    )
    assert texts(document, Part.FOOTNOTE) == ["Fodnotetekst."]
    assert texts(document, Part.ENDNOTE) == ["Slutnote."]


def test_text_box_read_once_despite_fallback_copy():
    body = para(run("Før boksen."), textbox(text_para("I tekstboksen.")))
    document = load_document(package(body))
    assert texts(document) == ["Før boksen.", "I tekstboksen."]
    assert document.blocks[1].part is Part.TEXTBOX


def test_content_controls_block_and_inline():
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>" + text_para("Blok i indholdskontrol.")
        + "</w:sdtContent></w:sdt>"
        + para(run("Kære "), "<w:sdt><w:sdtContent>" + run("Anna Jensen") + "</w:sdtContent></w:sdt>",
               run(","))
    )
    document = load_document(package(body))
    assert texts(document) == ["Blok i indholdskontrol.", "Kære Anna Jensen,"]


def test_hyperlink_text_and_tracked_changes_read_as_accepted():
    body = para(
        run("Læs mere på "),
        '<w:hyperlink r:id="rIdX">' + run("borger.dk") + "</w:hyperlink>",
        run(". Du får "),
        '<w:del w:id="1" w:author="a"><w:r><w:delText>ikke </w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="a">' + run("gerne ") + "</w:ins>",
        run("hjælp."),
    )
    document = load_document(package(body))
    assert texts(document) == ["Læs mere på borger.dk. Du får gerne hjælp."]


def test_field_instructions_skipped_results_kept():
    body = para(
        run("Side "),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run("3"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    assert texts(load_document(package(body))) == ["Side 3"]


def test_headings_from_styles_bold_paragraphs_and_sections():
    body = (
        text_para("Afgørelse om rollator", style="Heading1")
        + text_para("Du får en rollator.")
        + para(run("Begrundelse", bold=True))
        + text_para("Vi har lagt vægt på din gangfunktion.")
        + text_para("Klagevejledning", style="Overskrift2")
        + text_para("Du kan klage inden 4 uger.")
        + para(run("Dette er en lang fed sætning, som ikke er en overskrift.", bold=True))
    )
    document = load_document(package(body))
    roles = [(b.text, b.role, b.heading_level) for b in document.blocks]
    assert roles[0] == ("Afgørelse om rollator", Role.HEADING, 1)
    assert roles[2] == ("Begrundelse", Role.HEADING, 2)
    assert roles[4] == ("Klagevejledning", Role.HEADING, 2)
    assert roles[6][1] is Role.PARAGRAPH
    sections = [b.section for b in document.blocks]
    assert sections[1] == "Afgørelse om rollator"
    assert sections[3] == "Begrundelse"
    assert sections[5] == "Klagevejledning"


def test_list_items_and_quotes():
    body = (
        text_para("Punkt et", style="ListBullet")
        + para(run("Nummereret punkt"), numbered=True)
        + text_para("§ 112. Kommunalbestyrelsen skal yde støtte …", style="Quote")
    )
    roles = [b.role for b in load_document(package(body)).blocks]
    assert roles == [Role.LIST_ITEM, Role.LIST_ITEM, Role.QUOTE]


def test_python_docx_document_round_trip(tmp_path):
    made = docx.Document()
    made.add_heading("Afgørelse", 1)
    made.add_paragraph("Du får hjælp.")
    made.sections[0].header.paragraphs[0].text = "Solbjerg Kommune"
    path = tmp_path / "brev med æøå og mellemrum.docx"
    made.save(path)
    document = load_document(path)
    assert texts(document) == ["Solbjerg Kommune", "Afgørelse", "Du får hjælp."]
    assert document.format == "docx"


def test_empty_paragraphs_are_skipped_but_keep_source_order():
    body = "<w:p/>" + text_para("A.") + "<w:p/>" + text_para("B.")
    document = load_document(package(body))
    assert texts(document) == ["A.", "B."]
    assert [b.index for b in document.blocks] == [0, 1]
    assert document.blocks[1].source_index > document.blocks[0].source_index


def test_document_without_styles_part_is_readable():
    document = load_document(package(text_para("Uden typografier."), styles=False))
    assert texts(document) == ["Uden typografier."]


@pytest.mark.parametrize("tab_xml, expected", [("<w:tab/>", "A\tB"), ("<w:br/>", "A\nB")])
def test_tabs_and_breaks(tab_xml, expected):
    body = para(f'<w:r><w:t>A</w:t>{tab_xml}<w:t>B</w:t></w:r>')
    assert texts(load_document(package(body))) == [expected]


def test_bytes_and_path_give_same_blocks(tmp_path):
    data = package(text_para("Samme tekst."))
    path = tmp_path / "brev.docx"
    path.write_bytes(data)
    assert texts(load_document(data)) == texts(load_document(path))
    assert isinstance(io.BytesIO(data).read(), bytes)
