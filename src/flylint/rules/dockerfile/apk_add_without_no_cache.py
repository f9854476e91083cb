"""`apk add` leaves the Alpine package index in the image.

## What it does
Flags `apk add` in the stage Fly runs (or the stages it is built `FROM`) without `--no-cache`,
unless the same `RUN` removes `/var/cache/apk` or mounts a build cache there. Builder stages are
not checked.

## Why is this bad?
Without `--no-cache`, apk stores the downloaded index in `/var/cache/apk` inside the layer:
a few megabytes more in every image pull, and a stale index for anyone who runs apk later.
`--no-cache` fetches a fresh index for this command and keeps nothing, so a separate
`apk update` is not needed either.

## Severity
Info: a kept Alpine package index only makes the image larger: image-size hygiene.

## Example
```dockerfile
RUN apk update && apk add curl
```

Use instead:
```dockerfile
RUN apk add --no-cache curl
```

## Fix safety
Safe: the fix adds `--no-cache` after `apk add`; apk then reads the index over the network
instead of from the cache and installs the same packages.

## References
- hadolint DL3019; trivy DS-0025; dockle DKL-DI-0004
- CWE-1104
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import cache_mounted, pkg_call, removes
from flylint.rules.dockerfile._util import fly_config, run_chain, run_scripts


@rule(code="DKR020", name="apk-add-without-no-cache", target="dockerfile", severity="info", fix="safe",
      tags=("image-size",), cwe=(1104,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins, commands in run_scripts(df, run_chain(df, ctx, fly_config(df, ctx))):
        if removes(commands, "/var/cache/apk") or cache_mounted(ins, "/var/cache/apk", "/etc/apk/cache"):
            continue
        for cmd in commands:
            call = pkg_call(cmd)
            if call is None or call.family != "apk" or call.sub != "add" or call.sub_word is None:
                continue
            if call.has("--no-cache"):
                continue
            word = call.sub_word
            yield Violation(
                df.span(call.tool_word.start, word.end),
                "`apk add` without --no-cache keeps the package index in the image; use `apk add --no-cache`",
                Fix("Add --no-cache", (Edit(word.end, word.end, " --no-cache"),), Applicability.SAFE),
            )
