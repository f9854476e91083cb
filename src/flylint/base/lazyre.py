"""Regular expressions compiled on first use.

Compiling the larger patterns costs up to 2 ms each, and every rule module is imported on every
run, while most patterns are needed only when a file contains something specific. ``lazy(p)``
behaves like ``re.compile(p)`` (``search``, ``match``, ``finditer`` … are forwarded) but
compiles when first used.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
