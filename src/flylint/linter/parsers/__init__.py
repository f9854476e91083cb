"""Position-aware parsers: fly.toml (TOML/JSON/YAML), Dockerfile, shell, workflows, ignore files.

Each parser takes a :class:`~flylint.linter.source.SourceFile` and returns a model whose nodes
carry offsets into that file. A file that cannot be parsed raises :class:`ParseError` with the
1-based line and column of the problem; the engine turns it into a ``*000`` finding.
"""

from __future__ import annotations


class ParseError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(1, line)
        self.column = max(1, column)
