"""Machines are stopped when idle but never started again.

## What it does
Flags an `[http_service]` or `[[services]]` entry with `auto_stop_machines` on (`"stop"`,
`"suspend"` or `true`) and `auto_start_machines = false` while `min_machines_running` is `0`
or unset.

## Why is this bad?
The proxy stops idle Machines, and with autostart off it never starts them again when
requests arrive: after the first quiet period the app is down until someone runs
`fly machine start` or deploys. Fly.io's docs advise setting both options the same way (both
on to scale with traffic, both off to keep Machines running). With `min_machines_running` of
1 or more the minimum keeps serving, so that combination is not flagged.

## Severity
Warning: Machines stopped when idle and never started again leave the app down after its first
quiet spell; a reviewer asks on most apps.

## Example
```toml
[http_service]
  internal_port = 8080
  auto_stop_machines = "stop"
  auto_start_machines = false
```

Use instead:
```toml
[http_service]
  internal_port = 8080
  auto_stop_machines = "stop"
  auto_start_machines = true
```

## Fix safety
Unsafe: the fix sets `auto_start_machines = true`; if Machines were meant to be started by
something else (a scheduler calling the Machines API), set `auto_stop_machines = "off"` instead.

## References
- Fly.io autostop/autostart: https://fly.io/docs/launch/autostop-autostart/
- Fly.io `http_service` settings: https://fly.io/docs/reference/configuration/#the-http_service-section
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value
from flylint.rules.fly_toml._autoscale import auto_stop_on, min_running, proxied_services

OFF = '"off"'


@rule(code="FLY109", name="auto-start-disabled", target="fly_toml", severity="warning", fix="unsafe",
      tags=("availability",), controls=("SOC2-A1.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    if next(proxied_services(cfg), None) is None:
        ctx.not_applicable("no service the Fly proxy routes to")
        return
    for path, svc, label in proxied_services(cfg):
        stop = svc.get("auto_stop_machines")
        if not auto_stop_on(stop) or svc.get("auto_start_machines") is not False:
            continue
        if min_running(svc.get("min_machines_running")) > 0:
            continue
        key = path + ("auto_start_machines",)
        edit = replace_value(cfg, key, "true")
        fix = Fix("Set auto_start_machines = true", (edit,), Applicability.UNSAFE) if edit is not None else None
        shown = f'"{stop}"' if isinstance(stop, str) else "true"
        yield Violation(
            cfg.entry_span(key),
            f"{label} stops idle Machines ({assign('auto_stop_machines', shown)}) but "
            f"{assign('auto_start_machines', 'false')} never starts them again: the app goes down after the first "
            f"quiet period; set {assign('auto_start_machines', 'true')} (or {assign('auto_stop_machines', OFF)})",
            fix,
        )
