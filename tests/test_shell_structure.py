"""SH000 for compound commands never closed (flylint.linter.parsers.shell_structure), checked
against bash itself: no script bash accepts is reported."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, SHARED

from flylint.linter.parsers.shell import tokenize
from flylint.linter.parsers.shell_structure import structure_error


@pytest.mark.parametrize("script, message", [
    ("if true; then\n  fly deploy\n", "`if` is never closed with `fi`"),
    ("for r in iad ams; do\n  fly scale count 1 --region $r\n", "`for` is never closed with `done`"),
    ("while true; do fly status; done\ndone\n", "`done` closes nothing"),
    ("case $1 in\n  prod) fly deploy;;\n", "`case` is never closed with `esac`"),
    ("deploy() {\n  fly deploy\n", "`{` is never closed with `}`"),
    ("if true; then\n  for x in a; do echo; fi\ndone\n", "`fi` closes nothing (the innermost open block is `for`)"),
    ("echo x\nfi\n", "`fi` closes nothing"),
])
def test_unbalanced(script: str, message: str) -> None:
    got = structure_error(tokenize(script))
    assert got is not None and got[0].startswith(message), got


@pytest.mark.parametrize("script", [
    "if a; then b; elif c; then d; else if e; then f; fi; fi\n",
    "case $x in\n  a|b) echo;;\n  (c) echo;;\n  esac) echo;;\n  *) case $y in z) echo;; esac;;\nesac\n",
    "if case $x in a) true;; esac; then echo; fi\n",
    "case $x in a) echo;; esac | sort\n",
    "f() { echo; }\nfunction g {\n  echo\n}\n{ echo a; } > log\n",
    "x=$(if true; then echo 1; fi)\necho \"if\" 'fi' done\n",
    "cat <<EOF\nif\ndone\nEOF\n",
    "until false; do break; done\nselect x in a b; do break; done\n",
])
def test_balanced(script: str) -> None:
    assert structure_error(tokenize(script)) is None


def _scripts() -> list[Path]:
    roots = [REPO / "tests" / "rules" / "fixtures" / "shell", REPO / "skills", REPO / "examples",
             SHARED / "corpus" / "projects"]
    out = []
    for root in roots:
        if root.is_dir():
            out += [p for p in root.rglob("*") if p.is_file() and p.suffix in (".sh", ".bash")]
    return sorted(out)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is the oracle")
def test_agrees_with_bash_on_real_scripts() -> None:
    scripts = _scripts()
    assert len(scripts) > 40
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}  # no BASH_ENV: bash -n reads, never runs
    checked = 0
    for path in scripts:
        text = path.read_text(encoding="utf-8", errors="replace")
        script = tokenize(text)
        if script.errors:
            continue
        mine = structure_error(script)
        bash = subprocess.run(["bash", "--norc", "--noprofile", "-O", "extglob", "-n"], input=text,
                              capture_output=True, text=True, env=env, timeout=30)
        if bash.returncode == 0:
            assert mine is None, (path, mine)
        elif "SH000_" in path.name:  # the fixtures written to be reported
            assert mine is not None, (path, bash.stderr)
        checked += 1
    assert checked > 40
