"""Core value types: positions, findings and fixes.

Positions are 1-based lines and columns. ``end_column`` is exclusive (the column just after
the last character), as in SARIF and ruff, so a one-character span on column 5 is ``5..6``.
Offsets are 0-based indexes into the file's text and are what edits use.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from flylint.base.records import field, record
from flylint.linter.span import Span

if TYPE_CHECKING:
    from flylint.linter.source import SourceFile

__all__ = ["Applicability", "DeferredEdits", "Edit", "Finding", "FindingKind", "Fix", "Severity", "Span", "Violation"]


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


class DeferredEdits(Sequence[Edit]):
    """A fix's edits, computed the first time they are read.

    Some edits cost a library import (tomlkit for the fly.toml fixes that add a key or a
    table): a plain check only says that a fix exists, so ``bool()`` is true without computing
    anything; iterating, indexing, ``len()``, ``==`` and ``hash()`` compute the edits once. A
    builder that cannot make its edit returns ``()``, and the fix then does nothing.
    """

    __slots__ = ("_build", "_edits")

    def __init__(self, build: Callable[[], Sequence[Edit]]) -> None:
        self._build: Callable[[], Sequence[Edit]] | None = build
        self._edits: tuple[Edit, ...] = ()

    def _get(self) -> tuple[Edit, ...]:
        if self._build is not None:
            build, self._build = self._build, None
            self._edits = tuple(build())
        return self._edits

    def __bool__(self) -> bool:
        return self._build is not None or bool(self._edits)

    def __len__(self) -> int:
        return len(self._get())

    @overload
    def __getitem__(self, index: int) -> Edit: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Edit, ...]: ...
    def __getitem__(self, index: int | slice) -> Edit | tuple[Edit, ...]:
        return self._get()[index]

    def __iter__(self) -> Iterator[Edit]:
        return iter(self._get())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredEdits):
            other = other._get()
        return isinstance(other, tuple) and self._get() == other

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return "DeferredEdits(...)" if self._build is not None else f"DeferredEdits({self._edits!r})"

    def __reduce__(self) -> tuple[Any, tuple[tuple[Edit, ...]]]:
        # sent to another process (flylint.linter.parallel) as the edits, computed here first
        return (_built_edits, (self._get(),))


def _built_edits(edits: tuple[Edit, ...]) -> DeferredEdits:
    out = DeferredEdits(tuple)
    out._build, out._edits = None, edits
    return out


@record(frozen=True, slots=True)
class Fix:
    title: str
    edits: Sequence[Edit]  # a tuple, or DeferredEdits computed when the fix is applied
    applicability: Applicability = Applicability.SAFE

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@record(slots=True)
class Violation:
    """What a rule yields: where, what, and optionally how to fix it.

    ``source`` is needed only when a rule reports on a file other than the one it was given
    (cross-file and project rules). ``snippet`` is a non-secret, normalised text used for
    fingerprints (defaults to the source text of the span). ``severity`` lowers one finding
    below the rule's severity when the evidence for it is weaker (a value that may be a
    placeholder, a base image whose user is not known); it never raises it: the rule's
    severity is the highest it reports (see docs/severity.md).
    """

    span: Span
    message: str
    fix: Fix | None = None
    source: SourceFile | None = None
    snippet: str | None = None
    severity: Severity | None = None


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
