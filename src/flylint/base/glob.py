"""Glob matching in linear time, whatever the pattern (no backtracking regex).

A glob from a repository (a ``.dockerignore`` line, a ``per-file-ignores`` key, a detect
signal's ``files``) is untrusted: translated to a backtracking regex, ``**********a`` takes
exponential time on a long name. Here a pattern compiles to a small automaton (one state per
pattern element) that is simulated over the text with the set of live states kept as the bits
of an int, so matching costs at most O(len(pattern) × len(text)) and usually one comparison of
a literal prefix.

Two dialects:

- ``docker`` (``.dockerignore``, Go's ``filepath.Match`` as moby extends it): ``*`` and ``?``
  do not match ``/``; ``**`` matches anything; ``**/`` matches zero or more directories;
  ``[...]``/``[^...]``/``[!...]`` classes; ``\\x`` escapes ``x``; a pattern that matches a
  directory also matches everything below it.
- ``fnmatch`` (Python's ``fnmatch.fnmatchcase``, used for configuration globs): ``*`` matches
  anything including ``/``, ``?`` one character, ``[seq]``/``[!seq]`` classes; no escapes.

A malformed class (``[]``, ``[z-a]``) makes a docker pattern match nothing, as the regex it
replaces did; in fnmatch an unclosed ``[`` is a literal, as in Python.
"""

from __future__ import annotations

from functools import lru_cache

MAX_WILDCARDS = 64  # wildcards (after merging runs) in one pattern; more: the pattern matches nothing
MAX_PATTERN_LENGTH = 4096  # elements (characters, classes) in one pattern: a path is never longer

# token kinds
_LIT, _ONE, _CLS, _STAR, _SKIP = range(5)


class _Class:
    __slots__ = ("items", "negate")

    def __init__(self, items: tuple[tuple[str, str], ...], negate: bool) -> None:
        self.items = items  # (low, high) ranges, inclusive
        self.negate = negate

    def __contains__(self, ch: str) -> bool:
        hit = any(lo <= ch <= hi for lo, hi in self.items)
        return hit != self.negate


class _Bad(Exception):
    """The pattern can never match (an empty class or a reversed range)."""


def _class_items(body: str) -> tuple[tuple[str, str], ...]:
    items: list[tuple[str, str]] = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if i + 2 < n and body[i + 1] == "-":
            hi = body[i + 2]
            if hi < c:
                raise _Bad
            items.append((c, hi))
            i += 3
        else:
            items.append((c, c))
            i += 1
    if not items:
        raise _Bad
    return tuple(items)


def _tokens_docker(pattern: str) -> list[tuple[int, object]]:
    toks: list[tuple[int, object]] = []
    i, n = 0, len(pattern)
    last_close = pattern.rfind("]")  # no search past it: "[" * 10**6 stays linear
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                i += 2
                if i < n and pattern[i] == "/":
                    i += 1
                    # (?:.*/)? : skip the group, or anything then a slash
                    toks.append((_SKIP, 3))
                    toks.append((_STAR, False))
                    toks.append((_LIT, "/"))
                else:
                    toks.append((_STAR, False))
                continue
            toks.append((_STAR, True))
        elif c == "?":
            toks.append((_ONE, True))
        elif c == "[":
            end = pattern.find("]", i + 1) if i < last_close else -1
            if end == -1:
                toks.append((_LIT, c))
            else:
                body = pattern[i + 1 : end]
                negate = body[:1] in ("^", "!")
                toks.append((_CLS, _Class(_class_items(body[negate:]), negate)))
                i = end
        elif c == "\\" and i + 1 < n:
            i += 1
            toks.append((_LIT, pattern[i]))
        else:
            toks.append((_LIT, c))
        i += 1
    return toks


def _tokens_fnmatch(pattern: str) -> list[tuple[int, object]]:
    toks: list[tuple[int, object]] = []
    i, n = 0, len(pattern)
    last_close = pattern.rfind("]")
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            toks.append((_STAR, False))
        elif c == "?":
            toks.append((_ONE, False))
        elif c == "[":
            j = i
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            j = pattern.find("]", j) if j <= last_close else -1
            if j == -1:
                toks.append((_LIT, "["))
                continue
            body = pattern[i:j]
            i = j + 1
            negate = body.startswith("!")
            if negate:
                body = body[1:]
            if not body:  # "[!]" : Python matches nothing; "[]" cannot occur (] is taken as a member)
                raise _Bad
            try:
                items = _class_items(body)
            except _Bad:
                # Python drops reversed ranges; a class left empty matches nothing (or, negated, anything)
                items = tuple(r for r in _ranges_lenient(body) if r[0] <= r[1])
                if not items:
                    if not negate:
                        raise
                    toks.append((_ONE, False))
                    continue
            toks.append((_CLS, _Class(items, negate)))
        else:
            toks.append((_LIT, c))
    return toks


def _ranges_lenient(body: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i, n = 0, len(body)
    while i < n:
        if i + 2 < n and body[i + 1] == "-":
            out.append((body[i], body[i + 2]))
            i += 3
        else:
            out.append((body[i], body[i]))
            i += 1
    return out


def _collapse(toks: list[tuple[int, object]]) -> list[tuple[int, object]]:
    """Merge runs of stars (``[^/]*[^/]*`` is ``[^/]*``; ``.*`` absorbs ``[^/]*``). Only shortens,
    the language is unchanged. A skip's group (skip, star, ``/``) is never cut: its star follows
    the skip, not a star, and the relative jump of 3 stays right."""
    out: list[tuple[int, object]] = []
    for kind, arg in toks:
        if kind == _STAR and out and out[-1][0] == _STAR:
            if not arg:  # the merged star may match '/'
                out[-1] = (_STAR, False)
            continue
        out.append((kind, arg))
    return out


class Glob:
    """A compiled glob; :meth:`match` tells whether a whole string matches."""

    __slots__ = ("_clo", "_dir_prefix", "_eps", "_final", "_masks", "_never", "_prefix", "_start", "_suffix",
                 "_toks", "pattern", "too_complex")

    def __init__(self, pattern: str, dialect: str = "fnmatch") -> None:
        self.pattern = pattern
        self._dir_prefix = dialect == "docker"
        self._masks: dict[str, tuple[int, int]] = {}
        self._never = False
        try:
            toks = _tokens_docker(pattern) if dialect == "docker" else _tokens_fnmatch(pattern)
        except _Bad:
            toks, self._never = [], True
        toks = _collapse(toks)
        # each wildcard is a state the automaton may have to follow at every character, and each
        # element a bit of every state set: past these bounds (no real ignore file comes near
        # them) the pattern matches nothing and says so
        self.too_complex = (len(toks) > MAX_PATTERN_LENGTH
                            or sum(1 for kind, _ in toks if kind in (_STAR, _SKIP)) > MAX_WILDCARDS)
        if self.too_complex:
            toks, self._never = [], True
        self._toks = toks
        m = len(toks)
        # literal prefix: compared as a string, the automaton starts after it
        p = 0
        while p < m and toks[p][0] == _LIT:
            p += 1
        self._prefix = "".join(str(arg) for _, arg in toks[:p])
        # `*.egg-info`, `prefix*suffix`: one star that may match anything, then only literals, is
        # a prefix and a suffix test (the common shape of exclude patterns), no automaton run
        self._suffix: str | None = None
        tail = toks[p:]
        if (not self._dir_prefix and tail and tail[0] == (_STAR, False)
                and all(kind == _LIT for kind, _ in tail[1:])):
            self._suffix = "".join(str(arg) for _, arg in tail[1:])
        # closure of each state over the empty moves (stars may match nothing, skips jump)
        clo = [0] * (m + 1)
        clo[m] = 1 << m
        eps = 0
        for k in range(m - 1, -1, -1):
            kind, arg = toks[k]
            c = 1 << k
            if kind == _STAR:
                c |= clo[k + 1]
                eps |= 1 << k
            elif kind == _SKIP:
                assert isinstance(arg, int)
                c |= clo[k + 1] | clo[k + arg]
                eps |= 1 << k
            clo[k] = c
        self._clo = clo
        self._eps = eps
        self._final = 1 << m
        self._start = p

    def _closure(self, states: int) -> int:
        pending = states & self._eps
        clo = self._clo
        while pending:
            low = pending & -pending
            states |= clo[low.bit_length() - 1]
            pending ^= low
        return states

    def _masks_for(self, ch: str) -> tuple[int, int]:
        """(states that consume ``ch`` and advance, star states that consume ``ch`` and stay)."""
        got = self._masks.get(ch)
        if got is not None:
            return got
        adv = stay = 0
        for k, (kind, arg) in enumerate(self._toks):
            if kind == _LIT:
                if arg == ch:
                    adv |= 1 << k
            elif kind == _ONE:
                if not (arg and ch == "/"):
                    adv |= 1 << k
            elif kind == _CLS:
                assert isinstance(arg, _Class)
                if ch in arg:
                    adv |= 1 << k
            elif kind == _STAR and not (arg and ch == "/"):
                stay |= 1 << k
        if len(self._masks) < 256:
            self._masks[ch] = (adv, stay)
        return adv, stay

    def match(self, text: str) -> bool:
        if self._never:
            return False
        prefix = self._prefix
        if not text.startswith(prefix):
            return False
        suffix = self._suffix
        if suffix is not None:
            return len(text) >= len(prefix) + len(suffix) and text.endswith(suffix)
        final = self._final
        states = self._closure(1 << self._start)
        dir_prefix = self._dir_prefix
        for i in range(len(prefix), len(text)):
            ch = text[i]
            if dir_prefix and ch == "/" and states & final:
                return True  # a matching directory: everything below it matches too
            adv, stay = self._masks_for(ch)
            states = ((states & adv) << 1) | (states & stay)
            if not states:
                return False
            states = self._closure(states)
        return bool(states & final)


@lru_cache(maxsize=4096)
def compile_glob(pattern: str, dialect: str = "fnmatch") -> Glob:
    return Glob(pattern, dialect)


def fnmatchcase(name: str, pattern: str) -> bool:
    """``fnmatch.fnmatchcase`` in linear time."""
    return compile_glob(pattern, "fnmatch").match(name)
