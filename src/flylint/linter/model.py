"""Core value types: positions, findings and fixes.

Positions are 1-based lines and columns. ``end_column`` is exclusive (the column just after
the last character), as in SARIF and ruff, so a one-character span on column 5 is ``5..6``.
Offsets are 0-based indexes into the file's text and are what edits use.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from flylint.base.records import field, record
from flylint.linter.span import Span

if TYPE_CHECKING:
    from flylint.linter.source import SourceFile

__all__ = ["Applicability", "Edit", "Finding", "FindingKind", "Fix", "Severity", "Span", "Violation"]


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered so that ``Severity.ERROR > Severity.INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected one of: error, warning, info)"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


class FindingKind(enum.Enum):
    """What a finding is: a rule's verdict, or a check that could not run."""

    RULE = "rule"  # a rule found a problem
    PARSE_ERROR = "parse_error"  # the file could not be read or parsed (``*000`` codes); its rules did not run
    INTERNAL_ERROR = "internal_error"  # a rule crashed on the file (under the rule's code); it was skipped there

    @property
    def is_error(self) -> bool:
        """The check could not run (not a verdict about the file's content)."""
        return self is not FindingKind.RULE

    def __str__(self) -> str:
        return self.value


class Applicability(enum.Enum):
    """Whether a fix keeps the meaning of the configuration (safe) or may change it (unsafe)."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@record(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of ``path`` with ``content``.

    ``path`` is ``None`` for the file the finding is in. An edit with ``create=True`` writes a
    new file at ``path`` (which must not exist) with ``content``.
    """

    start: int
    end: int
    content: str
    path: str | None = None
    create: bool = False


@record(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@record(slots=True)
class Violation:
    """What a rule yields: where, what, and optionally how to fix it.

    ``source`` is needed only when a rule reports on a file other than the one it was given
    (cross-file and project rules). ``snippet`` is a non-secret, normalised text used for
    fingerprints (defaults to the source text of the span).
    """

    span: Span
    message: str
    fix: Fix | None = None
    source: SourceFile | None = None
    snippet: str | None = None


@record(slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    fix: Fix | None = None
    snippet: str = ""
    tags: tuple[str, ...] = ()
    source: SourceFile | None = field(default=None, repr=False, compare=False)
    kind: FindingKind = FindingKind.RULE

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)
