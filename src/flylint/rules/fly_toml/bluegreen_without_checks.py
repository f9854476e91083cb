"""`bluegreen` deploy strategy without any health check.

## What it does
Flags `[deploy] strategy = "bluegreen"` when the configuration defines no health check at all
(no `[checks.NAME]`, no `[[http_service.checks]]`, no `tcp_checks` / `http_checks` in any
`[[services]]`).

## Why is this bad?
A blue-green deploy switches traffic to the new Machines once their health checks pass; with no
check there is nothing to wait for, and `fly deploy` stops with "You need to define at least 1
check in order to use blue-green deployments". `fly config validate` does not catch it.

## Severity
Error: flyctl refuses a bluegreen deploy without health checks, so the deploy fails.

## Example
```toml
[deploy]
  strategy = "bluegreen"

[http_service]
  internal_port = 8080
```

Use instead:
```toml
[deploy]
  strategy = "bluegreen"

[http_service]
  internal_port = 8080

[[http_service.checks]]
  interval = "15s"
  timeout = "2s"
  path = "/health"
```

## Fix safety
No fix: the check needs an endpoint your app really serves.

## References
- flyctl bluegreen strategy
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY033", name="bluegreen-without-checks", target="fly_toml", severity="error",
      tags=("correctness", "reliability"), controls=("SOC2-A1.2",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    deploy = cfg.data.get("deploy")
    if not isinstance(deploy, dict) or deploy.get("strategy") != "bluegreen":
        return
    if any(True for _ in cfg.checks()):
        return
    yield Violation(cfg.entry_span(("deploy", "strategy")),
                    "strategy = \"bluegreen\" but no health check is defined: `fly deploy` stops with \"You need to "
                    "define at least 1 check in order to use blue-green deployments\"; add [[http_service.checks]] "
                    "or a [checks.NAME] check")
