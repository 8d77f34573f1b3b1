#!/usr/bin/env python3
"""Build the gold corpus of invented decision letters.

Each ``corpora/src/<id>.yaml`` spec becomes ``corpora/letters/<id>.docx``. The gold labels stay in
the spec under ``expected:``; they are validated against the letter text on every build.

Usage (from the repository root or anywhere):

    python corpora/build_corpus.py            # validate labels, (re)build every .docx
    python corpora/build_corpus.py --check    # validate labels, verify committed .docx are up to date
    python corpora/build_corpus.py --table    # print the Markdown table used in corpora/README.md
    python corpora/build_corpus.py ID ...     # limit to some letter ids

The output is deterministic: fixed core properties and fixed zip timestamps, so a rebuild of an
unchanged spec gives a byte-identical file. ``--check`` compares the text content (body, tables,
headers, footers and paragraph styles), so it also passes after a harmless python-docx upgrade.
See corpora/README.md for the spec format and the label definitions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import re
import sys
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE / "letters"
LAW_REGISTRY = HERE.parent / "rules" / "data" / "love.yaml"
RULES = HERE.parent / "rules"
FINDINGS_PACKS = ("forvaltningsret", "klarsprog")
"""Packs whose findings are labelled; laesbarhed depends on the statistical model and is not."""

FIXED_TIME = dt.datetime(2026, 1, 1, 9, 0, 0)
ZIP_TIME = (2026, 1, 1, 9, 0, 0)
AUTHOR = "brevtjek corpus"

AREAS = {
    "hjaelpemidler",
    "merudgifter",
    "hjemmehjaelp_bpa",
    "barnets_lov",
    "kontanthjaelp",
    "enkeltydelse",
    "tilbagebetaling",
    "boligstoette",
    "skolekoersel",
    "specialundervisning",
    "handicapbil",
    "boligindretning",
    "sundhed_befordring",
    "sygedagpenge",
    "pension",
    "dagtilbud",
    "beskaeftigelse",
    "plan_byg",
}
KINDS = {"afgørelse", "andet"}
OUTCOMES = {"bevilling", "afslag", "delvis", "ophør", "uklar"}
ADDRESS_FORMS = {"du", "De", "blandet", None}
DEADLINE_RE = re.compile(r"^\d+ (uger|uge|måned|måneder|dage|dag|år)$")
SECTION_SIGN_RE = re.compile(r"§§?")


# --------------------------------------------------------------------------- building
def _ensure_style(doc, name: str):
    """The custom Danish-named heading style used by ``{overskrift: ...}`` items."""
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.font.bold = True
    style.font.size = Pt(13)
    style.paragraph_format.space_before = Pt(12)
    style.paragraph_format.space_after = Pt(4)
    return style


def _add_table(doc, rows: list[list[str]], header: bool) -> None:
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(rows):
        for j in range(ncols):
            cell = table.cell(i, j)
            text = str(row[j]) if j < len(row) else ""
            para = cell.paragraphs[0]
            run = para.add_run(text)
            if header and i == 0:
                run.bold = True


def _add_item(doc, item) -> None:
    if isinstance(item, str):
        doc.add_paragraph(item)
        return
    if not isinstance(item, dict) or not item:
        raise ValueError(f"unknown body item: {item!r}")
    if "heading" in item:
        doc.add_heading(item["heading"], level=int(item.get("level", 1)))
    elif "bold_heading" in item:
        doc.add_paragraph().add_run(item["bold_heading"]).bold = True
    elif "overskrift" in item:
        doc.add_paragraph(item["overskrift"], style=_ensure_style(doc, "Overskrift 2"))
    elif "bullets" in item:
        for text in item["bullets"]:
            doc.add_paragraph(text, style="List Bullet")
    elif "numbered" in item:
        for text in item["numbered"]:
            doc.add_paragraph(text, style="List Number")
    elif "table" in item:
        _add_table(doc, item["table"], header=bool(item.get("header", True)))
    elif "page_break" in item:
        doc.add_page_break()
    elif "appendix" in item:
        para = doc.add_heading(item["appendix"], level=1)
        para.paragraph_format.page_break_before = True
    elif "quote" in item:
        doc.add_paragraph(item["quote"], style="Quote")
    elif "lines" in item:
        para = doc.add_paragraph()
        for i, line in enumerate(item["lines"]):
            run = para.add_run(line)
            if i < len(item["lines"]) - 1:
                run.add_break()
    elif "right" in item:
        doc.add_paragraph(item["right"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        raise ValueError(f"unknown body item: {item!r}")


def build_document(spec: dict) -> bytes:
    doc = Document()
    layout = spec.get("layout") or {}
    normal = doc.styles["Normal"]
    normal.font.name = layout.get("font", "Calibri")
    normal.font.size = Pt(float(layout.get("size", 11)))

    section = doc.sections[0]
    for part, lines in (("header", layout.get("header")), ("footer", layout.get("footer"))):
        if not lines:
            continue
        container = getattr(section, part)
        first = True
        for line in lines:
            para = container.paragraphs[0] if first else container.add_paragraph()
            para.text = line
            first = False

    for item in spec["body"]:
        _add_item(doc, item)

    cp = doc.core_properties
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    cp.title = spec.get("title", "")
    cp.comments = "Invented letter from the brevtjek gold corpus"

    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so identical input gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- text
def spec_blocks(spec: dict) -> list[str]:
    """The letter text as the reader sees it, one string per paragraph/heading/table cell."""
    blocks: list[str] = []
    for item in spec["body"]:
        if isinstance(item, str):
            blocks.append(item)
            continue
        for key in ("heading", "bold_heading", "overskrift", "appendix", "quote", "right"):
            if key in item:
                blocks.append(item[key])
        for key in ("bullets", "numbered"):
            if key in item:
                blocks.extend(item[key])
        if "table" in item:
            blocks.extend(str(c) for row in item["table"] for c in row)
        if "lines" in item:
            blocks.append("\n".join(item["lines"]))
    return blocks


def docx_text(data: bytes) -> list[str]:
    """Text content of a .docx (headers, body in order incl. tables, footers) with style names."""
    doc = Document(io.BytesIO(data))
    lines: list[str] = []
    for section in doc.sections:
        lines += [f"[header] {p.text}" for p in section.header.paragraphs]
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, doc)
            style = para.style.name if para.style is not None else ""
            lines.append(f"[{style}] {para.text}")
        elif tag == "tbl":
            table = Table(child, doc)
            for row in table.rows:
                lines.append("[row] " + " | ".join(c.text for c in row.cells))
    for section in doc.sections:
        lines += [f"[footer] {p.text}" for p in section.footer.paragraphs]
    return lines


# --------------------------------------------------------------------------- validation
def load_registry() -> tuple[set[str], set[str]]:
    """Law names and appeal-body names (current and retired) from rules/data/love.yaml."""
    registry = yaml.safe_load(LAW_REGISTRY.read_text(encoding="utf-8"))
    laws = {law["name"] for law in registry["laws"]}
    bodies = {b["name"] for b in registry["appeal_bodies"] + registry["retired_bodies"]}
    return laws, bodies


@functools.lru_cache(maxsize=1)
def labelled_rule_ids() -> frozenset[str]:
    """Rule ids the findings labels may name: the forvaltningsret and klarsprog packs."""
    ids = set()
    for pack in FINDINGS_PACKS:
        for path in sorted((RULES / pack).glob("*.yaml")):
            rule = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if isinstance(rule, dict) and rule.get("id"):
                ids.add(rule["id"])
    return frozenset(ids)


def findings_problems(findings: object, spec: dict) -> list[str]:
    """Check ``expected.findings``: a list of {rule, text}; text null or verbatim in the letter.

    The text may sit anywhere the reader sees it, including the page header and footer, so it
    is looked up in the body blocks and the layout's header/footer paragraphs.
    """
    if not isinstance(findings, list):
        return ["expected.findings must be a list"]
    layout = spec.get("layout") or {}
    texts = spec_blocks(spec) + list(layout.get("header") or []) + list(layout.get("footer") or [])
    known = labelled_rule_ids()
    problems = []
    for item in findings:
        if not isinstance(item, dict) or set(item) != {"rule", "text"}:
            problems.append(f"finding label must be {{rule, text}}: {item!r}")
            continue
        if item["rule"] not in known:
            problems.append(f"finding rule {item['rule']!r} is not a forvaltningsret/klarsprog rule")
        text = item["text"]
        if text is not None and (not isinstance(text, str) or not any(text in t for t in texts)):
            problems.append(f"finding text not found verbatim in one paragraph: {text!r}")
    return problems


def validate(letter_id: str, spec: dict, law_names: set[str], bodies: set[str]) -> list[str]:
    errors: list[str] = []

    def err(msg: str) -> None:
        errors.append(f"{letter_id}: {msg}")

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", letter_id):
        err("id must be lowercase ascii words joined by '-'")
    if spec.get("area") not in AREAS:
        err(f"unknown area {spec.get('area')!r}")
    exp = spec.get("expected") or {}
    if not isinstance(exp.get("exemplary"), bool):
        err("expected.exemplary must be true/false")
    for problem in findings_problems(exp.get("findings"), spec):
        err(problem)
    if not exp.get("notes"):
        err("expected.notes is empty")
    facts = exp.get("facts") or {}
    blocks = spec_blocks(spec)
    full = "\n".join(blocks)

    kind, outcome = facts.get("letter_kind"), facts.get("outcome")
    if kind not in KINDS:
        err(f"letter_kind {kind!r}")
    if kind == "andet" and outcome is not None:
        err("outcome must be null for andet")
    if kind == "afgørelse" and outcome not in OUTCOMES:
        err(f"outcome {outcome!r}")

    dtext = facts.get("decision_text")
    if kind == "andet" and dtext is not None:
        err("decision_text must be null for andet")
    if kind == "afgørelse" and outcome != "uklar" and not dtext:
        err("decision_text missing")
    if dtext and not any(dtext in b for b in blocks):
        err(f"decision_text not found verbatim in one paragraph: {dtext!r}")

    # citations: in order, verbatim, one entry per § (two for '§§ 83 og 84' at the same place)
    pos, prev_start, prev_text, starts = 0, -1, None, []
    for cit in facts.get("legal_citations") or []:
        if set(cit) != {"text", "law", "paragraph", "stk", "nr"}:
            err(f"citation keys {sorted(cit)}")
            continue
        text = cit["text"]
        if cit["law"] is not None and cit["law"] not in law_names:
            err(f"citation law {cit['law']!r} not a registry name")
        # '§§ 83 og 84': one entry per paragraph, all at the same place
        same_place = text == prev_text and "§§" in text
        start = prev_start if same_place else full.find(text, pos)
        if start < 0 or "\n" in text:
            err(f"citation not found in order: {text!r}")
            continue
        if str(cit["paragraph"]) not in text.replace(" ", ""):
            err(f"paragraph {cit['paragraph']!r} not in {text!r}")
        for key in ("stk", "nr"):
            if cit[key] is not None and not isinstance(cit[key], str):
                err(f"{key} must be a string or null in {text!r}")
        if start != prev_start:
            starts.append(start)
        prev_start, prev_text, pos = start, text, start + 1
    n_signs = len(SECTION_SIGN_RE.findall(full))
    if n_signs != len(starts):
        err(f"text has {n_signs} § references but labels list {len(starts)} citation places")

    appeal = facts.get("appeal_guidance") or {}
    if set(appeal) != {"present", "deadline", "body", "how"}:
        err(f"appeal_guidance keys {sorted(appeal)}")
    else:
        if appeal["deadline"] is not None and not DEADLINE_RE.match(appeal["deadline"]):
            err(f"deadline {appeal['deadline']!r} not normalised")
        if appeal["body"] is not None and appeal["body"] not in bodies:
            err(f"appeal body {appeal['body']!r} not in the registry")
        if not appeal["present"] and (appeal["deadline"] or appeal["body"] or appeal["how"]):
            err("appeal_guidance absent but details given")
    if facts.get("address_form", "missing") not in ADDRESS_FORMS:
        err(f"address_form {facts.get('address_form')!r}")
    if not isinstance(facts.get("reasoning_present"), bool):
        err("reasoning_present must be true/false")
    return errors


# --------------------------------------------------------------------------- main
def load_specs(ids: list[str]) -> dict[str, dict]:
    paths = sorted(SRC.glob("*.yaml"))
    specs = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths}
    if ids:
        missing = [i for i in ids if i not in specs]
        if missing:
            sys.exit(f"unknown letter id(s): {', '.join(missing)}")
        specs = {i: specs[i] for i in ids}
    return specs


def print_table(specs: dict[str, dict]) -> None:
    print("| id | area | kind | outcome | exemplary |")
    print("|---|---|---|---|---|")
    for letter_id, spec in specs.items():
        facts = spec["expected"]["facts"]
        print(
            f"| {letter_id} | {spec['area']} | {facts['letter_kind']} | "
            f"{facts['outcome'] or '–'} | {'yes' if spec['expected']['exemplary'] else ''} |"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ids", nargs="*", help="only these letter ids")
    ap.add_argument(
        "--check",
        action="store_true",
        help="verify that the committed .docx match the specs (text content); write nothing",
    )
    ap.add_argument("--table", action="store_true", help="print the README table and exit")
    args = ap.parse_args(argv)

    specs = load_specs(args.ids)
    if args.table:
        print_table(specs)
        return 0
    law_names, bodies = load_registry()
    errors = [e for lid, spec in specs.items() for e in validate(lid, spec, law_names, bodies)]
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print(f"{len(errors)} label error(s)", file=sys.stderr)
        return 1

    OUT.mkdir(exist_ok=True)
    stale = []
    for letter_id, spec in specs.items():
        data = build_document(spec)
        target = OUT / f"{letter_id}.docx"
        if args.check:
            if not target.exists() or docx_text(target.read_bytes()) != docx_text(data):
                stale.append(letter_id)
        elif not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
    if args.check:
        if not args.ids:
            orphans = sorted({p.stem for p in OUT.glob("*.docx")} - set(specs))
            stale += [f"{o} (no spec)" for o in orphans]
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            print("run: python corpora/build_corpus.py", file=sys.stderr)
            return 1
        print(f"{len(specs)} letters up to date")
        return 0
    print(f"built {len(specs)} letters in {OUT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
