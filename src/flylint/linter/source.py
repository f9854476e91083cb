"""One file's text with a line index: offset <-> (line, column) conversions; the file view.

Every parser reads through a :class:`SourceFile`, so each file is read and decoded once.
Columns count Unicode code points, 1-based (SARIF ``columnKind: unicodeCodePoints``).
Files are read through a :class:`FileView`: the disk, with the fix loop's texts in front of it.
"""

from __future__ import annotations

import bisect
import os
from typing import Any

from flylint.base.records import field, record
from flylint.linter.span import Span

MAX_FILE_BYTES = 2 * 1024 * 1024
# kinds read only to look for secrets: a byte that is not UTF-8 (a Latin-1 .properties file)
# is replaced rather than refused, since nothing is parsed and nothing is written back
LENIENT_KINDS = frozenset({"env_file", "config_file", "source_file"})

class UnreadableFile(Exception):
    """The file could not be read or decoded; the message says why."""


@record(eq=False)
class SourceFile:
    path: str  # as given / discovered (OS path)
    text: str
    display_path: str = ""  # relative to the working directory, with '/' separators
    kind: str = ""  # fly_toml, dockerfile, dockerignore, shell, workflow, ...
    newline: str = "\n"
    had_bom: bool = False
    mtime_ns: int = 0
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.display_path:
            self.display_path = display_path(self.path)
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._line_starts = starts

    @classmethod
    def read(cls, path: str, kind: str = "") -> SourceFile:
        """Read and decode ``path`` from disk (see :meth:`FileView.read` for the linter's view)."""
        from flylint.base.files import read_limited

        try:
            raw, st = read_limited(path, MAX_FILE_BYTES)
        except OSError as exc:
            raise UnreadableFile(exc.strerror or str(exc)) from None
        had_bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8-sig", "replace" if kind in LENIENT_KINDS else "strict")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"not valid UTF-8 (byte {exc.start})") from None
        newline = "\r\n" if "\r\n" in text else "\n"
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        return cls(path, text, kind=kind, newline=newline, had_bom=had_bom, mtime_ns=st.st_mtime_ns)

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_start(self, line: int) -> int:
        return self._line_starts[max(0, min(line, len(self._line_starts)) - 1)]

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its newline ('' when out of range)."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end == -1 else self.text[start:end]

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self._line_starts, offset) - 1
        return idx + 1, offset - self._line_starts[idx] + 1

    def offset(self, line: int, column: int) -> int:
        if line > len(self._line_starts):
            return len(self.text)
        return min(self._line_starts[max(line, 1) - 1] + max(column, 1) - 1, len(self.text))

    def span(self, start: int, end: int) -> Span:
        """Span for the offsets ``[start, end)``."""
        end = max(end, start)
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col, start, end)

    def line_span(self, line: int) -> Span:
        """Span covering the text of 1-based ``line`` (without leading indentation)."""
        text = self.line_text(line)
        start = self.line_start(line) + (len(text) - len(text.lstrip()))
        return self.span(start, self.line_start(line) + len(text.rstrip()))

    def snippet(self, span: Span) -> str:
        return self.text[span.start : span.end]


def display_path(path: str) -> str:
    """``path`` relative to the working directory when inside it, with '/' separators."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # different drive on Windows
        rel = path
    if rel.startswith(".." + os.sep) or rel == "..":
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


class FileView:
    """The files as the linter sees them: the disk, with some texts replaced or added in memory.

    A plain run uses an empty view, which is the disk. The fix loop creates one (incremental) view per
    attempt, puts each round's fixed texts in it (``view[path] = text``; a path that does not
    exist yet is a file a fix created) and lints through it, so every round sees the fixed text
    and nothing is written before the loop is over. Everything that asks whether a file exists
    or reads one while linting (discovery, projects, rules through the project) goes through the
    view it was given. Keys are absolute paths.
    """

    __slots__ = ("__weakref__", "_by_dir", "_changed", "_parsed", "_texts", "incremental")

    def __init__(self, incremental: bool = False) -> None:
        self._texts: dict[str, str] = {}
        self._by_dir: dict[str, set[str]] = {}  # directory -> names held in memory there
        self._changed: set[str] = set()  # paths set since the last take_changes()
        # the linter may keep the projects of the last lint through this view and, next time,
        # re-lint only those the changed paths touch (the fix loop's rounds)
        self.incremental = incremental
        # incremental only: (path, kind) -> (source, parse result) of files read or parsed through
        # this view, reused while the file's text stays the same (see parsed())
        self._parsed: dict[tuple[str, str], tuple[SourceFile, Any]] = {}

    def __setitem__(self, path: str, text: str) -> None:
        key = os.path.abspath(path)
        self._texts[key] = text
        self._changed.add(key)
        directory, name = os.path.split(key)
        self._by_dir.setdefault(directory, set()).add(name)

    def take_changes(self) -> set[str]:
        """The absolute paths set since the last call (and forget them)."""
        changed, self._changed = self._changed, set()
        return changed

    def get(self, path: str) -> str | None:
        """The in-memory text of ``path``, or ``None`` when the disk is authoritative."""
        # a check holds nothing in memory: no path to make absolute (rules ask ~100 times a project)
        return self._texts.get(os.path.abspath(path)) if self._texts else None

    def __contains__(self, path: str) -> bool:
        return bool(self._texts) and os.path.abspath(path) in self._texts

    def __bool__(self) -> bool:
        return bool(self._texts)

    def paths(self) -> list[str]:
        """The absolute paths held in memory, sorted."""
        return sorted(self._texts)

    def names_in(self, directory: str) -> list[str]:
        """The names of the files held in memory directly in ``directory``, sorted."""
        if not self._by_dir:
            return []
        return sorted(self._by_dir.get(os.path.abspath(directory), ()))

    def isfile(self, path: str) -> bool:
        """``os.path.isfile``, true also for a file that exists only in memory."""
        return path in self or os.path.isfile(path)

    def exists(self, path: str) -> bool:
        return path in self or os.path.exists(path)

    def remember_parse(self, source: SourceFile, kind: str, parsed: Any) -> None:
        """Keep ``source`` and what parsing it as ``kind`` gave (incremental views only)."""
        if self.incremental:
            self._parsed[(os.path.abspath(source.path), kind)] = (source, parsed)

    def parsed(self, path: str, kind: str) -> tuple[SourceFile, Any] | None:
        """The source and parse result remembered for ``path`` as ``kind``, if its text (the
        in-memory one, else the disk's as first read through this view) is still the same."""
        if not self._parsed:
            return None
        key = os.path.abspath(path)
        hit = self._parsed.get((key, kind))
        if hit is None:
            return None
        text = self._texts.get(key)
        return hit if text is None or hit[0].text == text else None

    def read(self, path: str, kind: str = "") -> SourceFile:
        """``path`` as a :class:`SourceFile`: the in-memory text, else the disk's."""
        text = self.get(path)
        if text is not None:
            return SourceFile(path, text, kind=kind)
        return SourceFile.read(path, kind)
