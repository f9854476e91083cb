"""The image runs `apt-get upgrade` / `dist-upgrade` instead of using a newer base image.

## What it does
Flags `apt-get upgrade`, `dist-upgrade` and `full-upgrade` (and the `apt` equivalents) in the
stage Fly runs or the stages it is built `FROM`.

## Why is this bad?
Upgrading inside the build makes the image depend on the day it was built: two builds of the
same commit get different packages, and the result is a combination the base image's
maintainers never tested. It also duplicates every upgraded file in a new layer. Security
fixes arrive more predictably through a rebuilt, pinned base image (bump the tag or digest,
with Renovate or Dependabot doing it for you).

## Severity
Info: upgrading packages in the image is reproducibility hygiene; many projects do it on
purpose to pick up security fixes, so a reviewer would not ask on most projects.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get dist-upgrade -y
```

Use instead:
```dockerfile
FROM debian:bookworm-20241111-slim
```

## Fix safety
No fix: removing the upgrade changes which package versions ship.

## References
- trivy DS-0024 (dist-upgrade); dockle DKL-DI-0003; hadolint DL3035 (zypper dist-upgrade)
- CWE-1357: Reliance on Insufficiently Trustworthy Component
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import fly_config, run_chain, run_commands


@rule(code="DKR017", name="apt-get-upgrade", target="dockerfile", severity="info",
      tags=("reproducibility",), cwe=(1357,), controls=("SOC2-CC8.1",))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for _ins, cmd in run_commands(df, run_chain(df, ctx, fly_config(df, ctx))):
        call = pkg_call(cmd)
        if call is None or call.family != "apt" or call.sub_word is None:
            continue
        if call.sub in ("upgrade", "dist-upgrade", "full-upgrade"):
            yield Violation(
                df.span(call.tool_word.start, call.sub_word.end),
                f"`{call.tool} {call.sub}` makes the image depend on the build date; rebuild on a newer, pinned "
                "base image tag instead",
            )
