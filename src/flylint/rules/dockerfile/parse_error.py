"""Dockerfile that cannot be parsed.

## What it does
Reports a Dockerfile that the builder would reject before running any step: text where an
instruction keyword should be, an instruction other than `ARG` before the first `FROM`, or a
heredoc (`RUN <<EOF`) whose closing delimiter never comes. Also used for a `.dockerignore` or
Dockerfile that cannot be read (not UTF-8, too large).

## Why is this bad?
`fly deploy` fails at the build step, usually after uploading the build context, and no other
Dockerfile rule can look at the file until it parses.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN <<SCRIPT
apt-get update
```

Use instead:
```dockerfile
FROM debian:bookworm-slim
RUN <<SCRIPT
apt-get update
SCRIPT
```

## Fix safety
No fix.

## References
- Dockerfile reference, parser directives and heredocs: https://docs.docker.com/reference/dockerfile/
- hadolint reports parse failures as DL1000
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile


@rule(code="DKR000", name="dockerfile-parse-error", target=("dockerfile", "dockerignore"), severity="error",
      tags=("correctness",))
def check(model: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    return iter(())
