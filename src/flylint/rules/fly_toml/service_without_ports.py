"""`[[services]]` entry without any `ports`.

## What it does
Flags a non-empty `[[services]]` entry that has no `[[services.ports]]`.

## Why is this bad?
A service without ports is not reachable through the Fly proxy: nothing is exposed, its
`concurrency` and checks still apply, and auto start/stop has no traffic to react to. flyctl
prints a warning at every validate and deploy (it once announced that this would become an
error). Private traffic between your Machines over 6PN or Flycast does not need a
`[[services]]` entry without ports.

## Severity
Warning: a service without ports receives no traffic, a mistake a reviewer asks about; flyctl
accepts it.

## Example
```toml
[[services]]
  internal_port = 8080
  protocol = "tcp"
```

Use instead:
```toml
[[services]]
  internal_port = 8080
  protocol = "tcp"

  [[services.ports]]
    port = 443
    handlers = ["tls", "http"]
```

## Fix safety
No fix: which ports to expose, and whether at all, is a design decision.

## References
- flyctl `validateServicesSection`
- Fly.io services: https://fly.io/docs/networking/services/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY045", name="service-without-ports", target="fly_toml", severity="warning",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for path, svc in cfg.services():
        if not svc or svc.get("ports"):
            continue
        port = svc.get("internal_port")
        where = f" (internal_port {port})" if port is not None else ""
        yield Violation(cfg.key_span(path),
                        f"[[services]]{where} has no ports: nothing reaches it through the Fly proxy and flyctl "
                        "warns at "
                        "every deploy; add [[services.ports]] or remove the service")
