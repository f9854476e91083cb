"""A `RUN` updates the package index without installing anything in the same step.

## What it does
Flags `apt-get update` / `apt update` / `apk update` in a `RUN` (any stage) that does not also
install or upgrade packages with the same package manager.

## Why is this bad?
Docker caches each `RUN` by its text. `RUN apt-get update` on its own is cached forever, so a
later `RUN apt-get install …` keeps using the index from the day the cache was made: it
installs outdated packages or fails with 404s once the mirror has moved on.

## Severity
Warning: an index update cached in its own layer installs stale packages later; reviewers ask
for update and install in one RUN.

## Example
```dockerfile
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
```

Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
No fix: merging two `RUN` instructions is a layout decision.

## References
- checkov CKV_DOCKER_5; trivy DS-0017; dockle CIS-DI-0007; CIS Docker Benchmark 4.7
- CWE-1104
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import run_scripts

_USES = {"apt": {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "reinstall"},
         "apk": {"add", "upgrade", "fix"}}


@rule(code="DKR018", name="package-update-alone", target="dockerfile", severity="warning",
      tags=("reproducibility",), cwe=(1104,), controls=("CIS-4.7",))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for _ins, commands in run_scripts(df):
        calls = [p for p in (pkg_call(c) for c in commands) if p is not None]
        for call in calls:
            if call.family not in _USES or call.sub != "update" or call.sub_word is None:
                continue
            if any(p.family == call.family and p.sub in _USES[call.family] for p in calls):
                continue
            install = "apk add" if call.family == "apk" else f"{call.tool} install"
            yield Violation(
                df.span(call.tool_word.start, call.sub_word.end),
                f"`{call.tool} update` alone in a RUN is cached separately, so a later `{install}` uses a stale "
                f"index; update and install in the same RUN (`{call.tool} update && {install} …`)",
            )
