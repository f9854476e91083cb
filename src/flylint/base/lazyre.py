"""Regular expressions compiled on first use.

Compiling the larger patterns costs up to 2 ms each, and every rule module is imported on every
run, while most patterns are needed only when a file contains something specific. ``lazy(p)``
behaves like ``re.compile(p)`` for the methods below (typed as :class:`re.Pattern`'s) but
compiles when first used.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, AnyStr, Generic

#: the methods below: once compiled, the instance holds the compiled pattern's own (bound,
#: written in C), so a call costs what it costs on a compiled pattern, not two Python calls more
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub")


class LazyPattern(Generic[AnyStr]):
    def __init__(self, pattern: AnyStr, flags: int = 0) -> None:
        self._pattern: AnyStr = pattern
        self._flags = flags
        self._compiled: re.Pattern[AnyStr] | None = None

    def compiled(self) -> re.Pattern[AnyStr]:
        if self._compiled is None:
            compiled = re.compile(self._pattern, self._flags)
            self.__dict__.update({name: getattr(compiled, name) for name in _METHODS})
            self._compiled = compiled
        return self._compiled

    @property
    def pattern(self) -> AnyStr:
        return self._pattern

    def search(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().search(string, pos, endpos)

    def match(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[AnyStr]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        # strings, or tuples of groups when the pattern has several (typed as re.Pattern's)
        return self.compiled().findall(string, pos, endpos)

    def split(self, string: AnyStr, maxsplit: int = 0) -> list[AnyStr]:
        return self.compiled().split(string, maxsplit)

    def sub(self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr, count: int = 0) -> AnyStr:
        return self.compiled().sub(repl, string, count)

    def __repr__(self) -> str:
        return f"lazy({self._pattern!r})"


def lazy(pattern: AnyStr, flags: int = 0) -> LazyPattern[AnyStr]:
    return LazyPattern(pattern, flags)
