"""Minimal, format-preserving text edits for fly.toml fixes.

Edits are computed from the position index, touch only the bytes they must (a value, one
inserted line, one appended block) and keep the file's indentation style. The fix engine
re-parses the result, so an edit that would break the TOML is never written.
"""

from __future__ import annotations

from typing import Any

from flylint.base.lazyre import lazy
from flylint.linter.model import Edit
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.parsers.toml_positions import Path

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
    if entry is None or entry.header:
        return None
    return Edit(entry.value_start, entry.value_end, literal)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end == -1 else end


def table_block_end(cfg: FlyConfig, table: Path) -> int | None:
    """Offset where the block of ``[table]`` (and its sub-tables) ends, ``None`` if not a header."""
    headers = cfg.index.headers
    start_idx = next((i for i, h in enumerate(headers) if tuple(h.path) == tuple(table)), None)
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


def insert_key(cfg: FlyConfig, table: Path, key: str, literal: str, after: str | None = None) -> Edit | None:
    """Insert ``key = literal`` as the last key line of ``[table]`` (or after key ``after``)."""
    text = cfg.source.text
    header = next((h for h in cfg.index.headers if tuple(h.path) == tuple(table)), None)
    if header is None:
        return None
    # keys that belong directly to this header (not inline, not in sub-tables)
    own = [
        (p, e) for p, e in cfg.index.entries.items()
        if len(p) == len(table) + 1 and tuple(p[: len(table)]) == tuple(table) and not e.header
        and header.end <= e.key_start
    ]
    next_header = min((h.start for h in cfg.index.headers if h.start > header.start), default=len(text))
    own = [(p, e) for p, e in own if e.key_start < next_header]
    anchor = None
    if after is not None:
        anchor = next((e for p, e in own if p[-1] == after), None)
    if anchor is None and own:
        anchor = max((e for _, e in own), key=lambda e: e.value_end)
    if anchor is not None:
        line_start = text.rfind("\n", 0, anchor.key_start) + 1
        indent = text[line_start : anchor.key_start]
        if indent.strip():
            indent = ""
        pos = _line_end(text, anchor.value_end)
        return Edit(pos, pos, f"\n{indent}{toml_key(key)} = {literal}")
    pos = _line_end(text, header.end)
    line_start = text.rfind("\n", 0, header.start) + 1
    indent = text[line_start : header.start]
    indent = indent if not indent.strip() else ""
    return Edit(pos, pos, f"\n{indent}{toml_key(key)} = {literal}")


def insert_block_after_table(cfg: FlyConfig, table: Path, block: str) -> Edit:
    """Insert a block of TOML (headers and keys) after ``[table]`` and its sub-tables."""
    text = cfg.source.text
    end = table_block_end(cfg, table)
    if end is None:
        end = len(text)
    prefix = "\n" if end > 0 and text[end - 1] != "\n" else ""
    return Edit(end, end, f"{prefix}\n{block.rstrip()}\n")


def table_indent(cfg: FlyConfig, table: Path) -> str:
    """The indentation the keys of ``[table]`` use (two spaces when the table has no keys)."""
    text = cfg.source.text
    for p, e in cfg.index.entries.items():
        if len(p) == len(table) + 1 and tuple(p[: len(table)]) == tuple(table) and not e.header and not e.inline:
            line_start = text.rfind("\n", 0, e.key_start) + 1
            indent = text[line_start : e.key_start]
            return indent if not indent.strip() else ""
    return "  "


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def delete_entry(cfg: FlyConfig, path: Path) -> Edit | None:
    """Delete the whole line(s) of ``key = value`` at ``path``.

    Only when the key is written on its own line (not inline, not a header) and nothing but a
    comment follows the value; otherwise ``None``.
    """
    entry = cfg.entry(path)
    if entry is None or entry.header or entry.inline:
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


def insert_top_level_key(cfg: FlyConfig, key: str, literal: str) -> Edit:
    """Insert ``key = literal`` among the top-level keys (before the first table header)."""
    text = cfg.source.text
    first_header = min((h.start for h in cfg.index.headers), default=len(text))
    top = [e for p, e in cfg.index.entries.items()
           if len(p) == 1 and not e.header and not e.inline and e.key_start < first_header]
    line = f"{toml_key(key)} = {literal}"
    if top:
        last = max(top, key=lambda e: e.value_end)
        pos = _line_end(text, last.value_end)
        return Edit(pos, pos, "\n" + line)
    if first_header < len(text):
        pos = _line_start(text, first_header)
        return Edit(pos, pos, line + "\n\n")
    prefix = "" if not text or text.endswith("\n") else "\n"
    return Edit(len(text), len(text), prefix + line + "\n")
