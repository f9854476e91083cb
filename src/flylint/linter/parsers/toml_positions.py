"""Line/column index for a TOML document.

``tomllib`` (and tomlkit) keep no positions, so this module scans the raw text once and maps
every key path to where its key and its value are written. Paths use strings for keys and
integers for array indexes: ``("http_service", "checks", 0, "timeout")``.

The scanner trusts that ``tomllib`` has already accepted the text; on anything unexpected it
skips to the next line instead of failing, so positions degrade gracefully (callers fall back
to the nearest recorded ancestor).
"""

from __future__ import annotations

from flylint.base.records import field, record

Path = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_WS = " \t"


@record(slots=True)
class Entry:
    """Where one key path is written.

    ``key_start``/``key_end`` cover the key as written (the last dotted component, or the whole
    ``[header]``); ``value_start``/``value_end`` cover the value (for a table header, the header).
    """

    key_start: int
    key_end: int
    value_start: int
    value_end: int
    header: bool = False
    array_header: bool = False
    inline: bool = False  # written inside an inline table or array
    # YAML: the value is (inside) an anchored node that aliases share; its offsets are where the
    # anchor is written, and an edit there would change every alias or leave them dangling
    shared: bool = False


@record(slots=True)
class Header:
    path: Path
    start: int
    end: int
    is_array: bool


@record(slots=True)
class TomlIndex:
    entries: dict[Path, Entry] = field(default_factory=dict)
    headers: list[Header] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)  # (start, end) offsets

    def find(self, path: Path) -> tuple[Path, Entry] | None:
        """The entry for ``path`` or, failing that, its nearest recorded ancestor."""
        p = tuple(path)
        while p:
            entry = self.entries.get(p)
            if entry is not None:
                return p, entry
            p = p[:-1]
        return None


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.index = TomlIndex()
        self.table: Path = ()
        self.aot: dict[Path, int] = {}

    # -- low level ---------------------------------------------------------------------
    def skip_ws(self) -> None:
        s, n, i = self.s, self.n, self.i
        while i < n and s[i] in _WS:
            i += 1
        self.i = i

    def skip_ws_nl_comments(self) -> None:
        s, n = self.s, self.n
        while self.i < n:
            c = s[self.i]
            if c in " \t\r\n":
                self.i += 1
            elif c == "#":
                self.comment()
            else:
                break

    def comment(self) -> None:
        end = self.s.find("\n", self.i)
        end = self.n if end == -1 else end
        self.index.comments.append((self.i, end))
        self.i = end

    def skip_line(self) -> None:
        end = self.s.find("\n", self.i)
        self.i = self.n if end == -1 else end + 1

    # -- keys ----------------------------------------------------------------------------
    def key_part(self) -> tuple[str, int, int] | None:
        s, n = self.s, self.n
        start = self.i
        if start >= n:
            return None
        c = s[start]
        if c == '"':
            value, end = self.basic_string(start)
        elif c == "'":
            end = s.find("'", start + 1)
            if end == -1:
                return None
            value, end = s[start + 1 : end], end + 1
        else:
            end = start
            while end < n and s[end] in _BARE:
                end += 1
            if end == start:
                return None
            value = s[start:end]
        self.i = end
        return value, start, end

    def dotted_key(self) -> list[tuple[str, int, int]] | None:
        parts = []
        while True:
            self.skip_ws()
            part = self.key_part()
            if part is None:
                return None
            parts.append(part)
            self.skip_ws()
            if self.i < self.n and self.s[self.i] == ".":
                self.i += 1
                continue
            return parts

    # -- strings -------------------------------------------------------------------------
    def basic_string(self, start: int) -> tuple[str, int]:
        """Parse a one-line basic string starting at ``start`` (the quote)."""
        s, n = self.s, self.n
        i = start + 1
        out: list[str] = []
        while i < n:
            c = s[i]
            if c == "\\" and i + 1 < n:
                nxt = s[i + 1]
                simple = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "b": "\b", "f": "\f"}
                if nxt in simple:
                    out.append(simple[nxt])
                    i += 2
                    continue
                if nxt in "uU":
                    width = 4 if nxt == "u" else 8
                    try:
                        out.append(chr(int(s[i + 2 : i + 2 + width], 16)))
                    except ValueError:
                        pass
                    i += 2 + width
                    continue
                out.append(nxt)
                i += 2
                continue
            if c == '"' or c == "\n":
                return "".join(out), i + 1
            out.append(c)
            i += 1
        return "".join(out), n

    def skip_string(self) -> None:
        s, i = self.s, self.i
        if s.startswith('"""', i) or s.startswith("'''", i):
            quote = s[i : i + 3]
            j = i + 3
            while True:
                k = s.find(quote, j)
                if k == -1:
                    self.i = self.n
                    return
                if quote == '"""':
                    # count preceding backslashes
                    b = k - 1
                    slashes = 0
                    while b >= 0 and s[b] == "\\":
                        slashes += 1
                        b -= 1
                    if slashes % 2 == 1:
                        j = k + 1
                        continue
                # a closing delimiter may be followed by up to two extra quotes
                end = k + 3
                while end < self.n and end < k + 5 and s[end] == quote[0]:
                    end += 1
                self.i = end
                return
        if s[i] == '"':
            _, self.i = self.basic_string(i)
            return
        k = s.find("'", i + 1)
        self.i = self.n if k == -1 else k + 1

    # -- values --------------------------------------------------------------------------
    def value(self, path: Path) -> tuple[int, int]:
        """Scan one value at the cursor, recording nested entries; return its offsets."""
        s, n = self.s, self.n
        start = self.i
        if start >= n:
            return start, start
        c = s[start]
        if c in "\"'":
            self.skip_string()
        elif c == "[":
            self.i += 1
            idx = 0
            while True:
                self.skip_ws_nl_comments()
                if self.i >= n:
                    break
                if s[self.i] == "]":
                    self.i += 1
                    break
                if s[self.i] == ",":
                    self.i += 1
                    continue
                el_path = path + (idx,)
                vs, ve = self.value(el_path)
                if ve == vs:  # no progress: bail out of this array
                    self.skip_line()
                    break
                self.index.entries.setdefault(el_path, Entry(vs, ve, vs, ve, inline=True))
                idx += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip_ws()
                if self.i >= n or s[self.i] in "\n":
                    break
                if s[self.i] == "}":
                    self.i += 1
                    break
                if s[self.i] == ",":
                    self.i += 1
                    continue
                if not self.key_value(path, inline=True):
                    break
        else:
            i = start
            while i < n and s[i] not in ",]}\n#" and not (s[i] in _WS and not _datetime_space(s, i)):
                i += 1
            self.i = i
        return start, self.i

    def key_value(self, base: Path, inline: bool = False) -> bool:
        parts = self.dotted_key()
        if not parts:
            return False
        self.skip_ws()
        if self.i >= self.n or self.s[self.i] != "=":
            return False
        self.i += 1
        self.skip_ws()
        path = base
        for name, ks, ke in parts[:-1]:
            path = path + (name,)
            self.index.entries.setdefault(path, Entry(ks, ke, ks, ke, inline=inline))
        name, ks, ke = parts[-1]
        path = path + (name,)
        vs, ve = self.value(path)
        self.index.entries[path] = Entry(parts[0][1] if len(parts) == 1 else ks, ke, vs, ve, inline=inline)
        return True

    # -- headers -------------------------------------------------------------------------
    def header(self) -> None:
        s = self.s
        start = self.i
        is_array = s.startswith("[[", start)
        self.i += 2 if is_array else 1
        parts = self.dotted_key()
        if not parts:
            self.skip_line()
            return
        self.skip_ws()
        close = "]]" if is_array else "]"
        if not s.startswith(close, self.i):
            self.skip_line()
            return
        self.i += len(close)
        end = self.i
        resolved: Path = ()
        for pos, (name, _ks, _ke) in enumerate(parts):
            resolved = resolved + (name,)
            last = pos == len(parts) - 1
            if last and is_array:
                idx = self.aot.get(resolved, -1) + 1
                self.aot[resolved] = idx
                self.index.entries.setdefault(resolved, Entry(start, end, start, end, header=True, array_header=True))
                resolved = resolved + (idx,)
            elif resolved in self.aot:
                resolved = resolved + (self.aot[resolved],)
            if not last:
                self.index.entries.setdefault(resolved, Entry(start, end, start, end, header=True))
        self.index.entries[resolved] = Entry(start, end, start, end, header=True, array_header=is_array)
        self.index.headers.append(Header(resolved, start, end, is_array))
        self.table = resolved

    def run(self) -> TomlIndex:
        s, n = self.s, self.n
        while self.i < n:
            self.skip_ws_nl_comments()
            if self.i >= n:
                break
            c = s[self.i]
            if c == "[":
                self.header()
            elif not self.key_value(self.table):
                self.skip_line()
        return self.index


def _datetime_space(s: str, i: int) -> bool:
    """True for the space in a TOML datetime such as ``1979-05-27 07:32:00``."""
    return s[i] == " " and i >= 10 and s[i - 3] == "-" and i + 1 < len(s) and s[i + 1].isdigit()


def index_toml(text: str) -> TomlIndex:
    return _Scanner(text).run()


def header_key_parts(text: str, start: int) -> list[tuple[str, int, int]]:
    """The dotted key parts ``(name, start, end)`` of the ``[header]``/``[[header]]`` at ``start``."""
    scanner = _Scanner(text)
    scanner.i = start + (2 if text.startswith("[[", start) else 1)
    return scanner.dotted_key() or []
