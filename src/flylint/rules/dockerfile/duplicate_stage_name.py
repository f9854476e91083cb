"""Two build stages have the same name.

## What it does
Flags a `FROM … AS <name>` whose name (compared case-insensitively, as Docker does) was already
given to an earlier stage.

## Why is this bad?
BuildKit refuses the Dockerfile ("duplicate stage name"), so `fly deploy` fails; older builders
silently let `COPY --from=<name>` pick one of the two.

## Severity
Error: BuildKit rejects a Dockerfile with two stages of the same name, so the build fails.

## Example
```dockerfile
FROM node:22-bookworm-slim AS build
FROM golang:1.23 AS build
```

Use instead:
```dockerfile
FROM node:22-bookworm-slim AS assets
FROM golang:1.23 AS build
```

## Fix safety
No fix: every `COPY --from` and `FROM` that names the stage has to be updated by the author.

## References
- hadolint DL3024; checkov CKV_DOCKER_11; trivy DS-0012
- CWE-694: Use of Multiple Resources with Duplicate Identifier
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import word_span


@rule(code="DKR029", name="duplicate-stage-name", target="dockerfile", severity="error",
      tags=("correctness",), cwe=(694,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    seen: dict[str, int] = {}
    for stage in df.stages:
        if not stage.alias:
            continue
        key = stage.alias.lower()
        if key in seen:
            start, end = word_span(stage.from_instruction, 2)
            yield Violation(
                df.span(start, end),
                f"stage name `{stage.alias}` is already used on line {seen[key]}; BuildKit rejects duplicate stage "
                "names, rename one of them",
            )
        else:
            seen[key] = stage.from_instruction.line
