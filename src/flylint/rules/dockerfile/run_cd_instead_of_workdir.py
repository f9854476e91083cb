"""A `RUN` starts with `cd` to set the directory for its commands; `WORKDIR` says it once.

## What it does
Flags a `RUN` (shell form or heredoc) whose first command is `cd <absolute path>`, outside
temporary directories (`/tmp`, `/var/tmp`). Shell options set first (`set -eux` at the top of a
`RUN <<EOF` body) do not count as the first command. Later `cd`s inside a `RUN` (`… && cd build && make`)
are not flagged.

## Why is this bad?
The `cd` only lasts for that `RUN`; the next `RUN`, `COPY` and the final `CMD` still run in the
old directory, which is a classic source of "file not found" at deploy time. `WORKDIR` sets the
directory for everything that follows and documents it.

## Severity
Info: `cd` inside RUN works; WORKDIR says it once: style.

## Example
```dockerfile
RUN cd /app && npm ci
```

Use instead:
```dockerfile
WORKDIR /app
RUN npm ci
```

## Fix safety
No fix: `WORKDIR` also changes the directory of the instructions after it.

## References
- hadolint DL3003; trivy DS-0013
- CWE-1164: Irrelevant Code
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import run_scripts

_TEMP = ("/tmp", "/var/tmp", "/dev/shm")


@rule(code="DKR034", name="run-cd-instead-of-workdir", target="dockerfile", severity="info",
      tags=("best-practice",), cwe=(1164,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for _ins, commands in run_scripts(df):
        top = [c for c in commands if not c.nested and (c.words or c.assignments)]
        while top and top[0].argv and top[0].argv[0].text == "set" and not top[0].assignments:
            top = top[1:]  # `set -eux` before the work (the usual start of a heredoc body)
        if not top:
            continue
        first = top[0]
        argv = first.argv
        if len(argv) != 2 or argv[0].text != "cd" or first.op_after not in ("&&", ";", "\n"):
            continue
        target = argv[1].text
        if not target.startswith("/") or "$" in target or target.rstrip("/").startswith(_TEMP):
            continue
        yield Violation(
            df.span(argv[0].start, argv[1].end),
            f"`cd {target}` lasts only for this RUN; set `WORKDIR {target}` before it instead",
        )
