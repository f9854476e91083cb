""".dockerignore: patterns with positions, and Docker's matching rules.

Patterns are matched by :mod:`flylint.base.glob` (linear time whatever the pattern).
Docker cleans each pattern (``filepath.Clean``), drops a leading ``/``, supports ``*``, ``?``,
``[...]``, ``**`` (any number of directories) and ``!`` exceptions; the last matching pattern
wins, and a pattern that matches a directory excludes everything below it.
"""

from __future__ import annotations

import posixpath

from flylint.base.glob import MAX_PATTERN_LENGTH, MAX_WILDCARDS, Glob, compile_glob
from flylint.base.records import field, record
from flylint.linter.parsers import ParseError
from flylint.linter.source import SourceFile


@record(slots=True)
class IgnorePattern:
    pattern: str  # cleaned, without the leading "!"
    negated: bool
    line: int
    start: int
    end: int
    _glob: Glob | None = field(default=None, repr=False)

    def matches(self, path: str) -> bool:
        """Whether the pattern (ignoring ``!``) matches ``path`` or a directory above it."""
        if self.pattern == ".":
            return True
        if self._glob is None:
            self._glob = compile_glob(self.pattern, "docker")  # shared: the same template in many projects
        return self._glob.match(path)


@record
class IgnoreFile:
    source: SourceFile
    patterns: list[IgnorePattern]
    _verdicts: dict[str, bool] = field(default_factory=dict, repr=False)

    def is_excluded(self, path: str) -> bool:
        """Whether ``path`` (relative, '/'-separated) is left out of the build context."""
        path = path.strip("/")
        known = self._verdicts.get(path)
        if known is not None:
            return known
        excluded = False
        # the last matching pattern wins: read from the end, stop at the first match
        for pat in reversed(self.patterns):
            if pat.matches(path):
                excluded = not pat.negated
                break
        if len(self._verdicts) < 4096:
            self._verdicts[path] = excluded
        return excluded

    def excludes_any(self, *paths: str) -> bool:
        return any(self.is_excluded(p) for p in paths)


def _clean(pattern: str) -> str:
    pattern = pattern.strip()
    if not pattern:
        return ""
    cleaned = posixpath.normpath(pattern.replace("\\", "/"))
    return cleaned.lstrip("/") or "."


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
        if compile_glob(cleaned, "docker").too_complex:
            raise ParseError(f"line {lineno}: a pattern longer than {MAX_PATTERN_LENGTH} characters or with more than "
                             f"{MAX_WILDCARDS} wildcards; flylint does not match patterns this complex (a real "
                             ".dockerignore never needs them)", lineno, lead + 1)
        patterns.append(IgnorePattern(cleaned, negated, lineno, line_start + lead, line_start + len(raw.rstrip())))
    return IgnoreFile(source, patterns)
