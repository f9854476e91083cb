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
from collections.abc import Callable

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
    used_codes: dict[int, set[str]] = field(default_factory=dict)  # comment line -> its codes that suppressed

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
            naming = [ln for ln, codes in sorted(self.file_lines.items()) if codes & keys]
            for ln in naming:
                self.used.add(ln)
                self.used_codes.setdefault(ln, set()).update(self.file_lines[ln] & keys)
            line = naming[0] if naming else 0
            return Suppression(line, self.reasons.get(line, ""), True)
        for line in lines:
            codes = self.by_line.get(line)
            if codes and codes & keys:
                found = sorted(int(ln) for ln in self.by_line.get(-line, ()))
                self.used.update(found)
                for ln in found:
                    hit = self.directive_lines.get(ln, set()) & keys
                    if hit:
                        self.used_codes.setdefault(ln, set()).update(hit)
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


@record(frozen=True, slots=True)
class DirectiveProblem:
    """A code in a suppression comment that is unknown, or that suppressed nothing."""

    line: int
    code: str  # as normalised by the scanner (``*`` for a bare ``ignore``)
    written: str  # as written in the comment ('' for a bare ``ignore``)
    start: int  # offsets into the source text of the code as written (the comment for a bare one)
    end: int
    unknown: bool


def directive_problems(source: SourceFile, sup: Suppressions, is_known: Callable[[str], bool],
                       is_judged: Callable[[str], bool]) -> list[DirectiveProblem]:
    """Codes of ``sup``'s comments that ``is_known`` rejects, and codes that suppressed nothing
    although ``is_judged`` says their rule ran (``*`` for a comment without codes)."""
    out: list[DirectiveProblem] = []
    for line, codes in sorted(sup.directive_lines.items()):
        text = source.line_text(line)
        m = _DIRECTIVE.match(text)
        if m is None:
            continue
        base = source.line_start(line)
        used = sup.used_codes.get(line, set())
        if m.group(2) is None or codes == {ALL}:
            if not used and is_judged(ALL):
                start = base + len(text) - len(text.lstrip())
                out.append(DirectiveProblem(line, ALL, "", start, base + len(text.rstrip()), False))
            continue
        for part in re.finditer(r"[^,\s]+", m.group(2)):
            written = part.group(0)
            code = written.upper() if re.match(r"^[A-Za-z]+\d+$", written) else written.lower()
            start = base + m.start(2) + part.start()
            if not is_known(code):
                out.append(DirectiveProblem(line, code, written, start, start + len(written), True))
            elif code not in used and is_judged(code):
                out.append(DirectiveProblem(line, code, written, start, start + len(written), False))
    return out


def removal_edit(source: SourceFile, line: int, drop: set[str]) -> tuple[int, int, str]:
    """The edit (start, end, text) that removes the codes ``drop`` from the comment on ``line``,
    or the whole comment line when nothing else is left in it."""
    text = source.line_text(line)
    m = _DIRECTIVE.match(text)
    start = source.line_start(line)
    whole = (start, min(start + len(text) + 1, len(source.text)), "")
    if m is None or m.group(2) is None:
        return whole
    kept = [p for p in re.findall(r"[^,\s]+", m.group(2))
            if (p.upper() if re.match(r"^[A-Za-z]+\d+$", p) else p.lower()) not in drop]
    if not kept:
        return whole
    return start + m.start(2), start + m.end(2), ", ".join(kept)
