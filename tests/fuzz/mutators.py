"""Mutations of .docx letters, from blunt (flip bytes of the file) to structural (change the
WordprocessingML inside the zip and pack it again).

Byte-level damage to a zip mostly hits compressed data and is caught by the zip layer; the
interesting cases are well-formed packages with odd content, so most mutations unpack the
letter, change one part and repack it. Every mutation is a pure function of (random
generator, bytes), so a case is reproduced exactly from its seed.
"""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable

Mutation = Callable[[random.Random, bytes], bytes]

STRUCTURAL_PARTS = ("word/document.xml", "word/header1.xml", "word/footer1.xml",
                    "word/_rels/document.xml.rels", "[Content_Types].xml",
                    "word/footnotes.xml", "word/numbering.xml")

OOXML_SNIPPETS = (
    "<w:p/>", "<w:r><w:t>x</w:t></w:r>", "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    "<w:tbl>", "</w:tc>", "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>",
    "<w:ins><w:r><w:t>indsat</w:t></w:r></w:ins>", "<w:del><w:r><w:delText>slettet</w:delText></w:r></w:del>",
    "<w:fldSimple w:instr=\"PAGE\"><w:r><w:t>1</w:t></w:r></w:fldSimple>",
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>", "<w:r><w:instrText>MERGEFIELD x</w:instrText></w:r>",
    "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>", "<w:r><w:br/><w:tab/><w:noBreakHyphen/></w:r>",
    "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent><w:p><w:r><w:t>boks"
    "</w:t></w:r></w:p></w:txbxContent></mc:Choice></mc:AlternateContent>",
    "<w:pPr><w:pStyle w:val=\"Heading1\"/><w:outlineLvl w:val=\"99\"/><w:numPr/></w:pPr>",
    "<w:hyperlink r:id=\"rIdFindesIkke\"><w:r><w:t>link</w:t></w:r></w:hyperlink>",
    "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdFindesIkke\"/></w:sectPr>",
    "<w:t>", "</w:t>", "<!-- kommentar -->", "<![CDATA[<w:p>]]>", "<?pi data?>",
    "&amp;", "&#0;", "&#xD800;", "&#x1F600;", "&ukendt;", "<!DOCTYPE x>",
    "<x:ukendt xmlns:x=\"urn:x\"><w:p><w:r><w:t>fremmed</w:t></w:r></w:p></x:ukendt>",
)
ATTRIBUTE = re.compile(rb'(\s[\w:]+=")([^"]*)(")')
TEXT_RUN = re.compile(rb"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
ELEMENT = re.compile(rb"<([A-Za-z][\w:]*)(?:\s[^>]*)?(?:/>|>.*?</\1>)", re.DOTALL)
WEIRD_TEXT = ("010190-1234", "§ 112, stk. 1, nr. 2", "jf. bl.a. f.eks. m.v.", "\u200b\u00ad\u2028",
              "\u202e\u2066", "ﬁ ǅ İ ß", "😀👨‍👩‍👧", "æøå ÆØÅ", " " * 50, "a" * 5000,
              "Såfremt du i henhold til reglerne fremsender", "\t\t", "1.", "- ", "#")


# --- byte level --------------------------------------------------------------------------

def flip_bits(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        position = rng.randrange(len(out))
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


def set_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(out))
        out[position] = rng.choice((0, 0xFF, 0x7F, 0x80, rng.randrange(256)))
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    position = rng.randrange(len(data) + 1)
    return data[:position] + rng.randbytes(rng.randint(1, 64)) + data[position:]


def delete_slice(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 256):]


def duplicate_slice(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    piece = data[start:start + rng.randint(1, 512)]
    position = rng.randrange(len(data) + 1)
    return data[:position] + piece + data[position:]


BYTE_MUTATIONS: tuple[Mutation, ...] = (flip_bits, set_bytes, truncate, insert_bytes,
                                        delete_slice, duplicate_slice)


# --- inside the zip ----------------------------------------------------------------------

def _parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _pack(parts: list[tuple[zipfile.ZipInfo, bytes]], rng: random.Random) -> bytes:
    out = io.BytesIO()
    compression = zipfile.ZIP_STORED if rng.random() < 0.2 else zipfile.ZIP_DEFLATED
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", compression) as archive:
        warnings.simplefilter("ignore")  # duplicate part names are one of the mutations
        for info, content in parts:
            # A fixed timestamp: writestr(name) would stamp the current time, and the same
            # seed must give the same bytes whenever it runs.
            stamped = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            stamped.compress_type = compression
            archive.writestr(stamped, content)
    return out.getvalue()


def _pick_part(rng: random.Random, parts: list[tuple[zipfile.ZipInfo, bytes]]) -> int:
    preferred = [index for index, (info, _) in enumerate(parts)
                 if info.filename in STRUCTURAL_PARTS]
    if preferred and rng.random() < 0.85:
        return rng.choice(preferred)
    return rng.randrange(len(parts))


def _elements(xml: bytes) -> list[re.Match[bytes]]:
    """Elements small enough to move around (not the root, not most of the part)."""
    limit = max(len(xml) // 3, 1)
    return [match for match in ELEMENT.finditer(xml) if match.end() - match.start() < limit]


def _insert(rng: random.Random, xml: bytes, snippets: tuple[str, ...]) -> bytes:
    positions = [match.start() for match in re.finditer(rb"<(?![?!/])", xml)][1:] or [len(xml)]
    position = rng.choice(positions)
    return xml[:position] + rng.choice(snippets).encode() + xml[position:]


def _drop(rng: random.Random, xml: bytes) -> bytes | None:
    matches = _elements(xml)
    if not matches:
        return None
    match = rng.choice(matches)
    return xml[: match.start()] + xml[match.end():]


def _repeat(rng: random.Random, xml: bytes) -> bytes | None:
    matches = _elements(xml)
    if not matches:
        return None
    match = rng.choice(matches)
    return xml[: match.end()] + match.group(0) * rng.randint(1, 50) + xml[match.end():]


def _attribute(rng: random.Random, xml: bytes) -> bytes | None:
    matches = list(ATTRIBUTE.finditer(xml))
    if not matches:
        return None
    match = rng.choice(matches)
    value = rng.choice((b"", b"0", b"-1", b"99999999999", b"false", b"restart", b"continue",
                        b"rIdFindesIkke", b"../../etc/passwd", b"http://127.0.0.1:9/x",
                        rng.randbytes(4).hex().encode()))
    return xml[: match.start(2)] + value + xml[match.end(2):]


def _text(rng: random.Random, xml: bytes) -> bytes | None:
    matches = list(TEXT_RUN.finditer(xml))
    if not matches:
        return None
    match = rng.choice(matches)
    return xml[: match.start(2)] + rng.choice(WEIRD_TEXT).encode() + xml[match.end(2):]


def _nest(rng: random.Random, xml: bytes) -> bytes | None:
    """Wrap an element in many tables, content controls or insertions."""
    matches = _elements(xml)
    if not matches:
        return None
    match = rng.choice(matches)
    depth = rng.choice((5, 41, 90, 300))
    opener, closer = rng.choice((
        (b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>"),
        (b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>"),
        (b"<w:ins>", b"</w:ins>"),
    ))
    return xml[: match.start()] + opener * depth + match.group(0) + closer * depth + xml[match.end():]


def _swap(rng: random.Random, xml: bytes) -> bytes | None:
    """Swap two elements' positions (order and nesting confusion)."""
    matches = _elements(xml)
    if len(matches) < 2:
        return None
    first, second = sorted(rng.sample(matches, 2), key=lambda match: match.start())
    if first.end() > second.start():
        return None
    return (xml[: first.start()] + second.group(0) + xml[first.end(): second.start()]
            + first.group(0) + xml[second.end():])


BALANCED = tuple(snippet for snippet in OOXML_SNIPPETS
                 if snippet.count("<") == snippet.count("</") * 2 + snippet.count("/>")
                 or snippet.startswith(("<!--", "<?", "&#x1F", "&amp")))
XML_MUTATIONS: tuple[tuple[Callable[[random.Random, bytes], bytes | None], int], ...] = (
    (lambda rng, xml: rng.choice(BYTE_MUTATIONS)(rng, xml) if xml else None, 1),
    (_drop, 3),
    (_repeat, 2),
    (lambda rng, xml: _insert(rng, xml, BALANCED), 4),
    (lambda rng, xml: _insert(rng, xml, OOXML_SNIPPETS), 1),
    (_attribute, 3),
    (_text, 4),
    (_nest, 2),
    (_swap, 2),
    (lambda rng, xml: xml[: rng.randrange(len(xml) + 1)] if xml else None, 1),
)
"""(mutation, weight): mostly changes that keep the XML well-formed, so the reader's own
logic is exercised, not just the XML parser's rejection."""


GENERIC_MUTATIONS = (_drop, _repeat, _attribute, _swap)
"""For package parts that are not WordprocessingML (relationships, content types)."""


def _mutate_xml(rng: random.Random, xml: bytes) -> bytes:
    if b"wordprocessingml/2006/main" not in xml[:4096]:
        for _ in range(5):
            changed = rng.choice(GENERIC_MUTATIONS)(rng, xml)
            if changed is not None:
                return changed
        return rng.choice(BYTE_MUTATIONS)(rng, xml) if xml else xml
    functions = [function for function, _ in XML_MUTATIONS]
    weights = [weight for _, weight in XML_MUTATIONS]
    for _ in range(5):
        changed = rng.choices(functions, weights)[0](rng, xml)
        if changed is not None:
            return changed
    return _insert(rng, xml, BALANCED)


def mutate_part(rng: random.Random, data: bytes) -> bytes:
    parts = _parts(data)
    index = _pick_part(rng, parts)
    info, content = parts[index]
    for _ in range(rng.randint(1, 3)):
        content = _mutate_xml(rng, content)
    parts[index] = (info, content)
    return _pack(parts, rng)


def drop_part(rng: random.Random, data: bytes) -> bytes:
    parts = _parts(data)
    del parts[_pick_part(rng, parts)]
    return _pack(parts, rng)


def add_part(rng: random.Random, data: bytes) -> bytes:
    parts = _parts(data)
    name = rng.choice(("word/media/image9.png", "word/footnotes.xml", "word/header9.xml",
                       "../uden-for.xml", "/absolut.xml", "word/document.xml"))
    parts.append((zipfile.ZipInfo(name), rng.randbytes(rng.randint(0, 200))))
    return _pack(parts, rng)


ZIP_MUTATIONS: tuple[Mutation, ...] = (mutate_part, mutate_part, mutate_part, mutate_part,
                                       drop_part, add_part)


def mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """One mutation (a few stacked now and then); returns its name and the new bytes."""
    names = []
    for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 3)):
        pool = BYTE_MUTATIONS if rng.random() < 0.15 else ZIP_MUTATIONS
        mutation = rng.choice(pool)
        try:
            data = mutation(rng, data)
        except (zipfile.BadZipFile, ValueError, EOFError, KeyError, OSError,
                NotImplementedError, RuntimeError, zlib.error):
            # The previous mutation broke the zip; damage the bytes instead.
            mutation = rng.choice(BYTE_MUTATIONS)
            data = mutation(rng, data) if data else data
        names.append(mutation.__name__)
    return "+".join(names), data

