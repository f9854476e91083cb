"""`bluegreen` deploy strategy in an app with volumes.

## What it does
Flags `[deploy] strategy = "bluegreen"` when the configuration also has `[[mounts]]`.

## Why is this bad?
A blue-green deploy starts a complete second set of Machines before stopping the old ones, and
a volume can be attached to only one Machine at a time. The Fly.io docs list bluegreen as not
supporting volumes. flyctl does not check this before deploying, so the problem shows up in the
middle of `fly deploy`.

## Severity
Warning: bluegreen with volumes needs spare volumes for the new Machines and fails when they
are missing; whether they exist is not in the files, so not an error.

## Example
```toml
[deploy]
  strategy = "bluegreen"

[[mounts]]
  source = "data"
  destination = "/data"
```

Use instead:
```toml
[deploy]
  strategy = "rolling"

[[mounts]]
  source = "data"
  destination = "/data"
```

## Fix safety
No fix: choose the strategy yourself.

## References
- Fly.io deploy strategies (bluegreen and volumes): https://fly.io/docs/reference/configuration/#picking-a-deployment-strategy
- flyctl enforces this only for canary
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import mount_sections
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY032", name="bluegreen-with-mounts", target="fly_toml", severity="warning",
      tags=("reliability",), controls=("SOC2-A1.2",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    deploy = cfg.data.get("deploy")
    if not isinstance(deploy, dict) or deploy.get("strategy") != "bluegreen":
        return
    if mount_sections(cfg):
        yield Violation(cfg.entry_span(("deploy", "strategy")),
                        "strategy = \"bluegreen\" with [[mounts]]: blue-green deploys start a second set of Machines, "
                        "but a volume attaches to one Machine only (the Fly.io docs exclude volumes); use \"rolling\"")
