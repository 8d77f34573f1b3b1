#!/usr/bin/env bash
# Does LibreOffice open brevtjek's annotated copy? Annotates a letter (comments + tracked
# changes), converts the copy to PDF headless with comments exported as PDF annotations,
# checks that every Word comment arrived, and renders page 1 to PNG (the README picture).
#
#   scripts/libreoffice_check.sh [LETTER.docx] [PAGE.png]
#
# Needs LibreOffice Writer and poppler-utils (Debian: apt-get install
# libreoffice-writer-nogui poppler-utils). Not part of CI: installing LibreOffice is slow;
# tests/test_annotate.py has the same check as a test that skips without LibreOffice.
set -euo pipefail
cd "$(dirname "$0")/.."
letter=${1:-corpora/letters/hjaelpemiddel-afslag-01.docx}
png=${2:-docs/annotated-letter.png}
python=${PYTHON:-.venv/bin/python}
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)" >&2
    exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" -m brevtjek check "$letter" --annotate "$work/brev.docx" --suggest-changes \
    --fail-on never --format json --output "$work/report.json"
"$soffice" --headless --norestore "-env:UserInstallation=file://$work/profile" \
    --convert-to 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}' \
    --outdir "$work" "$work/brev.docx" >/dev/null
"$python" - "$work/brev.docx" "$work/brev.pdf" <<'PY'
import re, sys, zipfile
comments = zipfile.ZipFile(sys.argv[1]).read("word/comments.xml").count(b"<w:comment ")
pdf = open(sys.argv[2], "rb").read()
annotations = len(re.findall(rb"/Subtype\s*/Text\b", pdf))
print(f"LibreOffice: {annotations} of {comments} comments exported to PDF")
sys.exit(0 if comments and annotations == comments else 1)
PY
if command -v pdftoppm >/dev/null; then
    mkdir -p "$(dirname "$png")"
    pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/brev.pdf" "${png%.png}" 2>/dev/null
    echo "page 1: $png ($(wc -c < "$png") bytes)"
fi
