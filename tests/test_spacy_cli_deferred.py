"""spaCy's command-line package loads only when used (brevtjek/nlp/spacy_cli.py).

Each case runs in a fresh interpreter: the test process has imported spaCy already.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_checking_does_not_import_spacys_commands() -> None:
    out = _run("import sys, brevtjek.nlp, spacy\n"
               "from brevtjek.nlp.pipeline import load_pipeline\n"
               "nlp, _ = load_pipeline(None)\n"
               "nlp('Din ansøgning er afslået.')\n"
               "print(sorted(name for name in ('weasel', 'requests', 'httpx', 'spacy.cli._util')"
               " if name in sys.modules))")
    assert out == "[]"


@pytest.mark.parametrize("code", [
    # attribute use runs the package's own code: the commands are functions, as usual
    "import brevtjek.nlp, spacy; print(spacy.cli.download.__module__, callable(spacy.cli.info))",
    # a submodule first, then the package
    "import brevtjek.nlp, spacy\nfrom spacy.cli.train import train\n"
    "print(spacy.cli.download.__module__, callable(train))",
    # spacy.info, the one name spaCy binds at import, works and loads the real one
    "import brevtjek.nlp, spacy; spacy.info(silent=True); print(spacy.cli.download.__module__, True)",
])
def test_spacys_commands_still_work_when_used(code: str) -> None:
    assert _run(code) == "spacy.cli.download True"


def test_python_m_spacy_still_works() -> None:
    result = subprocess.run([sys.executable, "-c", "import brevtjek.nlp, runpy; "
                             "runpy.run_module('spacy', run_name='__main__')", "info", "--silent"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
