"""Build small .docx packages from WordprocessingML snippets, for tests.

python-docx cannot create text boxes, footnotes, content controls or tracked changes, so
the tests write the XML themselves. Each helper returns a string of XML; :func:`package`
wraps body XML (plus optional headers, footers, footnotes, endnotes and styles) into the
bytes of a valid .docx that Word and python-docx open.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'mc:Ignorable="wps"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def run(text: str, bold: bool = False, italic: bool = False) -> str:
    props = ""
    if bold or italic:
        props = "<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + "</w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str | None = None, numbered: bool = False) -> str:
    props = ""
    if style or numbered:
        props = "<w:pPr>"
        if style:
            props += f'<w:pStyle w:val="{style}"/>'
        if numbered:
            props += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        props += "</w:pPr>"
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def text_para(text: str, style: str | None = None) -> str:
    return para(run(text), style=style)


def cell(*content: str, vmerge: str | None = None, span: int = 1) -> str:
    props = ""
    if vmerge is not None or span > 1:
        props = "<w:tcPr>"
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if vmerge == "restart":
            props += '<w:vMerge w:val="restart"/>'
        elif vmerge == "continue":
            props += "<w:vMerge/>"
        props += "</w:tcPr>"
    body = "".join(content) or "<w:p/>"
    return f"<w:tc>{props}{body}</w:tc>"


def table(*rows: list[str]) -> str:
    return "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>"


def textbox(*paragraphs: str) -> str:
    """A run holding a DrawingML text box with a VML fallback that repeats the text."""
    content = "".join(paragraphs)
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>
  <w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift2"><w:name w:val="Overskrift 2"/>
  <w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>
  <w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/>
  <w:basedOn w:val="Normal"/></w:style>
</w:styles>"""


def _story(tag: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{tag} {NAMESPACES}>{body}</w:{tag}>'


def _notes(tag: str, notes: list[str]) -> str:
    items = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:{tag}>"
    )
    for number, text in enumerate(notes, start=1):
        items += f'<w:{tag} w:id="{number}">{text_para(text)}</w:{tag}>'
    return _story(f"{tag}s", items)


def package(
    body: str,
    headers: list[str] | None = None,
    footers: list[str] | None = None,
    footnotes: list[str] | None = None,
    endnotes: list[str] | None = None,
    styles: bool = True,
    sections: int = 1,
) -> bytes:
    """A .docx with ``body`` XML; one header/footer part per entry (each section gets one)."""
    headers = headers or []
    footers = footers or []
    rels: list[tuple[str, str, str]] = []
    overrides = [("/word/document.xml", f"{CT_MAIN}.document.main+xml")]
    files: dict[str, str] = {}
    if styles:
        files["word/styles.xml"] = STYLES
        rels.append(("rIdStyles", f"{REL}/styles", "styles.xml"))
        overrides.append(("/word/styles.xml", f"{CT_MAIN}.styles+xml"))
    header_refs, footer_refs = [], []
    for kind, items, refs in (("header", headers, header_refs), ("footer", footers, footer_refs)):
        for number, text in enumerate(items, start=1):
            name = f"{kind}{number}.xml"
            files[f"word/{name}"] = _story("hdr" if kind == "header" else "ftr", text_para(text))
            rid = f"rId{kind}{number}"
            rels.append((rid, f"{REL}/{kind}", name))
            overrides.append((f"/word/{name}", f"{CT_MAIN}.{kind}+xml"))
            refs.append(rid)
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes:
            files[f"word/{kind}s.xml"] = _notes(kind, notes)
            rels.append((f"rId{kind}s", f"{REL}/{kind}s", f"{kind}s.xml"))
            overrides.append((f"/word/{kind}s.xml", f"{CT_MAIN}.{kind}s+xml"))

    def sect_pr(index: int) -> str:
        refs = ""
        if index < len(header_refs):
            refs += f'<w:headerReference w:type="default" r:id="{header_refs[index]}"/>'
        if index < len(footer_refs):
            refs += f'<w:footerReference w:type="default" r:id="{footer_refs[index]}"/>'
        return f"<w:sectPr>{refs}</w:sectPr>"

    section_breaks = "".join(
        f"<w:p><w:pPr>{sect_pr(index)}</w:pPr></w:p>" for index in range(sections - 1)
    )
    files["word/document.xml"] = _story(
        "document", f"<w:body>{section_breaks}{body}{sect_pr(sections - 1)}</w:body>"
    )
    files["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
        + "</Relationships>"
    )
    files["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{c}"/>' for n, c in overrides)
        + "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        first = ["[Content_Types].xml", "_rels/.rels"]
        for name in [*first, *sorted(set(files) - set(first))]:
            archive.writestr(name, files[name])
    return buffer.getvalue()
