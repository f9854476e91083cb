"""GitHub Actions workflows: triggers, permissions, jobs and steps with positions.

Built from PyYAML's node tree (not ``safe_load``), so every key and scalar keeps its offsets
and ``on:`` stays the string ``"on"`` instead of YAML 1.1's ``True``. ``run:`` scripts map
each character back to the file, block scalars included, so shell rules report exact columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flylint.base.lazyre import lazy
from flylint.base.records import field, record
from flylint.linter.parsers import ParseError
from flylint.linter.parsers.shell import ShellScript, tokenize_mapped
from flylint.linter.parsers.toml_positions import TomlIndex
from flylint.linter.source import SourceFile

#: a ``${{ … }}`` expression, across lines (see :func:`find_expressions`)
EXPRESSION = lazy(r"\$\{\{(.*?)\}\}", re.DOTALL)


def find_expressions(text: str) -> Iterator[re.Match[str]]:
    """The ``${{ … }}`` expressions of ``text``, searched only up to its last ``}}``: no
    expression ends after it, and an opening without an end made the search scan to the end of
    the text from every ``${{`` (a line of them took seconds: quadratic)."""
    return EXPRESSION.finditer(text, 0, text.rfind("}}") + 2)


_FLY_MARKERS = lazy(r"superfly/flyctl-actions|\bflyctl\b|\bfly\s+(deploy|secrets|scale|machine|launch)\b|FLY_API_TOKEN")


@record(slots=True)
class Scalar:
    value: str
    start: int
    end: int
    offsets: list[int] | None = None  # file offset of each character (+ sentinel), when known

    def range_of(self, i: int, j: int) -> tuple[int, int]:
        """File offsets for ``value[i:j]`` (the whole scalar when the mapping is unknown)."""
        if self.offsets is None:
            return self.start, self.end
        last = len(self.offsets) - 1
        start = self.offsets[min(i, last)]
        end = self.offsets[min(j - 1, last)] + 1 if j > i else start
        return start, end


@record
class Step:
    index: int
    path: tuple[Any, ...]
    start: int
    end: int
    name: Scalar | None = None
    uses: Scalar | None = None
    run: Scalar | None = None
    shell: str | None = None
    env: dict[str, Scalar] = field(default_factory=dict)
    with_: dict[str, Scalar] = field(default_factory=dict)
    working_directory: Scalar | None = None
    _script: ShellScript | None = field(default=None, repr=False)

    def script(self) -> ShellScript | None:
        if self.run is None:
            return None
        if self._script is None:
            offsets = self.run.offsets or [self.run.start] * (len(self.run.value) + 1)
            self._script = tokenize_mapped(self.run.value, offsets)
        return self._script


@record
class Job:
    id: str
    path: tuple[Any, ...]
    key_start: int
    key_end: int
    has_permissions: bool = False
    uses: Scalar | None = None
    env: dict[str, Scalar] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@record
class Workflow:
    source: SourceFile
    index: TomlIndex
    triggers: dict[str, tuple[int, int]]
    has_permissions: bool
    permissions: Any
    env: dict[str, Scalar]
    jobs: list[Job]
    on_span: tuple[int, int] = (0, 0)
    name: str | None = None  # the workflow's `name:` (what `on.workflow_run.workflows` refers to)
    on: Any = None  # the `on:` value as plain data (trigger filters, workflow_run sources …)

    @property
    def deploys_to_fly(self) -> bool:
        return bool(_FLY_MARKERS.search(self.source.text))

    def steps(self) -> list[tuple[Job, Step]]:
        return [(job, step) for job in self.jobs for step in job.steps]


def _scalar(node: Any, text: str) -> Scalar | None:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        return None
    value = str(node.value)
    start, end = node.start_mark.index, node.end_mark.index
    offsets: list[int] | None = None
    style = node.style
    if not style and text[start:end] == value:  # plain (the C loader gives "", the Python one None)
        offsets = list(range(start, end + 1))
    elif style in ("'", '"') and text[start + 1 : end - 1] == value:
        offsets = list(range(start + 1, end))
    elif style in ("|", ">"):
        offsets = _block_offsets(value, text, node.start_mark.line, node.end_mark.line)
    return Scalar(value, start, end, offsets)


def _block_offsets(value: str, text: str, indicator_line: int, end_line: int) -> list[int] | None:
    lines = text.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    content = lines[indicator_line + 1 : end_line + 1]
    indent = None
    for ln in content:
        if ln.strip():
            indent = len(ln) - len(ln.lstrip(" "))
            break
    if indent is None:
        return None
    offsets: list[int] = []
    for k, ln in enumerate(content):
        lineno = indicator_line + 1 + k
        if lineno >= len(starts):
            break
        body = ln[indent:] if len(ln) >= indent else ""
        base = starts[lineno] + indent
        offsets.extend(base + j for j in range(len(body)))
        offsets.append(base + len(body))  # the newline
        if len(offsets) >= len(value):
            break
    if len(offsets) < len(value):
        return None
    offsets = offsets[: len(value)]
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return offsets


def _mapping(node: Any) -> list[tuple[Any, Any]]:
    import yaml

    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def _scalars(node: Any, text: str) -> dict[str, Scalar]:
    out: dict[str, Scalar] = {}
    for k, v in _mapping(node):
        sc = _scalar(v, text)
        if sc is not None:
            out[str(k.value)] = sc
    return out


def parse_workflow(source: SourceFile) -> Workflow:
    import yaml

    from flylint.linter.parsers.yaml_positions import YamlError, compose, index_nodes

    text = source.text
    try:
        root = compose(text)
    except YamlError as exc:
        raise ParseError(f"invalid YAML: {exc.message}", exc.line, exc.column) from None
    if root is None:
        return Workflow(source, TomlIndex(), {}, False, None, {}, [])
    if not isinstance(root, yaml.MappingNode):
        raise ParseError("a workflow must be a mapping at the top level", 1, 1)
    index = index_nodes(root)
    triggers: dict[str, tuple[int, int]] = {}
    has_permissions = False
    permissions: Any = None
    env: dict[str, Scalar] = {}
    jobs: list[Job] = []
    on_span = (0, 0)
    wf_name: str | None = None
    on: Any = None
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key == "name" and isinstance(value_node, yaml.ScalarNode):
            wf_name = str(value_node.value)
        if key == "on":
            on_span = (key_node.start_mark.index, key_node.end_mark.index)
            from flylint.linter.parsers.yaml_positions import construct

            try:
                on = construct(value_node)
            except YamlError:
                on = None
            if isinstance(value_node, yaml.ScalarNode):
                triggers[str(value_node.value)] = (value_node.start_mark.index, value_node.end_mark.index)
            elif isinstance(value_node, yaml.SequenceNode):
                for item in value_node.value:
                    if isinstance(item, yaml.ScalarNode):
                        triggers[str(item.value)] = (item.start_mark.index, item.end_mark.index)
            else:
                for k, _v in _mapping(value_node):
                    triggers[str(k.value)] = (k.start_mark.index, k.end_mark.index)
        elif key == "permissions":
            has_permissions = True
            from flylint.linter.parsers.yaml_positions import construct

            try:
                permissions = construct(value_node)
            except YamlError as exc:
                raise ParseError(f"invalid YAML: {exc.message}", exc.line, exc.column) from None
        elif key == "env":
            env = _scalars(value_node, text)
        elif key == "jobs":
            for job_key, job_node in _mapping(value_node):
                job = Job(str(job_key.value), ("jobs", str(job_key.value)),
                          job_key.start_mark.index, job_key.end_mark.index)
                for jk, jv in _mapping(job_node):
                    name = str(jk.value)
                    if name == "permissions":
                        job.has_permissions = True
                    elif name == "uses":
                        job.uses = _scalar(jv, text)
                    elif name == "env":
                        job.env = _scalars(jv, text)
                    elif name == "steps" and isinstance(jv, yaml.SequenceNode):
                        for i, step_node in enumerate(jv.value):
                            step = Step(i, job.path + ("steps", i), step_node.start_mark.index,
                                        step_node.end_mark.index)
                            for sk, sv in _mapping(step_node):
                                sname = str(sk.value)
                                if sname == "uses":
                                    step.uses = _scalar(sv, text)
                                elif sname == "run":
                                    step.run = _scalar(sv, text)
                                elif sname == "name":
                                    step.name = _scalar(sv, text)
                                elif sname == "shell":
                                    sc = _scalar(sv, text)
                                    step.shell = sc.value if sc else None
                                elif sname == "env":
                                    step.env = _scalars(sv, text)
                                elif sname == "with":
                                    step.with_ = _scalars(sv, text)
                                elif sname == "working-directory":
                                    step.working_directory = _scalar(sv, text)
                            job.steps.append(step)
                jobs.append(job)
    return Workflow(source, index, triggers, has_permissions, permissions, env, jobs, on_span, wf_name, on)
