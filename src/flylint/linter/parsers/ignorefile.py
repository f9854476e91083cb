""".dockerignore: patterns with positions, and Docker's matching rules.

Docker cleans each pattern (``filepath.Clean``), drops a leading ``/``, supports ``*``, ``?``,
``[...]``, ``**`` (any number of directories) and ``!`` exceptions; the last matching pattern
wins, and a pattern that matches a directory excludes everything below it.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from flylint.base.records import record
from flylint.linter.source import SourceFile


@record(slots=True)
class IgnorePattern:
    pattern: str  # cleaned, without the leading "!"
    negated: bool
    line: int
    start: int
    end: int


@record
class IgnoreFile:
    source: SourceFile
    patterns: list[IgnorePattern]

    def is_excluded(self, path: str) -> bool:
        """Whether ``path`` (relative, '/'-separated) is left out of the build context."""
        path = path.strip("/")
        excluded = False
        for pat in self.patterns:
            if _matches(pat.pattern, path):
                excluded = not pat.negated
        return excluded

    def excludes_any(self, *paths: str) -> bool:
        return any(self.is_excluded(p) for p in paths)


def _clean(pattern: str) -> str:
    pattern = pattern.strip()
    if not pattern:
        return ""
    cleaned = posixpath.normpath(pattern.replace("\\", "/"))
    return cleaned.lstrip("/") or "."


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    out = ["^"]
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                i += 2
                if i < n and pattern[i] == "/":
                    i += 1
                    out.append("(?:.*/)?")
                else:
                    out.append(".*")
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end]
                negate = body[:1] in ("^", "!")
                # characters that mean something else inside a Python class ([ nests, && ~~ || are
                # set operations to come) are escaped so they stay literal, as in a Go pattern
                body = "".join("\\" + ch if ch in "[&~|\\" else ch for ch in body[negate:])
                out.append("[" + ("^" if negate else "") + body + "]")
                i = end
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    out.append("(?:/.*)?$")  # a matching directory excludes its contents
    return re.compile("".join(out))


def _matches(pattern: str, path: str) -> bool:
    if pattern == ".":
        return True
    try:
        return _regex(pattern).match(path) is not None
    except re.error:
        return False


def parse_ignorefile(source: SourceFile) -> IgnoreFile:
    patterns: list[IgnorePattern] = []
    offset = 0
    for lineno, raw in enumerate(source.text.split("\n"), 1):
        line_start = offset
        offset += len(raw) + 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        negated = stripped.startswith("!")
        body = stripped[1:] if negated else stripped
        cleaned = _clean(body)
        if not cleaned:
            continue
        lead = len(raw) - len(raw.lstrip())
        patterns.append(IgnorePattern(cleaned, negated, lineno, line_start + lead, line_start + len(raw.rstrip())))
    return IgnoreFile(source, patterns)
