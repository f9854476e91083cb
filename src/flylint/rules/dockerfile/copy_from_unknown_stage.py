"""`COPY --from=<name>` names no stage of this Dockerfile, so Docker pulls an image called `<name>`.

## What it does
Flags `COPY --from=<name>` (and `RUN --mount=…,from=<name>`) when `<name>` is not the name of
a stage in the Dockerfile, not a stage number, and does not look like an image reference (no
`/`, `:`, `.` or `@`). `--from` values built from variables are not checked.

## Why is this bad?
Docker treats an unknown name as an image on Docker Hub: a typo in a stage name (`--from=buidl`)
becomes a pull of `docker.io/library/buidl:latest`, which fails the build at best and, at worst,
copies files from whatever image someone published under that name.

## Severity
Warning: Docker pulls an image of that name instead of using a stage: the build fails when none
exists and runs someone else's image when one does.

## Example
```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

Use instead:
```dockerfile
COPY --from=builder /out/app /app
```

## Fix safety
No fix: the intended stage cannot be known for sure.

## References
- hadolint DL3022
- CWE-706: Use of Incorrectly-Resolved Name or Reference
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.values import decimal_int
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import from_references


def looks_like_image(name: str) -> bool:
    return any(c in name for c in "/:.@")


@rule(code="DKR030", name="copy-from-unknown-stage", target="dockerfile", severity="warning",
      tags=("correctness", "supply-chain"), cwe=(706,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    names = {st.alias.lower() for st in df.stages if st.alias}
    for ins in df.instructions:
        for name, start, end in from_references(ins):
            if "$" in name or looks_like_image(name) or name.lower() in names:
                continue
            if decimal_int(name) is not None:
                if df.stage_numbered(name) is not None:
                    continue
                message = (f"--from={name}: this Dockerfile has only {len(df.stages)} stage(s), numbered from 0 to "
                           f"{len(df.stages) - 1}; name an existing stage")
            else:
                import difflib

                close = difflib.get_close_matches(name.lower(), sorted(names), n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                message = (f"--from={name} names no stage of this Dockerfile{hint}, so Docker pulls the image "
                           f"`{name}:latest` from Docker Hub; name an existing stage or a full image reference")
            yield Violation(df.span(start, end), message)
