"""flylint runs as a plain program: no private interpreter APIs, nothing that ends the process
behind a profiler's back (issue 12)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO

# what the removed start-up layer used: frame inspection, the regex compiler's internals, a
# marshal cache and the exit without teardown
PRIVATE = re.compile(r"_getframe|_sre|re\._|os\._exit|marshal")


def test_no_private_interpreter_api_in_the_source() -> None:
    hits = [f"{p.relative_to(REPO)}:{n}: {line.strip()}"
            for p in sorted((REPO / "src" / "flylint").rglob("*.py"))
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if PRIVATE.search(line)]
    assert not hits


def test_the_program_runs_under_cprofile() -> None:
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-s", "cumulative", "-m", "flylint", "check",
                           "--no-config", str(REPO / "examples" / "sample-app")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert "FLY" in proc.stdout  # flylint's own output came first ...
    assert "function calls" in proc.stdout and "Ordered by: cumulative time" in proc.stdout  # ... then the profile


def test_a_plain_check_of_a_clean_project_imports_nothing_it_does_not_use() -> None:
    """Lazy imports are the start-up cost that stays honest: a check of a clean template with
    text output needs no secret scanner (no value is a candidate), no TOML editor, no SARIF
    model, no click (the fast option reader), and no temporary files, diffs or subprocesses."""
    heavy = ("detect_secrets", "requests", "tomlkit", "sarif_om", "click", "tempfile", "difflib", "subprocess")
    code = ("import contextlib, io, sys\n"
            "from flylint.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = main(['check', '--no-config', {str(REPO / 'skills' / 'flyio' / 'examples' / 'nodejs-express')!r}])\n"
            f"print(rc, [m for m in {heavy!r} if m in sys.modules])\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.split() == ["0", "[]"], proc.stdout + proc.stderr
