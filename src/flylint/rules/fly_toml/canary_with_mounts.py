"""`canary` deploy strategy in an app with volumes.

## What it does
Flags `[deploy] strategy = "canary"` when the configuration also has `[[mounts]]` (or the
legacy `[mount]`).

## Why is this bad?
A canary deploy boots an extra Machine next to the existing ones, and that Machine would need a
volume of its own. flyctl refuses the combination: `fly config validate` and `fly deploy` fail
with "canary deployment strategy is not supported when using mounted volumes".

## Severity
Error: flyctl refuses the canary strategy for apps with volumes, so the deploy fails.

## Example
```toml
[deploy]
  strategy = "canary"

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
No fix: choose between `rolling` and `immediate` yourself.

## References
- flyctl `validateDeploySection`
- Fly.io deploy strategies: https://fly.io/docs/reference/configuration/#picking-a-deployment-strategy
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import mount_sections
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY031", name="canary-with-mounts", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    deploy = cfg.data.get("deploy")
    if not isinstance(deploy, dict) or deploy.get("strategy") != "canary":
        return
    if mount_sections(cfg):
        yield Violation(cfg.entry_span(("deploy", "strategy")),
                        "strategy = \"canary\" with [[mounts]]: flyctl refuses to deploy (\"canary deployment "
                        "strategy is "
                        "not supported when using mounted volumes\"); use \"rolling\" or \"immediate\"")
