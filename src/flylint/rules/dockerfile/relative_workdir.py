"""`WORKDIR` is a relative path whose location depends on the base image.

## What it does
Flags a `WORKDIR` with a relative path when no earlier `WORKDIR` in the same stage (or in the
stages it is built `FROM`) fixes where it is relative to. Variables are resolved from `ARG`
and `ENV` values set in the Dockerfile and fly.toml `[build.args]`; a `WORKDIR` whose value
cannot be resolved (`$HOME/app`, with `HOME` from the base image) is not flagged. A relative
`WORKDIR` after an absolute one (`WORKDIR /app` then `WORKDIR src`) is well defined and fine.

## Why is this bad?
A relative `WORKDIR` is resolved against the base image's working directory, which the
Dockerfile does not show and which changes when you switch base images (`/` for `debian`,
`/home/node` for some node variants, `/usr/src/app` for others). `CMD`/`ENTRYPOINT` paths and
`COPY` destinations then silently point somewhere else.

## Severity
Warning: a relative WORKDIR depends on the base image and breaks when it changes; reviewers ask
for an absolute path. The build works today.

## Example
```dockerfile
FROM node:22-bookworm-slim
WORKDIR app
COPY . .
```

Use instead:
```dockerfile
FROM node:22-bookworm-slim
WORKDIR /app
COPY . .
```

## Fix safety
Unsafe: the fix makes the path absolute from `/`, which is where it ends up only when the base
image's own `WORKDIR` is `/`.

## References
- hadolint DL3000; checkov CKV_DOCKER_10; trivy DS-0009
- Dockerfile reference, WORKDIR: https://docs.docker.com/reference/dockerfile/#workdir
- CWE-706: Use of Incorrectly-Resolved Name or Reference
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import fly_config, inherited, resolve, split_rest, stage_chain, stage_values


def is_absolute(path: str) -> bool:
    return path.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", path))


@rule(code="DKR011", name="relative-workdir", target="dockerfile", severity="warning", fix="unsafe",
      tags=("correctness",), cwe=(706,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    for stage in df.stages:
        earlier = inherited(df, stage, "has-workdir", False, lambda acc, i: acc or i.keyword == "WORKDIR")
        for ins in stage.instructions:
            if ins.keyword != "WORKDIR":
                continue
            args = split_rest(ins)
            if not args:
                continue
            raw = args[0].text
            if not earlier:
                value = resolve(raw, stage_values(df, stage_chain(df, stage), ins, cfg)) if "$" in raw else raw
                if value and "$" not in value and not is_absolute(value):
                    fix = None
                    if "$" not in raw:
                        fix = Fix(f"Make the WORKDIR absolute (/{raw})", (Edit(args[0].start, args[0].start, "/")
                                  if df.source.text[args[0].start] not in "\"'"
                                  else Edit(args[0].start + 1, args[0].start + 1, "/"),),
                                  Applicability.UNSAFE)
                    yield Violation(
                        df.span(args[0].start, args[0].end),
                        f"WORKDIR `{raw}` is relative to the base image's working directory, which this Dockerfile "
                        f"does not set; write an absolute path such as `/{value.lstrip('./')}`",
                        fix,
                    )
            earlier = True
