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
