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
        return yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = exc.problem or str(exc)
        ctx = f" {exc.context}" if exc.context else ""
        raise YamlError(f"{problem}{ctx}".strip(), line, col) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        raise YamlError(str(exc).splitlines()[0], 1, 1) from None


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


def index_nodes(root: Any) -> TomlIndex:
    """Map each key path of a composed YAML tree to its key and value offsets."""
    import yaml

    index = TomlIndex()

    def walk(node: Any, path: Path) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
                if key == "<<":
                    continue
                child = path + (key,)
                index.entries[child] = Entry(
                    key_node.start_mark.index,
                    key_node.end_mark.index,
                    value_node.start_mark.index,
                    value_node.end_mark.index,
                    inline=getattr(node, "flow_style", False) or False,
                )
                walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = path + (i,)
                index.entries[child] = Entry(
                    item.start_mark.index,
                    item.end_mark.index,
                    item.start_mark.index,
                    item.end_mark.index,
                    inline=getattr(node, "flow_style", False) or False,
                )
                walk(item, child)

    if root is not None:
        walk(root, ())
    return index
