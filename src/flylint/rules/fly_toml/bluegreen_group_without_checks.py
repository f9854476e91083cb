"""`bluegreen` deploy where some process groups have no health check.

## What it does
With `[deploy] strategy = "bluegreen"` and at least one check defined, flags the process groups
whose Machines get no check at all: checks follow the `processes` of the service or top-level
check they belong to, and an entry without `processes` applies only to the default group.

## Why is this bad?
During a blue-green deploy flyctl waits for each new Machine's checks before switching traffic.
For Machines without checks it prints "won't check its health" and switches blindly, so a
broken worker release goes live the same as a healthy one.

## Severity
Warning: groups without checks are switched over without proof they are healthy; flyctl may go
on, so not an error.

## Example
```toml
[deploy]
  strategy = "bluegreen"

[processes]
  web = "bin/web"
  worker = "bin/worker"

[http_service]
  internal_port = 8080
  processes = ["web"]

[[http_service.checks]]
  path = "/health"
```

Use instead:
```toml
[deploy]
  strategy = "bluegreen"

[processes]
  web = "bin/web"
  worker = "bin/worker"

[http_service]
  internal_port = 8080
  processes = ["web"]

[[http_service.checks]]
  path = "/health"

[checks.worker_alive]
  type = "tcp"
  port = 9090
  processes = ["worker"]
```

## Fix safety
No fix: a worker's check needs something it really serves.

## References
- flyctl bluegreen strategy warning
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import declared_groups, entry_groups
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY034", name="bluegreen-group-without-checks", target="fly_toml", severity="warning",
      tags=("reliability",), controls=("SOC2-A1.2",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    deploy = cfg.data.get("deploy")
    if not isinstance(deploy, dict) or deploy.get("strategy") != "bluegreen":
        return
    groups = sorted(declared_groups(cfg)) or ["app"]
    covered: set[str] = set()
    any_check = False
    hs = cfg.http_service
    if hs is not None and hs.get("checks"):
        covered.update(entry_groups(cfg, hs))
        any_check = True
    for _, svc in cfg.services():
        if svc.get("tcp_checks") or svc.get("http_checks"):
            covered.update(entry_groups(cfg, svc))
            any_check = True
    for ref in cfg.checks():
        if ref.kind == "top":
            covered.update(entry_groups(cfg, ref.data))
            any_check = True
    if not any_check:
        return  # bluegreen-without-checks
    missing = [g for g in groups if g not in covered]
    if missing:
        names = ", ".join(f"`{g}`" for g in missing)
        yield Violation(cfg.entry_span(("deploy", "strategy")),
                        f"strategy = \"bluegreen\" but process group {names} has no health check: flyctl says it "
                        "\"won't check its health\" and switches traffic to those Machines without waiting; add a "
                        "check scoped to it with processes = [...]")
