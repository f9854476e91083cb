"""Damaged projects never crash the linter, make a rule crash, or print a Python warning.

Each example takes a real project (the samples, a template, or a corpus fly.toml dropped into
one), damages one to three of its files line by line (cuts, duplicates, splices in fragments
that parsers and rules find awkward), and lints it with every rule selected.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from pathlib import Path

from conftest import REPO, SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flylint.linter.model import FindingKind

PROJECTS = [REPO / "examples" / "sample-app", REPO / "examples" / "hardened-app"] + sorted(
    p for p in (REPO / "skills" / "flyio" / "examples").iterdir() if p.is_dir())
CORPUS = sorted((SHARED / "corpus" / "fly-toml").glob("*.toml")) if (SHARED / "corpus").is_dir() else []
FRAGMENTS = [
    "9" * 40, "1" * 5000, "-1", "0", "''", '""', "[]", "{}", "true", "1e309", "nan", "\u2028", "\x00", "é",
    "${X}", "$(", "`", "\\", '"', "'", "[[", "]]", "=", "#", "\t", "\r", "0x10", "1_000", "2024-02-30",
    "[[services]]", "[http_service]", "[[vm]]", "[checks.x]", "[[mounts]]", "[env]", "[build]", "port = 99999",
    "timeout = -5", "interval = 0", "FROM", "USER", "EXPOSE 0", "EXPOSE 70000/udp", "ARG", "ENV A", "COPY --from=",
    "RUN <<EOF", "EOF", "&&", "|", ";", "fly deploy", "--app", "runs-on:", "- run:", "uses: x@y",
    "${{ secrets.X }}", "x[[y]", "a[]b", "\\\n",
]

mutation = st.tuples(st.sampled_from(["cut", "copy", "splice", "insert"]), st.integers(0, 10_000),
                     st.integers(0, 10_000), st.sampled_from(FRAGMENTS))


def damage(text: str, ops: list[tuple[str, int, int, str]]) -> str:
    lines = text.split("\n")
    for op, a, b, fragment in ops:
        i = a % (len(lines) + 1)
        if op == "cut" and lines:
            del lines[min(i, len(lines) - 1)]
        elif op == "copy" and lines:
            lines.insert(i, lines[b % len(lines)])
        elif op == "splice" and lines:
            j = min(i, len(lines) - 1)
            k = b % (len(lines[j]) + 1)
            lines[j] = lines[j][:k] + fragment + lines[j][k:]
        else:
            lines.insert(i, fragment)
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project=st.sampled_from(PROJECTS), corpus=st.none() | st.sampled_from(CORPUS or [None]),
       picks=st.lists(st.integers(0, 1000), min_size=1, max_size=3),
       ops=st.lists(mutation, min_size=1, max_size=4))
def test_damaged_projects_are_linted_without_crashes(project: Path, corpus: Path | None, picks: list[int],
                                                     ops: list[tuple[str, int, int, str]]) -> None:
    from flylint.linter.config import Settings
    from flylint.linter.engine import Linter

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(project, root)
        if corpus is not None:
            shutil.copy(corpus, root / "fly.toml")
        files = sorted(p for p in root.rglob("*") if p.is_file())
        for pick in picks:
            target = files[pick % len(files)]
            try:
                text = target.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            target.write_text(damage(text, ops), encoding="utf-8", errors="surrogatepass")
        cwd = os.getcwd()
        os.chdir(root)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                result = Linter(Settings(select=["ALL"])).lint_paths(["."])
        finally:
            os.chdir(cwd)
    crashed = [f"{f.path}: {f.message}" for f in result.findings if f.kind is FindingKind.INTERNAL_ERROR]
    assert crashed == []
