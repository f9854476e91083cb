"""`flylint --fix`: apply fixes to a fixed point, then write every changed file atomically.

Each round lints, takes the applicable fixes (safe ones; unsafe ones too with
``--unsafe-fixes``), applies the non-overlapping ones per file in memory, and checks that every
changed file still parses when it parsed before. Rounds repeat until nothing is left to fix,
at most :data:`MAX_ROUNDS` times; fixes still pending then are reported as not converging.
Nothing touches the disk until the loop ends. Then each file is written to a temporary file in
its own directory and renamed over the original, keeping line endings (LF/CRLF), a UTF-8 BOM
and the file mode. A file that changed on disk since it was read, a read-only file, or a
symlink that leads outside the checked paths is reported and left untouched.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from typing import Any

from flylint.linter.model import Edit, Finding
from flylint.linter.source import OVERLAY, SourceFile

MAX_ROUNDS = 10


@dataclass
class _Original:
    path: str  # absolute
    display: str
    text: str | None  # None for files created by a fix
    newline: str = "\n"
    had_bom: bool = False
    mtime_ns: int = 0
    raw: bytes | None = None


@dataclass
class FixOutcome:
    applied: list[str] = field(default_factory=list)  # "path: CODE title"
    problems: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)


def _applicable(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and (f.fix.is_safe or unsafe) and bool(f.fix.edits)


def _apply_edits(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: e.start] + e.content + text[e.end :]
    return text


def _reparse_ok(path: str, kind: str, before: str, after: str) -> bool:
    """A fix must not make a parsable file unparsable."""
    from flylint.linter.parsers import ParseError
    from flylint.linter.project import parser_for

    if not kind:
        return True
    parser = parser_for(kind)
    try:
        parser(SourceFile(path, before, kind=kind))
    except ParseError:
        return True  # it did not parse before either
    except Exception:  # noqa: BLE001
        return True
    try:
        parser(SourceFile(path, after, kind=kind))
    except ParseError:
        return False
    except Exception:  # noqa: BLE001
        return False
    return True


def run_fixes(linter: Any, paths: list[str], unsafe: bool = False, diff_only: bool = False
              ) -> tuple[Any, list[str], list[str]]:
    """Fix ``paths``; return (final lint result, descriptions of applied fixes, diffs)."""
    from flylint.linter.discover import classify_name

    originals: dict[str, _Original] = {}
    outcome = FixOutcome()
    OVERLAY.clear()
    try:
        result = linter.lint_paths(paths)
        for _round in range(MAX_ROUNDS):
            pending = [f for f in result.findings if _applicable(f, unsafe)]
            if not pending:
                break
            changed_any = False
            per_file: dict[str, list[tuple[Finding, list[Edit]]]] = {}
            for f in pending:
                assert f.fix is not None and f.source is not None
                base = os.path.abspath(f.source.path)
                for e in f.fix.edits:
                    target = os.path.abspath(e.path) if e.path else base
                    per_file.setdefault(target, [])
                # group all of a fix's edits by file; a fix spanning files is applied whole or not at all
                groups: dict[str, list[Edit]] = {}
                for e in f.fix.edits:
                    target = os.path.abspath(e.path) if e.path else base
                    groups.setdefault(target, []).append(e)
                for target, edits in groups.items():
                    per_file[target].append((f, edits))
            accepted_fixes: set[int] = set()
            rejected_fixes: set[int] = set()
            new_texts: dict[str, str] = {}
            for target, items in per_file.items():
                current = _current_text(target, originals, result)
                taken: list[tuple[int, int]] = []
                edits_for_file: list[Edit] = []
                for f, edits in sorted(items, key=lambda it: min(e.start for e in it[1])):
                    if id(f) in rejected_fixes:
                        continue
                    creates = [e for e in edits if e.create]
                    if creates and (current is not None):
                        rejected_fixes.add(id(f))  # the file appeared meanwhile
                        continue
                    ranges = [(e.start, e.end) for e in edits]
                    if any(_overlaps(r, t) for r in ranges for t in taken):
                        continue
                    taken.extend(ranges)
                    edits_for_file.extend(edits)
                    accepted_fixes.add(id(f))
                if not edits_for_file:
                    continue
                before = current or ""
                after = _apply_edits(before, edits_for_file)
                kind = classify_name(target) or _kind_of(target, result)
                if current is not None and not _reparse_ok(target, kind, before, after):
                    outcome.problems.append(f"{_display(target)}: a fix would make the file unparsable; skipped")
                    for f, _ in items:
                        accepted_fixes.discard(id(f))
                        rejected_fixes.add(id(f))
                    continue
                if after != before:
                    new_texts[target] = after
            for target, after in new_texts.items():
                if target not in originals:
                    originals[target] = _snapshot(target)
                OVERLAY[target] = after
                changed_any = True
            for f in pending:
                if id(f) in accepted_fixes and id(f) not in rejected_fixes:
                    assert f.fix is not None
                    outcome.applied.append(f"{f.path}:{f.span.line}:{f.span.column}: {f.code} {f.fix.title}")
            if not changed_any:
                break
            result = linter.lint_paths(paths)
        else:
            still = sorted({f.code for f in result.findings if _applicable(f, unsafe)})
            if still:
                outcome.problems.append(
                    f"fixes did not converge after {MAX_ROUNDS} rounds for {', '.join(still)}; please report this"
                )
        if diff_only:
            outcome.diffs = _diffs(originals)
        else:
            _write_all(originals, paths, outcome)
    finally:
        OVERLAY.clear()
    if not diff_only and originals:
        result = linter.lint_paths(paths)  # what is left, as it is on disk now
    for problem in outcome.problems:
        import click

        click.echo(f"flylint: warning: {problem}", err=True)
    return result, outcome.applied, outcome.diffs


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]  # two insertions at the same point: order would be ambiguous
    return a[0] < b[1] and b[0] < a[1] or (a[0] == a[1] and b[0] < a[0] < b[1]) or (b[0] == b[1] and a[0] < b[0] < a[1])


def _kind_of(target: str, result: Any) -> str:
    for project in result.projects:
        for pf in project.files:
            if os.path.abspath(pf.path) == target:
                return pf.kind
    return ""


def _current_text(target: str, originals: dict[str, _Original], result: Any) -> str | None:
    if target in OVERLAY:
        return OVERLAY[target]
    for project in result.projects:
        for pf in project.files:
            if pf.source is not None and os.path.abspath(pf.path) == target and pf.unreadable is None:
                return pf.source.text
    if os.path.isfile(target):
        try:
            return SourceFile.read(target).text
        except Exception:  # noqa: BLE001
            return None
    return None


def _snapshot(target: str) -> _Original:
    if not os.path.exists(target):
        return _Original(target, _display(target), None)
    src = SourceFile.read(target)
    with open(target, "rb") as fh:
        raw = fh.read()
    return _Original(target, _display(target), src.text, src.newline, src.had_bom, src.mtime_ns, raw)


def _display(path: str) -> str:
    from flylint.linter.source import display_path

    return display_path(path)


def _encode(orig: _Original, text: str) -> bytes:
    if orig.newline == "\r\n":
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if orig.had_bom else data


def _diffs(originals: dict[str, _Original]) -> list[str]:
    out: list[str] = []
    for target in sorted(originals):
        orig = originals[target]
        new = OVERLAY.get(target)
        if new is None:
            continue
        before = (orig.text or "").splitlines(keepends=True)
        after = new.splitlines(keepends=True)
        name = orig.display
        lines = list(difflib.unified_diff(before, after, fromfile=f"a/{name}" if orig.text is not None else "/dev/null",
                                          tofile=f"b/{name}"))
        if lines:
            out.append("".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                               for line in lines))
    return out


def _allowed_roots(paths: list[str]) -> list[str]:
    roots = []
    for p in paths:
        ap = os.path.realpath(p)
        roots.append(ap if os.path.isdir(ap) else os.path.dirname(ap))
    return roots


def _write_all(originals: dict[str, _Original], paths: list[str], outcome: FixOutcome) -> None:
    roots = _allowed_roots(paths)
    for target in sorted(originals):
        orig = originals[target]
        new = OVERLAY.get(target)
        if new is None or new == orig.text:
            continue
        real = os.path.realpath(target)
        if os.path.islink(target) and not any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
            outcome.problems.append(f"{orig.display}: is a symlink that leads outside the checked paths; not fixed")
            _drop_applied(outcome, orig.display)
            continue
        try:
            if orig.text is None:
                if os.path.exists(target):
                    outcome.problems.append(f"{orig.display}: appeared while fixing; not overwritten")
                    _drop_applied(outcome, orig.display)
                    continue
                _atomic_write(target, _encode(orig, new), None)
                continue
            st = os.stat(real)
            with open(real, "rb") as fh:
                current_raw = fh.read()
            if current_raw != orig.raw:
                outcome.problems.append(f"{orig.display}: changed on disk while fixing; left untouched")
                _drop_applied(outcome, orig.display)
                continue
            if not os.access(real, os.W_OK):
                outcome.problems.append(f"{orig.display}: is read-only; left untouched")
                _drop_applied(outcome, orig.display)
                continue
            _atomic_write(real, _encode(orig, new), stat.S_IMODE(st.st_mode))
        except OSError as exc:
            outcome.problems.append(f"{orig.display}: could not be written ({exc.strerror}); left untouched")
            _drop_applied(outcome, orig.display)


def _drop_applied(outcome: FixOutcome, display: str) -> None:
    outcome.applied = [a for a in outcome.applied if not a.startswith(display + ":")]


def _atomic_write(path: str, data: bytes, mode: int | None) -> None:
    directory = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".flylint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
