"""Top-level check without a `port` in a process group that has no `[http_service]`.

## What it does
Flags a `[checks.NAME]` check that sets no `port` when one of the process groups it applies to
is not served by `[http_service]` (flyctl borrows `http_service.internal_port` for such checks
only). A check without `processes` applies to the default group.

## Why is this bad?
flyctl cannot tell where to send the check. `fly config validate` does not notice; `fly deploy`
fails when it builds the Machine config ("has no port set").

## Severity
Error: flyctl cannot tell which port to check and rejects the config, so the deploy fails.

## Example
```toml
[processes]
  worker = "bin/worker"

[checks.alive]
  type = "tcp"
  processes = ["worker"]
```

Use instead:
```toml
[processes]
  worker = "bin/worker"

[checks.alive]
  type = "tcp"
  port = 9090
  processes = ["worker"]
```

## Fix safety
No fix: only you know the port the process listens on.

## References
- flyctl machine-config conversion of top-level checks
- Fly.io `[checks]` section: https://fly.io/docs/reference/configuration/#the-checks-section
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import entry_groups
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY037", name="top-level-check-without-port", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    hs = cfg.http_service
    served = set(entry_groups(cfg, hs)) if hs is not None and hs.get("internal_port") else set()
    for ref in cfg.checks():
        if ref.kind != "top" or "port" in ref.data:
            continue
        if ref.data.get("type") not in ("http", "tcp"):
            continue  # invalid-check-type reports it first
        missing = [g for g in entry_groups(cfg, ref.data) if g not in served]
        if not missing:
            continue
        name = ref.path[-1] if isinstance(ref.path[-1], str) else ref.data.get("name", ref.path[-1])
        groups = ", ".join(f"`{g}`" for g in missing)
        yield Violation(cfg.key_span(ref.path),
                        f"check `{name}` sets no port and process group {groups} has no [http_service] to borrow "
                        "internal_port from: `fly deploy` fails (\"has no port set\"); add port = <the port to check>")
