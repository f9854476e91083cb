"""Position index for YAML (and JSON, which PyYAML reads as YAML) documents.

Builds the same :class:`~flylint.linter.parsers.toml_positions.TomlIndex` shape as the TOML
scanner, so rules can ask for a key's span without caring which format a file is in.
PyYAML is imported lazily: only projects with workflows or ``fly.yaml``/``fly.json`` pay for it.
"""

from __future__ import annotations

from typing import Any

from flylint.linter.parsers.toml_positions import Entry, Path, TomlIndex


class YamlError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def compose(text: str) -> Any:
    """Compose the first YAML document into a node tree; raise :class:`YamlError` on bad input."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = exc.problem or str(exc)
        ctx = f" {exc.context}" if exc.context else ""
        raise YamlError(f"{problem}{ctx}".strip(), line, col) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        raise YamlError(str(exc).splitlines()[0], 1, 1) from None
    check_aliases(root)
    return root


# How many nodes aliases may add to a document when it is expanded. Aliases let a few hundred
# bytes stand for billions of nodes ("billion laughs"); every walk over the tree (the position
# index, the workflow model, rules reading values) would pay for the expansion.
MAX_ALIAS_EXPANSION = 100_000


def check_aliases(root: Any) -> None:
    """Refuse a composed document whose aliases expand it by more than
    :data:`MAX_ALIAS_EXPANSION` nodes, or that contains itself through an alias.

    Costs one pass over the distinct nodes (an alias is the anchored node object itself, so
    sizes are memoised by identity): the expansion is measured, never done.
    """
    import yaml

    if root is None:
        return
    size: dict[int, int] = {}
    uses: dict[int, int] = {}
    nodes: dict[int, Any] = {}
    open_: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            total = 1
            for child in _children(node, yaml):
                total += size[id(child)]
            size[key] = total
            continue
        uses[key] = uses.get(key, 0) + 1
        if key in size:
            continue
        if key in open_:
            mark = node.start_mark
            raise YamlError("a YAML alias refers to a node that contains it (a recursive structure); "
                            "flylint does not expand it", mark.line + 1, mark.column + 1)
        open_.add(key)
        nodes[key] = node
        stack.append((node, True))
        for child in reversed(_children(node, yaml)):
            stack.append((child, False))
    extra = size[id(root)] - len(size)
    if extra > MAX_ALIAS_EXPANSION:
        bomb = max((k for k in nodes if uses[k] > 1), key=lambda k: size[k] * uses[k], default=id(root))
        mark = nodes[bomb].start_mark
        raise YamlError(f"YAML aliases expand this document by more than {MAX_ALIAS_EXPANSION} nodes (the anchor "
                        f"here stands for {size[bomb]} nodes and is used {uses[bomb]} times); flylint does not "
                        "expand it", mark.line + 1, mark.column + 1)


def _children(node: Any, yaml: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def construct(node: Any) -> Any:
    """Plain Python data for a composed node (safe types only); raise :class:`YamlError` on bad values.

    Besides PyYAML's own errors (an unhashable key …), a scalar can be well-formed YAML and still
    not convert: a date that does not exist (``2024-02-30``), an integer of more digits than
    Python converts. The error points at that scalar.
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError((exc.problem or str(exc)).strip(), mark.line + 1 if mark else 1,
                        mark.column + 1 if mark else 1) from None
    except (ValueError, OverflowError) as exc:
        raise _value_error(node, exc) from None
    finally:
        loader.dispose()


def _value_error(root: Any, exc: Exception) -> YamlError:
    """A :class:`YamlError` at the first scalar under ``root`` that cannot be converted."""
    import yaml

    from flylint.linter.parsers import reason

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)("")
    try:
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (ValueError, OverflowError) as bad:
                    text = node.value if len(node.value) <= 24 else node.value[:20] + "…"
                    return YamlError(f"cannot read the value {text!r}: {reason(bad)}", node.start_mark.line + 1,
                                     node.start_mark.column + 1)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
    finally:
        loader.dispose()
    return YamlError(f"cannot read a value: {reason(exc)}", 1, 1)


def index_nodes(root: Any, text: str | None = None) -> TomlIndex:
    """Map each key path of a composed YAML tree to its key and value offsets.

    With ``text`` (the document), a value's end leaves out the line breaks and indentation a
    block scalar's node ends with (``|`` or ``>`` ends where the next key starts), so that an
    edit of the value keeps the next key on its own line.
    """
    import yaml

    def end_of(node: Any) -> int:
        end = node.end_mark.index
        if text is not None:
            start = node.start_mark.index
            while end > start and text[end - 1] in " \t\r\n":
                end -= 1
        return end

    index = TomlIndex()
    # an alias is the anchored node object itself: a node met twice is shared (one pass over the
    # distinct nodes, as the alias budget counts them)
    seen: set[int] = set()
    shared: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)

    def walk(node: Any, path: Path, in_shared: bool) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
                if key == "<<":
                    continue
                child = path + (key,)
                is_shared = in_shared or id(value_node) in shared
                index.entries[child] = Entry(
                    key_node.start_mark.index,
                    key_node.end_mark.index,
                    value_node.start_mark.index,
                    end_of(value_node),
                    inline=getattr(node, "flow_style", False) or False,
                    shared=is_shared,
                )
                walk(value_node, child, is_shared)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = path + (i,)
                is_shared = in_shared or id(item) in shared
                index.entries[child] = Entry(
                    item.start_mark.index,
                    end_of(item),
                    item.start_mark.index,
                    end_of(item),
                    inline=getattr(node, "flow_style", False) or False,
                    shared=is_shared,
                )
                walk(item, child, is_shared)

    if root is not None:
        walk(root, (), id(root) in shared)
    return index
