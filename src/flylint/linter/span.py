"""Span: a region of one file, 1-based line/column (end column exclusive) plus 0-based offsets.

Its own module so that :mod:`flylint.linter.source` (which makes spans) and
:mod:`flylint.linter.model` (findings that carry spans and their source) import in one
direction: model -> source -> span.
"""

from __future__ import annotations

from flylint.base.records import record


@record(frozen=True, slots=True)
class Span:
    """A region of one file: 1-based line/column, end column exclusive, plus 0-based offsets."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0

    @classmethod
    def whole_line(cls, line: int) -> Span:
        return cls(line, 1, line, 1)
