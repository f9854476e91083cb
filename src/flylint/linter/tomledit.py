"""Minimal, format-preserving text edits for fly.toml fixes.

Edits are computed from the position index, touch only the bytes they must (a value, one
inserted line, one appended block) and keep the file's indentation style. The fix engine
re-parses the result, so an edit that would break the TOML is never written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flylint.linter.model import Edit
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.parsers.toml_positions import Path

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key)


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
