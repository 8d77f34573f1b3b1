"""Hand the findings back in Word: a copy of the letter with comments and tracked changes.

Caseworkers live in Word, so the most useful report is their own letter with each problem
as a Word comment on exactly the flagged words, and — with ``--suggest-changes`` — each safe
plain-language rewording as a tracked change they can accept or reject.

How a finding finds its words again: :func:`~brevtjek.document.docx_reader.walk_docx` is
called on a fresh copy of the package with ``keep_elements=True``; it visits the very same
paragraphs in the same order as when the letter was read, so ``Block.source_index`` picks
the paragraph and ``Block.segments`` map block offsets to live ``w:r`` elements. Where a
finding starts or ends inside a run, the run is split in two (the new half gets a copy of
the run's properties, so bold stays bold) and inserted beside the old one in the *same*
parent — a hyperlink, a tracked insertion or a content control keeps its content.

Comments are anchored only in the main story (body and its tables). Headers and footers
cannot hold comments in Word; footnotes and endnotes are separate stories whose comment
ranges word processors handle unevenly; a text box is stored twice (DrawingML and a VML
fallback), so marking one copy would make the two disagree. Findings there are listed in the
summary comment at the top of the letter instead.

The input is never modified: the bytes are read, changed in memory and written elsewhere
atomically (:func:`brevtjek.atomic.write_atomic`).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.text.run import Run

from brevtjek.document.docx_reader import open_package, read_docx, walk_docx
from brevtjek.document.model import Block, Part
from brevtjek.errors import BrevtjekError
from brevtjek.findings import Finding
from brevtjek.inputs import ANNOTATED_SUFFIX
from brevtjek.privacy import mask_cpr
from brevtjek.report import FileReport, Report
from brevtjek.reporters.overview import (
    PART_NAMES,
    lix_band,
    lix_value,
    missing_parts,
    severity_summary,
)

AUTHOR = "brevtjek"
INITIALS = "BT"
SUFFIX = ANNOTATED_SUFFIX
DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})

ANCHORED_PARTS = frozenset({Part.BODY, Part.TABLE})
"""Parts of the main story, where Word shows comments on the text itself."""

W_T, W_DELTEXT, W_RPR = qn("w:t"), qn("w:delText"), qn("w:rPr")
W_P, W_INS, W_DEL = qn("w:p"), qn("w:ins"), qn("w:del")
ONE_CHAR = frozenset({qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")})
TRACKED = frozenset({W_INS, W_DEL, qn("w:moveTo"), qn("w:moveFrom")})
MOVABLE_WITH_RUNS = frozenset({qn("w:proofErr"), qn("w:bookmarkStart"), qn("w:bookmarkEnd")})
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class AnnotateError(BrevtjekError):
    """The annotated copy cannot be written (a Danish message; the CLI exits with 2)."""

    code = "annotate"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(mask_cpr(message), code)  # file names may hold CPR numbers


# --------------------------------------------------------------------------- run surgery


def _child_length(child: Any) -> int:
    """Characters a run child adds to the block text — mirrors the reader exactly."""
    if child.tag == W_T:
        return len(child.text or "")
    return 1 if child.tag in ONE_CHAR else 0


def _preserve(text_element: Any) -> None:
    text_element.set(XML_SPACE, "preserve")


def split_run(run: Any, offset: int) -> Any:
    """Split ``run`` at ``offset`` characters; return the new right half (placed after it).

    The right half is a copy of the run (attributes and ``w:rPr``) holding every child from
    the split point on; a ``w:t`` cut in the middle is divided between the two.
    """
    right = copy.deepcopy(run)
    for child in list(right):
        if child.tag != W_RPR:
            right.remove(child)
    position = 0
    moving = False
    for child in list(run):
        if child.tag == W_RPR:
            continue
        if moving:
            right.append(child)
            continue
        length = _child_length(child)
        if position + length <= offset:
            position += length
            continue
        moving = True
        if position >= offset:
            right.append(child)
            continue
        cut = offset - position
        text = child.text or ""
        tail = OxmlElement("w:t")
        tail.text = text[cut:]
        _preserve(tail)
        child.text = text[:cut]
        _preserve(child)
        right.append(tail)
    run.addnext(right)
    return right


@dataclass
class _Piece:
    """A stretch [start, end) of a block's text held by one live ``w:r``."""

    start: int
    end: int
    run: Any


def _pieces_for(block: Block, runs: Sequence[Any]) -> list[_Piece]:
    return [_Piece(seg.start, seg.end, runs[seg.run]) for seg in block.segments]


def _split_at(pieces: list[_Piece], boundary: int) -> None:
    """Make ``boundary`` fall between two pieces, splitting the run that straddles it."""
    for index, piece in enumerate(pieces):
        if piece.start < boundary < piece.end:
            right = split_run(piece.run, boundary - piece.start)
            pieces.insert(index + 1, _Piece(boundary, piece.end, right))
            piece.end = boundary
            return


def _covering(pieces: Sequence[_Piece], start: int, end: int) -> list[_Piece]:
    return [piece for piece in pieces if piece.start >= start and piece.end <= end]


# --------------------------------------------------------------------------- planning


@dataclass
class _Anchor:
    """A finding placed on the text: its block, span and (later) tracked change."""

    finding: Finding
    block: Block
    start: int
    end: int
    change: tuple[Any, Any] | None = None
    """(w:del, w:ins) written for this finding's replacement, if any."""


@dataclass
class _Plan:
    anchored: list[_Anchor] = field(default_factory=list)
    gathered: list[tuple[Finding, Block]] = field(default_factory=list)
    unplaced: list[Finding] = field(default_factory=list)


def _span(finding: Finding, block: Block) -> tuple[int, int]:
    """The finding's span; an empty span (something missing here) covers the whole block."""
    start, end = finding.location.start, finding.location.end
    if start < end:
        return start, end
    stripped = block.text.strip()
    first = block.text.find(stripped) if stripped else 0
    return first, first + len(stripped)


def _plan(findings: Iterable[Finding], blocks: Sequence[Block]) -> _Plan:
    plan = _Plan()
    for finding in sorted(findings, key=lambda f: f.sort_key):
        location = finding.location
        if not 0 <= location.block < len(blocks):
            plan.unplaced.append(finding)
            continue
        block = blocks[location.block]
        in_range = 0 <= location.start <= location.end <= len(block.text)
        if not in_range or mask_cpr(block.text[location.start:location.end]) != finding.text:
            plan.unplaced.append(finding)
            continue
        if block.part not in ANCHORED_PARTS:
            plan.gathered.append((finding, block))
            continue
        start, end = _span(finding, block)
        if start >= end:
            plan.unplaced.append(finding)
            continue
        plan.anchored.append(_Anchor(finding, block, start, end))
    return plan


# --------------------------------------------------------------------------- tracked changes


class _Ids:
    """Annotation ids for w:ins/w:del, above every id already in the document and above
    the comment ids python-docx will hand out, so no two annotations share an id."""

    def __init__(self, roots: Iterable[Any], reserve: int) -> None:
        highest = 0
        attribute = qn("w:id")
        for root in roots:
            for element in root.iter():
                value = element.get(attribute) if isinstance(element.tag, str) else None
                if value is not None and value.lstrip("-").isdigit():
                    highest = max(highest, int(value))
        self.next = highest + reserve + 1

    def take(self) -> str:
        value = self.next
        self.next += 1
        return str(value)


def _plain_text_run(run: Any) -> bool:
    return all(child.tag in (W_RPR, W_T) for child in run)


def _safe_siblings(runs: Sequence[Any]) -> list[Any] | None:
    """The siblings from the first to the last run, if they may go into one w:del."""
    parent = runs[0].getparent()
    if parent is None or parent.tag in TRACKED:
        return None
    wanted = {id(run) for run in runs}
    siblings: list[Any] = []
    element = runs[0]
    while element is not None:
        if element.getparent() is not parent:
            return None
        if id(element) in wanted:
            if not _plain_text_run(element):
                return None
        elif element.tag not in MOVABLE_WITH_RUNS:
            return None
        siblings.append(element)
        if element is runs[-1]:
            return siblings
        element = element.getnext()
    return None


def _apply_change(anchor: _Anchor, runs: Sequence[Any], ids: _Ids, date: str) -> bool:
    """Replace the flagged runs by a tracked deletion plus a tracked insertion."""
    replacement = anchor.finding.replacement
    if not replacement or not runs:
        return False
    siblings = _safe_siblings(runs)
    if siblings is None:
        return False
    deletion = OxmlElement("w:del", {qn("w:id"): ids.take(), qn("w:author"): AUTHOR,
                                     qn("w:date"): date})
    insertion = OxmlElement("w:ins", {qn("w:id"): ids.take(), qn("w:author"): AUTHOR,
                                      qn("w:date"): date})
    runs[0].addprevious(deletion)
    for element in siblings:
        deletion.append(element)
    for run in runs:
        for text in run.findall(W_T):
            text.tag = W_DELTEXT
    new_run = OxmlElement("w:r")
    properties = runs[0].find(W_RPR)
    if properties is not None:
        new_run.append(copy.deepcopy(properties))
    new_text = OxmlElement("w:t")
    new_text.text = replacement
    _preserve(new_text)
    new_run.append(new_text)
    insertion.append(new_run)
    deletion.addnext(insertion)
    anchor.change = (deletion, insertion)
    return True


def _boundaries_inside(anchor: _Anchor, others: Iterable[_Anchor]) -> bool:
    """Another finding starts or ends strictly inside this one's span."""
    return any(
        anchor.start < point < anchor.end
        for other in others
        if other is not anchor and other.block.index == anchor.block.index
        for point in (other.start, other.end)
    )


# --------------------------------------------------------------------------- comments


def _is_ours(element: Any, tag: str) -> bool:
    return element is not None and element.tag == tag and element.get(qn("w:author")) == AUTHOR


def _hoist_markers(first_run: Any, last_run: Any) -> None:
    """Move comment range markers out of brevtjek's own w:del/w:ins.

    python-docx puts ``commentRangeStart`` right before the first run and
    ``commentRangeEnd`` + the reference run right after the last; when those runs sit in a
    tracked change brevtjek wrote, the markers are moved out so that accepting or rejecting
    the change never takes the comment with it. The range then covers deletion and
    insertion together.
    """
    start = first_run.getprevious()
    holder = start.getparent()
    if _is_ours(holder, W_DEL) and start.getprevious() is None:
        holder.addprevious(start)
    end: Any = last_run.getnext()
    reference: Any = end.getnext()
    if reference is None or reference.getnext() is not None:
        return  # not at the end of a container: nothing to move
    holder = end.getparent()
    if _is_ours(holder, W_DEL):
        after = holder.getnext()
        holder = after if _is_ours(after, W_INS) else holder
    elif not _is_ours(holder, W_INS):
        return
    holder.addnext(reference)
    holder.addnext(end)


def _add_comment(package: Any, first_run: Any, last_run: Any, text: str) -> None:
    package.add_comment([Run(first_run, package), Run(last_run, package)], text=text,
                        author=AUTHOR, initials=INITIALS)
    _hoist_markers(first_run, last_run)


def _comment_text(finding: Finding, changed: bool) -> str:
    lines = [f"{finding.severity.danish.capitalize()}: {finding.message}"]
    if finding.suggestion:
        lines.append(f"Forslag: {finding.suggestion}")
    if changed:
        lines.append("Forslaget er skrevet ind som en sporet ændring, du kan acceptere eller afvise.")
    lines.append(f"Regel: {finding.rule}")
    return mask_cpr("\n".join(lines))


def _listed(finding: Finding, block: Block | None) -> str:
    where = f"{PART_NAMES.get(block.part, block.part.value)}: " if block is not None else ""
    text = " ".join(finding.text.split())
    line = f"• {where}«{text}» – {finding.severity.danish}: {finding.message}"
    if finding.suggestion:
        line += f" {finding.suggestion}"
    return f"{line} ({finding.rule})"


def summary_text(report: FileReport, plan: _Plan, changes: int) -> str:
    """The first comment: the result at a glance, and what could not be placed."""
    lines = [severity_summary(report.findings)]
    lix = lix_value(report.metrics)
    if lix is not None:
        lines.append(f"Læsbarhed: LIX {lix:.0f} ({lix_band(lix)}).")
    missing = missing_parts(report.facts)
    if missing:
        lines.append(f"Mangler i brevet: {', '.join(missing)}.")
    if changes:
        lines.append(f"{changes} forslag er skrevet ind som sporede ændringer.")
    if plan.gathered:
        lines.append(
            "Fund i sidehoved, sidefod, fodnoter og tekstbokse (her kan kommentarerne ikke "
            "stå ved teksten):"
        )
        lines.extend(_listed(finding, block) for finding, block in plan.gathered)
    if plan.unplaced:
        lines.append("Fund, der ikke kunne placeres i teksten (brevet er måske ændret):")
        lines.extend(_listed(finding, None) for finding in plan.unplaced)
    return mask_cpr("\n".join(lines))


# --------------------------------------------------------------------------- the whole letter


@dataclass(frozen=True)
class AnnotationResult:
    """The annotated copy's bytes and what went into it."""

    data: bytes
    comments: int
    """Finding comments anchored on the text (the summary comment is not counted)."""
    gathered: int
    """Findings listed in the summary comment instead (headers, footers, notes, text boxes)."""
    unplaced: int
    changes: int
    """Replacements written as tracked changes."""


def _summary_runs(package: Any, walked: Sequence[Any], blocks: Sequence[Block],
                  pieces: dict[int, list[_Piece]]) -> tuple[Any, Any]:
    """First and last run of the first body paragraph with text (the summary's anchor)."""
    for block in blocks:
        if block.part in ANCHORED_PARTS and block.segments:
            found = pieces.get(block.source_index) or _pieces_for(
                block, walked[block.source_index].text.runs)
            return found[0].run, found[-1].run
    body = package.element.body
    paragraph = body.find(W_P)
    if paragraph is None:
        paragraph = OxmlElement("w:p")
        body.insert(0, paragraph)
    run = OxmlElement("w:r")
    paragraph.append(run)
    return run, run


def annotate_bytes(
    data: bytes,
    report: FileReport,
    *,
    suggest_changes: bool = False,
    now: dt.datetime | None = None,
) -> AnnotationResult:
    """Return a copy of the .docx ``data`` with ``report``'s findings as comments.

    ``report`` must come from checking these very bytes; a finding whose text is no longer
    where it says is listed in the summary comment instead of being placed wrongly.
    """
    document = read_docx(data, report.path)
    if report.document is not None and [b.text for b in report.document.blocks] != [
        b.text for b in document.blocks
    ]:
        raise AnnotateError(
            f"{report.path}: brevet er ændret, siden det blev tjekket. Tjek det igen."
        )
    package = open_package(data)
    walked, _ = walk_docx(package, keep_elements=True)
    blocks = document.blocks
    plan = _plan(report.findings, blocks)

    pieces: dict[int, list[_Piece]] = {}
    for anchor in plan.anchored:
        source = anchor.block.source_index
        if source not in pieces:
            pieces[source] = _pieces_for(anchor.block, walked[source].text.runs)
        _split_at(pieces[source], anchor.start)
        _split_at(pieces[source], anchor.end)

    changes = 0
    if suggest_changes:
        moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        date = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        roots = [part.element for part in package.part.package.iter_parts()
                 if hasattr(part, "element")]
        ids = _Ids(roots, reserve=len(plan.anchored) + 1 + len(package.comments))
        taken: list[_Anchor] = []
        for anchor in plan.anchored:
            if anchor.finding.replacement is None or _boundaries_inside(anchor, plan.anchored):
                continue
            if any(other.block.index == anchor.block.index and other.start < anchor.end
                   and anchor.start < other.end for other in taken):
                continue
            runs = [p.run for p in _covering(pieces[anchor.block.source_index],
                                             anchor.start, anchor.end)]
            if _apply_change(anchor, runs, ids, date):
                taken.append(anchor)
                changes += 1

    first, last = _summary_runs(package, walked, blocks, pieces)
    _add_comment(package, first, last, summary_text(report, plan, changes))
    for anchor in plan.anchored:
        covered = _covering(pieces[anchor.block.source_index], anchor.start, anchor.end)
        first_run = covered[0].run
        last_run = covered[-1].run
        if anchor.change is not None:
            last_run = anchor.change[1][-1]
        _add_comment(package, first_run, last_run,
                     _comment_text(anchor.finding, anchor.change is not None))

    buffer = io.BytesIO()
    package.save(buffer)
    return AnnotationResult(buffer.getvalue(), len(plan.anchored), len(plan.gathered),
                            len(plan.unplaced), changes)


# --------------------------------------------------------------------------- files and paths


def default_target(source: Path) -> Path:
    """``brev.docx`` → ``brev.brevtjek.docx`` beside it."""
    return source.with_name(source.stem + SUFFIX)


def _is_letter(target: Path) -> AnnotateError:
    return AnnotateError(f"{target}: det er selve brevet. brevtjek skriver aldrig i det brev, "
                         "den tjekker; vælg et andet filnavn.")


def _exists(target: Path) -> AnnotateError:
    return AnnotateError(f"{target}: filen findes allerede. Brug --force for at overskrive den.")


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or (
            first.exists() and second.exists() and os.path.samefile(first, second)
        )
    except OSError:
        return False


def plan_targets(
    reports: Sequence[FileReport],
    output: str | None,
    output_dir: Path | None,
) -> tuple[list[tuple[FileReport, Path, Path]], list[str]]:
    """Decide where each annotated copy goes: (report, source, target) plus Danish notes.

    ``output`` is the ``--annotate`` value ('' = beside the letter); ``output_dir`` is
    ``--annotate-dir``. Letters that cannot carry comments (text files, unreadable files)
    are skipped with a note when several letters are checked, and refused when it is the
    only one.
    """
    notes: list[str] = []
    eligible: list[tuple[FileReport, Path]] = []
    for report in reports:
        if report.status != "ok":
            continue  # already reported as an error of its own
        document = report.document
        name = document.path if document is not None else report.path
        is_docx = (document.format == "docx" if document is not None
                   else Path(name).suffix.lower() in DOCX_SUFFIXES)
        if name in ("<stdin>", "<bytes>"):
            raise AnnotateError("--annotate kræver et brev i en fil, ikke fra standard input.")
        if not is_docx:
            message = (f"{report.path}: kun Word-dokumenter (.docx) kan få kommentarer; "
                       "filen er ikke kommenteret.")
            if len(reports) == 1:
                raise AnnotateError(message)
            notes.append(message)
            continue
        eligible.append((report, Path(name)))
    if output and len(eligible) > 1:
        raise AnnotateError(
            "--annotate FIL kan kun bruges med ét brev; brug --annotate-dir MAPPE til flere."
        )
    planned: list[tuple[FileReport, Path, Path]] = []
    if output_dir is not None:
        parents = [source.resolve().parent for _, source in eligible]
        common = Path(os.path.commonpath(parents)) if parents else Path()
        for report, source in eligible:
            relative = source.resolve().parent.relative_to(common)
            planned.append((report, source, output_dir / relative / (source.stem + SUFFIX)))
    else:
        for report, source in eligible:
            planned.append((report, source, Path(output) if output else default_target(source)))
    return planned, notes


def check_targets(planned: Sequence[tuple[FileReport, Path, Path]], force: bool) -> None:
    """Refuse, before anything is written, to overwrite a letter or an existing file."""
    seen: dict[Path, Path] = {}
    sources = [source for _, source, _ in planned]
    for _, source, target in planned:
        if any(_same_file(target, letter) for letter in sources):
            raise _is_letter(target)
        key = target.resolve()
        if key in seen:
            raise AnnotateError(
                f"{target}: både {seen[key]} og {source} ville blive kommenteret til den "
                "samme fil."
            )
        seen[key] = source
        if target.is_dir():
            raise AnnotateError(f"{target}: er en mappe; angiv et filnavn.")
        if target.exists() and not force:
            raise _exists(target)


def precheck_targets(paths: Sequence[str], output: str | None, force: bool) -> None:
    """Fail fast, before any letter is checked, where the arguments alone show that an
    annotated copy could not be written (the full check runs again after checking)."""
    letters = [Path(path) for path in paths if path != "-" and Path(path).is_file()]
    if output:
        target = Path(output)
        if any(_same_file(target, letter) for letter in letters):
            raise _is_letter(target)
        if target.exists() and not force:
            raise _exists(target)
        return
    if output is None:
        return
    for letter in letters:
        target = default_target(letter)
        if letter.suffix.lower() in DOCX_SUFFIXES and target.exists() and not force:
            raise _exists(target)


def write_annotated(
    report: Report,
    output: str | None,
    output_dir: Path | None,
    *,
    suggest_changes: bool = False,
    force: bool = False,
) -> list[str]:
    """Write an annotated copy of every checked .docx; return Danish lines for the user.

    Raises :class:`AnnotateError` for anything the user can fix (exit code 2).
    """
    from brevtjek.atomic import write_atomic

    planned, notes = plan_targets(report.files, output, output_dir)
    check_targets(planned, force)
    for file_report, source, target in planned:
        try:
            data = source.read_bytes()
        except OSError as error:
            raise AnnotateError(f"{source}: kunne ikke læses igen ({error.strerror}).") from error
        result = annotate_bytes(data, file_report, suggest_changes=suggest_changes)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, result.data)
        except OSError as error:
            raise AnnotateError(f"Kunne ikke skrive {target}: {error.strerror}.") from error
        line = f"Kommenteret kopi: {mask_cpr(str(target))} ({result.comments} kommentarer"
        if result.changes:
            line += f", {result.changes} sporede ændringer"
        if result.gathered:
            line += f", {result.gathered} fund samlet i oversigten"
        notes.append(line + ").")
    return notes
