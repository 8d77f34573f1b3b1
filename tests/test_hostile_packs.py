"""Hostile rule packs and configurations are rejected with a clear Danish message and exit
code 2, in bounded time, before any letter is checked.

Each case goes through ``brevtjek check LETTER --config FILE``: in-process under a deadline
(an exception escaping would show as ``result.exception``), and a few through the real
console entry point in a subprocess with a timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests import hostile
from tests.hostile import invoke
from tests.packs import JARGON_RULE, write_pack

runner = CliRunner()

LETTER = "brev.txt"


def _config(root: Path, packs: list[str]) -> Path:
    path = root / "brevtjek.yaml"
    path.write_text(yaml.safe_dump({"packs": packs}), "utf-8")
    return path


def _regex_rule(pattern: str, field: str = "patterns") -> dict:
    rule = {
        "id": "fjendtlig.regex",
        "type": "existence",
        "severity": "warning",
        "message": "«{match}» er forkert.",
        "examples": {"bad": ["aaaa"], "good": ["bbbb"]},
    }
    if field == "patterns":
        rule["patterns"] = [pattern]
    else:
        rule["words"] = ["aaaa"]
        rule[field] = pattern
    return rule


# Each builder writes its attack into the folder and returns the --config file.

def alias_bomb_in_rule(root: Path) -> Path:
    folder = write_pack(root, "bombe")
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    (folder / "bombe.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return _config(root, ["bombe"])


def alias_bomb_in_config(root: Path) -> Path:
    path = root / "brevtjek.yaml"
    path.write_text('a: &a ["x","x","x","x","x","x","x","x","x"]\n'
                    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\npacks: *b\n', "utf-8")
    return path


def huge_rule_file(root: Path) -> Path:
    folder = write_pack(root, "stor")
    (folder / "stor.yaml").write_text("# " + "x" * (3 * 1024 * 1024) + "\n", "utf-8")
    return _config(root, ["stor"])


def huge_config(root: Path) -> Path:
    path = root / "brevtjek.yaml"
    path.write_text("packs: [klarsprog]\n# " + "x" * (3 * 1024 * 1024) + "\n", "utf-8")
    return path


def deeply_nested_yaml(root: Path) -> Path:
    folder = write_pack(root, "dyb")
    (folder / "dyb.yaml").write_text("[" * 200_000 + "]" * 200_000 + "\n", "utf-8")
    return _config(root, ["dyb"])


def nested_repetition_regex(root: Path) -> Path:
    write_pack(root, "regex", rules=[_regex_rule("(a+)+$")])
    return _config(root, ["regex"])


def optional_separator_regex(root: Path) -> Path:
    write_pack(root, "regex", rules=[_regex_rule(r"^(\w+\s?)*$")])
    return _config(root, ["regex"])


def overlapping_alternation_regex(root: Path) -> Path:
    write_pack(root, "regex", rules=[_regex_rule("(aa|a)*b")])
    return _config(root, ["regex"])


def catastrophic_section_regex(root: Path) -> Path:
    write_pack(root, "regex", rules=[_regex_rule("(a*)*b", field="section")])
    return _config(root, ["regex"])


def broken_regex(root: Path) -> Path:
    write_pack(root, "regex", rules=[_regex_rule("(ab")])
    return _config(root, ["regex"])


def pack_extends_itself(root: Path) -> Path:
    write_pack(root, "selv", extends=["selv"])
    return _config(root, ["selv"])


def pack_cycle(root: Path) -> Path:
    write_pack(root, "ping", rules=[dict(JARGON_RULE, id="ping.regel")], extends=["pong"])
    write_pack(root, "pong", rules=[dict(JARGON_RULE, id="pong.regel")], extends=["ping"])
    return _config(root, ["ping"])


def long_extends_chain(root: Path) -> Path:
    for index in range(25):
        write_pack(root, f"led{index}", rules=[dict(JARGON_RULE, id=f"led{index}.regel")],
                   extends=[f"led{index + 1}"] if index < 24 else [])
    return _config(root, ["led0"])


def python_object_tag(root: Path) -> Path:
    folder = write_pack(root, "kode")
    (folder / "kode.yaml").write_text(
        f'!!python/object/apply:os.system ["touch {root / "UDFOERT"}"]\n', "utf-8")
    return _config(root, ["kode"])


def non_utf8_rule_file(root: Path) -> Path:
    folder = write_pack(root, "latin")
    (folder / "latin.yaml").write_bytes(yaml.safe_dump(JARGON_RULE, allow_unicode=True)
                                        .replace("såfremt", "så\xe6remt").encode("cp1252"))
    return _config(root, ["latin"])


def deeply_nested_pyproject(root: Path) -> Path:
    path = root / "pyproject.toml"
    path.write_text("[tool.brevtjek]\npacks = " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    return path


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "alias-bomb-rule": (alias_bomb_in_rule, "Ankre og aliaser (& og *) er ikke tilladt"),
    "alias-bomb-config": (alias_bomb_in_config, "Ankre og aliaser (& og *) er ikke tilladt"),
    "huge-rule-file": (huge_rule_file, "Filen er for stor (3072 kB; højst 2048 kB)"),
    "huge-config": (huge_config, "Filen er for stor (3072 kB; højst 2048 kB)"),
    "deep-yaml": (deeply_nested_yaml, "YAML'en er indlejret mere end 40 niveauer"),
    "regex-nested-repetition": (nested_repetition_regex, "kan tage eksponentielt lang tid"),
    "regex-optional-separator": (optional_separator_regex, "kan tage eksponentielt lang tid"),
    "regex-overlapping-alternation": (overlapping_alternation_regex,
                                      "kan tage eksponentielt lang tid"),
    "regex-in-section": (catastrophic_section_regex, "kan tage eksponentielt lang tid"),
    "regex-broken": (broken_regex, "«(ab»"),
    "extends-itself": (pack_extends_itself, "udvider sig selv i en ring: selv → selv"),
    "extends-cycle": (pack_cycle, "udvider sig selv i en ring"),
    "extends-too-deep": (long_extends_chain, "«extends» går mere end 10 pakker dybt"),
    "python-tag": (python_object_tag, "YAML-fejl"),
    "not-utf8": (non_utf8_rule_file, "Filen er ikke gemt som UTF-8"),
    "deep-pyproject": (deeply_nested_pyproject, "kan ikke læses som TOML"),
}


@pytest.fixture()
def root(tmp_path) -> Path:
    (tmp_path / LETTER).write_text(hostile.DANISH_LETTER, "utf-8")
    return tmp_path




@pytest.mark.parametrize("case_id", sorted(CASES))
def test_hostile_pack_is_rejected_before_any_letter_is_checked(root, case_id):
    build, message = CASES[case_id]
    config = build(root)
    started = time.monotonic()
    with hostile.deadline(30):
        result = invoke(root, "check", LETTER, "--config", str(config), "--format", "json")
    assert time.monotonic() - started < 30
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert message in result.stderr
    assert "intern fejl" not in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""  # no report: the letter was never checked
    assert not (root / "UDFOERT").exists()


@pytest.mark.parametrize("case_id", ["alias-bomb-rule", "deep-yaml", "extends-cycle",
                                     "deep-pyproject"])
def test_hostile_pack_through_the_console_entry_point(root, case_id):
    build, message = CASES[case_id]
    config = build(root)
    result = hostile.run_cli("check", LETTER, "--config", str(config), cwd=root, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr
    assert result.stdout == ""


def test_problems_point_at_file_line_and_column(root):
    config = nested_repetition_regex(root)
    result = invoke(root, "check", LETTER, "--config", str(config))
    rule_file = root / "regex" / "regex.yaml"
    assert f"{rule_file}:" in result.stderr
    line = next(text for text in result.stderr.splitlines() if "eksponentielt" in text)
    location = line.strip().split(": ", 1)[0]
    assert location.rsplit(":", 2)[1].isdigit() and location.rsplit(":", 2)[2].isdigit()


def test_a_pattern_that_passes_the_check_still_runs_with_a_timeout():
    """The static check is conservative; the runtime timeout is the second line."""
    from brevtjek.rules.regex_safety import catastrophic_reason
    from brevtjek.rules.targets import REGEX_TIMEOUT_SECONDS

    assert catastrophic_reason(r"(stk\.\s*\d+,?\s*)+") is None
    assert catastrophic_reason("(a+)+$") is not None
    assert 0 < REGEX_TIMEOUT_SECONDS <= 1
