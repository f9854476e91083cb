"""Format-preserving edits for fly.toml fixes.

Two kinds, each where it is the smaller and surer tool:

- offset edits computed from the position index, for changes within a line or of whole lines
  (replace one value, delete one ``key = value`` line, rename a key or a header): they touch
  only the bytes they must;
- structural edits (add a key to a table, add a ``[[table.name]]`` entry, move a key to the top
  level), which tomlkit makes (:mod:`flylint.linter.tomldoc`). The position index picks the
  block of the file the change belongs to; the edit is deferred
  (:class:`~flylint.linter.model.DeferredEdits`), so tomlkit is imported only when a fix is
  applied, never on a plain check.

The fix engine re-parses the result, so an edit that would break the TOML is never written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flylint.base.lazyre import lazy
from flylint.linter.model import DeferredEdits, Edit
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.parsers.toml_positions import Entry, Header, Path

_BARE_KEY = lazy(r"^[A-Za-z0-9_-]+$")


def toml_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        import json

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_literal(key)


def replace_value(cfg: FlyConfig, path: Path, literal: str) -> Edit | None:
    entry = cfg.entry(path)
    if entry is None or entry.header or entry.shared:
        return None
    return Edit(entry.value_start, entry.value_end, literal)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end == -1 else end


class _Tables:
    """The file's headers and keys indexed once per parsed config (fixes for thousands of
    ``[[services]]`` ask about each one: a scan per question would be quadratic)."""

    def __init__(self, cfg: FlyConfig) -> None:
        import bisect

        self._bisect = bisect.bisect_left
        self.header_at: dict[Path, int] = {}  # table path -> index of its first header
        for i, h in enumerate(cfg.index.headers):
            self.header_at.setdefault(tuple(h.path), i)
        self.starts = sorted(h.start for h in cfg.index.headers)
        self.keys: dict[Path, list[tuple[Path, Entry]]] = {}  # table path -> its key = value entries
        for p, e in cfg.index.entries.items():
            if p and not e.header:
                self.keys.setdefault(tuple(p[:-1]), []).append((p, e))

    def header(self, cfg: FlyConfig, table: Path) -> Header | None:
        i = self.header_at.get(tuple(table))
        return None if i is None else cfg.index.headers[i]

    def next_header_start(self, offset: int, default: int) -> int:
        """The start of the first header at or after ``offset``."""
        i = self._bisect(self.starts, offset)
        return self.starts[i] if i < len(self.starts) else default


def _tables(cfg: FlyConfig) -> _Tables:
    return cfg.memo("tomledit.tables", lambda: _Tables(cfg))


def table_block_end(cfg: FlyConfig, table: Path) -> int | None:
    """Offset where the block of ``[table]`` (and its sub-tables) ends, ``None`` if not a header."""
    headers = cfg.index.headers
    start_idx = _tables(cfg).header_at.get(tuple(table))
    if start_idx is None:
        return None
    for h in headers[start_idx + 1 :]:
        if tuple(h.path[: len(table)]) != tuple(table):
            # back up over blank lines and comments that belong to the next header
            return _block_tail(cfg.source.text, h.start)
    return len(cfg.source.text)


def _block_tail(text: str, next_header: int) -> int:
    pos = text.rfind("\n", 0, next_header)  # end of the line before the header
    while pos > 0:
        prev = text.rfind("\n", 0, pos)
        line = text[prev + 1 : pos].strip()
        if line and not line.startswith("#"):
            break
        pos = prev
    return pos + 1 if pos > 0 else 0


def _own_keys(cfg: FlyConfig, table: Path, header_end: int) -> list[tuple[Path, Entry]]:
    """The ``key = value`` entries written under ``[table]``'s header itself (not in sub-tables)."""
    tables = _tables(cfg)
    next_header = tables.next_header_start(header_end, len(cfg.source.text))
    return [(p, e) for p, e in tables.keys.get(tuple(table), []) if header_end <= e.key_start < next_header]


def _through_line(text: str, offset: int) -> int:
    """The offset just after the line that holds ``offset`` (after its newline, if any)."""
    end = _line_end(text, offset)
    return end + 1 if end < len(text) else end


def _structural(cfg: FlyConfig, start: int, end: int, change: Callable[[str], str]) -> DeferredEdits:
    """Deferred edits: ``change`` (a :mod:`~flylint.linter.tomldoc` function) rewrites ``text[start:end]``.

    tomlkit is imported only when the edits are read (the fix is applied, or shown in SARIF).
    A block that tomlkit cannot edit gives no edit, and the fix loop reports the fix as broken.
    """
    text = cfg.source.text

    def build() -> tuple[Edit, ...]:
        from flylint.linter import tomldoc

        block = text[start:end]
        try:
            edit = tomldoc.diff_edit(block, change(block), start)
        except tomldoc.TOMLKIT_ERRORS:
            return ()
        return (edit,) if edit is not None else ()

    return DeferredEdits(build)


def insert_key(cfg: FlyConfig, table: Path, key: str, literal: str, after: str | None = None
               ) -> DeferredEdits | None:
    """Add ``key = literal`` to ``[table]``: after key ``after`` if it is there, else after its last key.

    ``None`` when ``[table]`` has no header of its own (a table made only of dotted keys or
    sub-tables). tomlkit makes the edit on the block from the header to the line it goes after,
    copying the indentation of the table's keys.
    """
    text = cfg.source.text
    header = _tables(cfg).header(cfg, table)
    if header is None:
        return None
    own = _own_keys(cfg, table, header.end)
    anchor = None
    if after is not None:
        anchor = next((e for p, e in own if p[-1] == after), None)
    if anchor is None and own:
        anchor = max((e for _, e in own), key=lambda e: e.value_end)
    start = _line_start(text, header.start)
    end = _through_line(text, anchor.value_end if anchor is not None else header.end)
    indent = text[start : header.start]  # a table without keys: its keys go under the header
    indent = indent if not indent.strip() else ""

    def change(block: str) -> str:
        from flylint.linter import tomldoc

        return tomldoc.add_key(block, table, key, literal, default_indent=indent)

    return _structural(cfg, start, end, change)


def add_array_entry(cfg: FlyConfig, table: Path, name: str, entry: Sequence[tuple[str, str]],
                    move: Sequence[tuple[Path, str]] = (), block_of: Path | None = None) -> DeferredEdits | None:
    """Add a ``[[table.name]]`` entry of ``key = literal`` lines (``[[name]]`` when ``table == ()``).

    The edit is made on the block of ``[block_of]`` (default ``[table]``): the table's header,
    keys and sub-tables, without the comments that introduce the next table. The entry goes at
    the end of that block, its keys indented like the table's. Each ``(path, key)`` in ``move``
    (a setting of that block the entry replaces) moves into the entry as ``key``, with its
    value and comment as written. ``None`` when the table has no header.
    """
    text = cfg.source.text
    owner = table if block_of is None else block_of
    header = _tables(cfg).header(cfg, owner)
    block_end = table_block_end(cfg, owner)
    if header is None or block_end is None:
        return None
    start = _line_start(text, header.start)
    indent = table_indent(cfg, owner)

    def change(block: str) -> str:
        from flylint.linter import tomldoc

        return tomldoc.add_array_entry(block, table, name, entry, indent=indent, move=move)

    return _structural(cfg, start, block_end, change)


def table_indent(cfg: FlyConfig, table: Path) -> str:
    """The indentation the keys of ``[table]`` use (two spaces when the table has no keys)."""
    text = cfg.source.text
    for _p, e in _tables(cfg).keys.get(tuple(table), []):
        if not e.inline:
            line_start = text.rfind("\n", 0, e.key_start) + 1
            indent = text[line_start : e.key_start]
            return indent if not indent.strip() else ""
    return "  "


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _comments_above(text: str, line_start: int) -> int:
    """The start of the run of comment lines right above the line at ``line_start`` (no blank line between)."""
    while line_start > 0:
        prev = _line_start(text, line_start - 1)
        if not text[prev:line_start].lstrip().startswith("#"):
            break
        line_start = prev
    return line_start


def delete_entry(cfg: FlyConfig, path: Path) -> Edit | None:
    """Delete the whole line(s) of ``key = value`` at ``path``.

    Only when the key is written on its own line (not inline, not a header) and nothing but a
    comment follows the value; otherwise ``None``.
    """
    entry = cfg.entry(path)
    if entry is None or entry.header or entry.inline or entry.shared:
        return None
    text = cfg.source.text
    start = _line_start(text, entry.key_start)
    if text[start:entry.key_start].strip():
        return None  # a dotted key or something else shares the line
    end = _line_end(text, entry.value_end)
    rest = text[entry.value_end:end].strip()
    if rest and not rest.startswith("#"):
        return None
    return Edit(start, min(end + 1, len(text)), "")


def rename_key(cfg: FlyConfig, path: Path, new: str) -> tuple[Edit, ...] | None:
    """Rename the last component of ``path`` to ``new``, in its key or in every table header.

    Handles ``key = value`` lines, inline tables and ``[table]``/``[[array]]`` headers (and the
    headers of their sub-tables). Returns ``None`` when the key is spread over dotted keys,
    which this text edit cannot follow.
    """
    from flylint.linter.parsers.toml_positions import header_key_parts

    entry = cfg.entry(path)
    if entry is None:
        return None
    text = cfg.source.text
    literal = toml_key(new)
    if not entry.header:
        value = cfg.get(path)
        if isinstance(value, dict) and not text.startswith("{", entry.value_start):
            return None  # a table built from dotted keys
        return (Edit(entry.key_start, entry.key_end, literal),)
    depth = sum(1 for p in path if isinstance(p, str)) - 1
    edits: list[Edit] = []
    for header in cfg.index.headers:
        hpath = tuple(header.path)
        if hpath[: len(path)] != tuple(path):
            continue
        parts = header_key_parts(text, header.start)
        if len(parts) <= depth or parts[depth][0] != path[-1]:
            return None
        _, start, end = parts[depth]
        edits.append(Edit(start, end, literal))
    for p, e in cfg.index.entries.items():
        # dotted keys below the renamed table that are not under one of its headers
        if len(p) > len(path) and tuple(p[: len(path)]) == tuple(path) and not e.header and not e.inline:
            owner = max((h for h in cfg.index.headers if h.start < e.key_start), key=lambda h: h.start, default=None)
            if owner is None or tuple(owner.path[: len(path)]) != tuple(path):
                return None
    return tuple(edits) or None


def rename_header(cfg: FlyConfig, path: Path, new_header: str) -> Edit | None:
    """Replace the whole ``[header]`` text of the section at ``path`` (e.g. ``[mount]`` → ``[[mounts]]``)."""
    entry = cfg.entry(path)
    if entry is None or not entry.header:
        return None
    header = next((h for h in cfg.index.headers if tuple(h.path) == tuple(path)), None)
    if header is None:
        return None
    return Edit(header.start, header.end, new_header)


def insert_top_level_key(cfg: FlyConfig, key: str, literal: str, comment: str = "") -> tuple[int, DeferredEdits]:
    """Add ``key = literal`` (and ``comment`` after it) after the top-level keys.

    With no top-level keys, the line goes after the file's opening comments and above the
    comment lines right over the first table header. Returns where the block tomlkit edits
    ends (the new line goes at or before it) and the deferred edits.
    """
    text = cfg.source.text
    first_header = min((h.start for h in cfg.index.headers), default=len(text))
    top = [e for p, e in cfg.index.entries.items()
           if len(p) == 1 and not e.header and not e.inline and e.key_start < first_header]
    if top:
        end = _through_line(text, max(e.value_end for e in top))
    elif first_header < len(text):
        end = _comments_above(text, _line_start(text, first_header))
    else:
        end = len(text)
    separate = not top and end < len(text)  # keep a blank line between the new key and the first table

    def change(block: str) -> str:
        from flylint.linter import tomldoc

        new = tomldoc.add_key(block, (), key, literal, default_indent="", comment=comment)
        if not new.endswith("\n"):
            new += "\n"
        return new + "\n" if separate and not block.endswith("\n\n") else new

    return end, _structural(cfg, 0, end, change)


def move_to_top_level(cfg: FlyConfig, path: Path, key: str) -> Sequence[Edit] | None:
    """Move the line ``key = value`` at ``path`` (inside a table) to the top-level keys.

    The value is moved as written. ``None`` when the line cannot be deleted on its own or is
    already above the tables.
    """
    entry = cfg.entry(path)
    delete = delete_entry(cfg, path)
    if entry is None or delete is None:
        return None
    text = cfg.source.text
    literal = text[entry.value_start : entry.value_end]
    comment = text[entry.value_end : _line_end(text, entry.value_end)]  # delete_entry checked: blank or a comment
    insert_end, insert = insert_top_level_key(cfg, key, literal, comment)
    if insert_end > delete.start:
        return None
    return DeferredEdits(lambda: (*insert, delete) if insert else ())
