"""Position-aware parsers: fly.toml (TOML/JSON/YAML), Dockerfile, shell, workflows, ignore files.

Each parser takes a :class:`~flylint.linter.source.SourceFile` and returns a model whose nodes
carry offsets into that file. A file that cannot be parsed raises :class:`ParseError` with the
1-based line and column of the problem; the engine turns it into a ``*000`` finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flylint.linter.source import SourceFile


class ParseError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(1, line)
        self.column = max(1, column)


def reason(exc: BaseException) -> str:
    """An exception's message without the advice Python appends after a ``;`` (for a developer,
    such as "use sys.set_int_max_str_digits() to increase the limit"), which a flylint user
    cannot act on."""
    return str(exc).split(";")[0].strip()


def number_too_long(source: SourceFile, what: str, exc: ValueError) -> ParseError:
    """The parse error for ``exc``, a ``ValueError`` that is not a syntax error of the parser.

    In practice that is Python refusing to convert an integer of more digits than
    ``sys.get_int_max_str_digits()`` allows (4300 by default, a guard against slow
    conversions); flyctl cannot read such a number either. The error points at the first run
    of that many digits.
    """
    import re
    import sys

    limit = sys.get_int_max_str_digits()
    m = re.search(rf"\d{{{limit + 1},}}", source.text) if limit else None
    if m is None:
        return ParseError(f"invalid {what}: {reason(exc)}", 1, 1)
    line, column = source.position(m.start())
    return ParseError(f"invalid {what}: a number of {len(m.group(0))} digits, too long to read", line, column)
