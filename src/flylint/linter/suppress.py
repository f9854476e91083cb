"""Inline suppressions, written as full-line comments in any of the file kinds we read.

- ``# flylint: ignore[DKR001] reason`` on its own line suppresses those codes on the next
  line that is not a comment (so several suppression comments may be stacked). Rule names
  work as well as codes; ``# flylint: ignore`` without brackets suppresses every rule there.
- ``# flylint: ignore-file[DKR001]`` anywhere in the file suppresses those codes in the file.

Full-line only: a Dockerfile treats a trailing ``#`` as part of the instruction, so one syntax
that works the same in TOML, Dockerfile, shell and YAML has to sit on its own line.
"""

from __future__ import annotations

import re

from flylint.base.lazyre import lazy
from flylint.base.records import field, record
from flylint.linter.source import SourceFile

_DIRECTIVE = lazy(r"^\s*#\s*flylint:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?(.*)$", re.IGNORECASE)
ALL = "*"


@record(frozen=True, slots=True)
class Suppression:
    """The comment that suppressed a finding: its line, the reason written after it, its scope."""

    line: int
    reason: str = ""  # the text after ``ignore[...]``, as written (may be empty)
    file_wide: bool = False


@record
class Suppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)  # target line -> codes/names
    file_wide: set[str] = field(default_factory=set)
    directive_lines: dict[int, set[str]] = field(default_factory=dict)  # comment line -> codes
    used: set[int] = field(default_factory=set)  # comment lines that suppressed something
    reasons: dict[int, str] = field(default_factory=dict)  # comment line -> reason text
    file_lines: dict[int, set[str]] = field(default_factory=dict)  # ignore-file comment line -> codes

    @classmethod
    def scan(cls, source: SourceFile) -> Suppressions:
        sup = cls()
        if "flylint:" not in source.text:
            return sup
        lines = source.text.split("\n")
        pending: list[tuple[int, set[str]]] = []
        for lineno, line in enumerate(lines, 1):
            stripped = line.strip()
            m = _DIRECTIVE.match(line)
            if m:
                kind = m.group(1).lower()
                codes = _codes(m.group(2))
                reason = m.group(3).strip()
                if reason:
                    sup.reasons[lineno] = reason
                if kind == "ignore-file":
                    sup.file_wide |= codes
                    sup.file_lines[lineno] = codes
                    sup.directive_lines[lineno] = codes
                else:
                    pending.append((lineno, codes))
                    sup.directive_lines[lineno] = codes
                continue
            if stripped.startswith("#"):
                continue  # other comments keep pending suppressions alive
            if pending:
                if stripped:
                    target = sup.by_line.setdefault(lineno, set())
                    for _, codes in pending:
                        target |= codes
                    sup.by_line.setdefault(-lineno, set()).update(str(ln) for ln, _ in pending)
                pending = []
        return sup

    def is_suppressed(self, lines: list[int], code: str, name: str) -> bool:
        return self.match(lines, code, name) is not None

    def match(self, lines: list[int], code: str, name: str) -> Suppression | None:
        """The comment that suppresses ``code``/``name`` on one of ``lines``, or ``None``."""
        keys = {code.upper(), name.lower(), ALL}
        if self.file_wide & keys:
            line = next((ln for ln, codes in sorted(self.file_lines.items()) if codes & keys), 0)
            return Suppression(line, self.reasons.get(line, ""), True)
        for line in lines:
            codes = self.by_line.get(line)
            if codes and codes & keys:
                found = sorted(int(ln) for ln in self.by_line.get(-line, ()))
                self.used.update(found)
                # of the stacked comments above the line, the one naming this code
                own = [ln for ln in found if self.directive_lines.get(ln, set()) & keys] or found
                first = own[0] if own else 0
                return Suppression(first, self.reasons.get(first, ""), False)
        return None


def _codes(text: str | None) -> set[str]:
    if text is None:
        return {ALL}
    out = set()
    for part in re.split(r"[,\s]+", text):
        part = part.strip()
        if part:
            out.add(part.upper() if re.match(r"^[A-Za-z]+\d+$", part) else part.lower())
    return out or {ALL}
