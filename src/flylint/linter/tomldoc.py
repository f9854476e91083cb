"""Structural fly.toml edits made by tomlkit: parse, edit the document, dump.

This is the only module that imports tomlkit, and nothing imports it on a plain check: the
fly.toml fixes that add a key, a table or an array-of-tables entry hand
:mod:`flylint.linter.tomledit` a deferred edit that calls in here only when the fix is applied
(or shown as a SARIF fix), and ``flylint init`` calls :func:`set_values`.

tomlkit keeps every comment, blank line and untouched line as it was. It files the comments
and blank lines above a table header under the *previous* table, though, so appending to a
table in the whole document would put the new lines between a header and the comment that
describes it. :mod:`flylint.linter.tomledit` therefore picks, from the position index, the
block of the file the edit belongs to (a table's own lines, up to the key to insert after);
tomlkit edits that block as a document of its own, and :func:`diff_edit` turns the change into
the smallest :class:`~flylint.linter.model.Edit` that makes it, so that fixes compose in the fix
loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Item, String, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from flylint.linter.model import Edit

#: what tomlkit raises for a block it cannot parse or an edit it refuses
TOMLKIT_ERRORS = (tomlkit.exceptions.TOMLKitError, KeyError, ValueError, TypeError, IndexError)

#: the indentation of a table's keys when the table has none to copy it from (``fly launch``'s)
DEFAULT_INDENT = "  "

PathPart = str | int


def navigate(doc: Container | Table | AoT, path: Sequence[PathPart]) -> Any:
    """The item at ``path`` (keys and array-of-tables indexes; ``-1`` is the last entry)."""
    node: Any = doc
    for part in path:
        node = node[part]
    return node


def set_values(text: str, assignments: Iterable[tuple[Sequence[PathPart], Any]]) -> str:
    """``text`` with the value at each path replaced (the key must exist), comments kept.

    A replaced value keeps its line's indentation and trailing comment, and a string replacing
    a string keeps its quotes (``'iad'`` becomes ``'lhr'``, ``"iad"`` becomes ``"lhr"``) where
    the new value can be written that way; other new strings are basic (``"2gb"``).
    """
    doc = tomlkit.parse(text)
    for path, value in assignments:
        *parent, key = path
        table = navigate(doc, parent)
        if key not in table:
            raise KeyError(f"{'.'.join(str(p) for p in path)} is not set")
        if isinstance(value, str):
            value = _string_like(table[key], value)
        table[key] = value
    return tomlkit.dumps(doc)


def _string_like(old: Any, value: str) -> Item:
    """``value`` as a TOML string quoted as ``old`` is, when ``old`` is a one-line literal
    string and ``value`` fits one; otherwise a basic string. Chosen here, not left to tomlkit,
    whose releases differ (0.15 keeps the old quotes, earlier ones always wrote basic strings)."""
    quoted = old.as_string() if isinstance(old, String) else ""
    literal = (quoted.startswith("'") and not quoted.startswith("'''") and "'" not in value
               and value.isprintable())
    return tomlkit.string(value, literal=literal)


def diff_edit(old: str, new: str, offset: int = 0) -> Edit | None:
    """One edit turning ``old`` into ``new``, as small as whole lines allow (``None`` if equal).

    ``offset`` is where ``old`` starts in the file. The edit starts at the start of the first
    line that differs and ends at the start of the first unchanged line after it, so an
    inserted line is one inserted line (not the tail of the line above and the head of a new
    one) and every line the edit does not cover is left byte for byte as it was.
    """
    if old == new:
        return None
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    prefix = old.rfind("\n", 0, prefix) + 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    while suffix and suffix < len(old) and old[len(old) - suffix - 1] != "\n":
        suffix -= 1  # end at a line start
    return Edit(offset + prefix, offset + len(old) - suffix, new[prefix : len(new) - suffix])


def key_indent(table: Table | Container) -> str | None:
    """The indentation of the last ``key = value`` line of ``table``, ``None`` if it has none."""
    container = table.value if isinstance(table, Table) else table
    indent = None
    for key, item in container.body:
        if key is None or isinstance(item, (Table, AoT, Comment, Whitespace)):
            continue
        indent = item.trivia.indent
    if indent is None:
        return None
    return indent if not indent.strip() else ""


def _new_item(literal: str, indent: str, comment: str = "") -> Item:
    """The item for the TOML value written ``literal``, kept as written, on a line indented ``indent``.

    ``comment`` is what follows the value on its line (``"  # why"``), kept as written.
    """
    item = tomlkit.value(literal)
    item.trivia.indent = indent
    if comment.strip():
        body = comment.lstrip()
        item.trivia.comment_ws = comment[: len(comment) - len(body)]
        item.trivia.comment = body.rstrip()
    return item


def _document(block: str) -> TOMLDocument:
    return tomlkit.parse(block)


def _table_in_block(doc: TOMLDocument, table: Sequence[PathPart]) -> Table | TOMLDocument:
    """The table at ``table`` in a block that holds it, by its keys.

    A block holds one entry of each array of tables on the way (``[[services.ports]]`` alone
    makes ``services`` a plain table), so indexes are skipped and the last entry is taken.
    """
    node: Any = doc
    for part in table:
        if isinstance(part, int):
            continue
        node = node[part]
        if isinstance(node, AoT):
            node = node[-1]
    return node


def add_key(block: str, table: Sequence[PathPart], key: str, literal: str, default_indent: str = DEFAULT_INDENT,
            comment: str = "") -> str:
    """``block`` with ``key = literal`` (and ``comment`` after it) appended to the keys of ``table``.

    The new line copies the indentation of the table's last key (``default_indent`` when it
    has none); ``table == ()`` is the top level.
    """
    doc = _document(block)
    target = _table_in_block(doc, table)
    indent = key_indent(target)
    _append(target, key, _new_item(literal, default_indent if indent is None else indent, comment))
    return _dump(doc, block)


def _append(target: Table | Container, key: str, item: Item) -> None:
    if isinstance(target, Table):
        target.raw_append(key, item)  # append() would add the header's indentation to the item's
    else:
        target.append(key, item)


def add_array_entry(block: str, table: Sequence[PathPart], name: str, entry: Sequence[tuple[str, str]],
                    indent: str = DEFAULT_INDENT, move: Sequence[tuple[Sequence[PathPart], str]] = ()) -> str:
    """``block`` with a new ``[[table.name]]`` entry of ``key = literal`` lines, after the table.

    The array must not exist yet. ``table == ()`` adds a top-level ``[[name]]``. Each
    ``(path, key)`` in ``move`` takes the setting at ``path`` out of its table and into the new
    entry as ``key``, with its value and trailing comment as written.
    """
    doc = _document(block)
    moved: list[tuple[str, Item]] = []
    for path, new_key in move:
        *parent, key = path
        owner = _table_in_block(doc, parent)
        item = owner.item(str(key))
        if not isinstance(item, Item) or isinstance(item, (Table, AoT)):
            raise KeyError(f"{key} is not a plain setting")
        moved.append((new_key, item))
        owner.remove(str(key))
    target = _table_in_block(doc, table)
    if name in target:
        raise KeyError(f"{name} is already set")
    new = tomlkit.table()
    for key, literal in entry:
        new.raw_append(key, _new_item(literal, indent))
    for key, item in moved:
        item.trivia.indent = indent
        new.raw_append(key, item)
    array = tomlkit.aot()
    array.append(new)
    _append(target, name, array)
    return _dump(doc, block)


def _dump(doc: TOMLDocument, block: str) -> str:
    text = tomlkit.dumps(doc)
    if block.endswith("\n") and not text.endswith("\n"):
        text += "\n"
    return text
