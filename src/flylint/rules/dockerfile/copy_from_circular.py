"""`COPY --from` names the stage it is in, or a stage that depends on it.

## What it does
Flags `COPY --from=<stage>` and `RUN --mount=…,from=<stage>` when `<stage>` is the current
stage, or a stage that (through `FROM` and other `--from` references) itself needs the current
stage.

## Why is this bad?
BuildKit cannot order the stages and stops with "circular dependency detected on stage", so
`fly deploy` fails.

## Severity
Error: a circular `COPY --from` cannot be built, so the build fails.

## Example
```dockerfile
FROM node:22-bookworm-slim AS build
COPY --from=build /app/dist /srv/
```

Use instead:
```dockerfile
FROM node:22-bookworm-slim AS build
RUN npm run build

FROM node:22-bookworm-slim
COPY --from=build /app/dist /srv/
```

## Fix safety
No fix: the stages have to be reorganised.

## References
- hadolint DL3023; trivy DS-0006
- CWE-674: Uncontrolled Recursion
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.values import decimal_int
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile, Stage
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import from_references, parent_stage


def _resolve(df: Dockerfile, name: str) -> Stage | None:
    if decimal_int(name) is not None:
        return df.stage_numbered(name)
    return df.stage_named(name)


def _deps(df: Dockerfile, stage: Stage) -> set[int]:
    out: set[int] = set()
    parent = parent_stage(df, stage)
    if parent is not None:
        out.add(parent.index)
    for ins in stage.instructions:
        for name, _s, _e in from_references(ins):
            target = _resolve(df, name)
            if target is not None:
                out.add(target.index)
    return out


@rule(code="DKR031", name="copy-from-circular", target="dockerfile", severity="error",
      tags=("correctness",), cwe=(674,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    graph = {st.index: _deps(df, st) for st in df.stages}
    component = _components(graph)  # stage -> strongly connected component: one pass, not a walk per --from

    def reaches(start: int, goal: int) -> bool:
        """Whether ``start`` depends on ``goal``; asked only where ``goal`` depends on ``start``,
        so it does exactly when both are in one cycle."""
        return component.get(start) == component.get(goal)

    for stage in df.stages:
        for ins in stage.instructions:
            for name, start, end in from_references(ins):
                target = _resolve(df, name)
                if target is None:
                    continue
                if target.index == stage.index:
                    yield Violation(df.span(start, end),
                                    f"--from={name} names the stage it is in; BuildKit fails with a circular "
                                    "dependency. Copy from an earlier stage")
                elif reaches(target.index, stage.index):
                    yield Violation(df.span(start, end),
                                    f"--from={name}: stage `{name}` itself depends on this stage, a circular "
                                    "dependency that BuildKit rejects")


def _components(graph: dict[int, set[int]]) -> dict[int, int]:
    """Tarjan's strongly connected components, iteratively (thousands of stages, no recursion)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    comp: dict[int, int] = {}
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp[member] = node
                    if member == node:
                        break
    return comp
