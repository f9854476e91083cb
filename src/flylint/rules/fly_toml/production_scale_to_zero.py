"""Production config lets every Machine stop when idle.

## What it does
In a production config, flags an `[http_service]` or `[[services]]` entry that stops idle
Machines (`auto_stop_machines = "stop"`, `"suspend"` or `true`) while `min_machines_running`
is `0` or unset (its default is 0). A config is production when its name says so
(`fly.production.toml`, `fly.prod.toml`, `fly.prd.toml`, `fly.live.toml`, `production.fly.toml`)
or when it is the plain `fly.toml` of a project that also has environment configs
(`fly.staging.toml` …) and none named production. Other configs, and a lone `fly.toml`, are
not checked: scaling to zero is a good default for an app of unknown role.

## Why is this bad?
When traffic stops, the proxy stops every Machine; the next request waits while one boots
(hundreds of milliseconds for a small app, many seconds for Rails, JVM or ML apps), and
background work in the app (schedulers, websockets, queues) stops with it. In production you
usually want at least one Machine always running in the primary region.

## Severity
Info: scale to zero in production trades cold starts for cost, a choice: hygiene.

## Example
```toml
# fly.production.toml
[http_service]
  internal_port = 8080
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 0
```

Use instead:
```toml
[http_service]
  internal_port = 8080
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 1
```

## Fix safety
Unsafe: the fix sets `min_machines_running = 1`, which keeps a Machine running (and billed)
around the clock.

## References
- Fly.io autostop/autostart: https://fly.io/docs/launch/autostop-autostart/
- Fly.io `min_machines_running`: https://fly.io/docs/reference/configuration/#the-http_service-section
- Fly.io, multiple environments: https://fly.io/docs/apps/multiple-environments/
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import insert_key, replace_value
from flylint.rules.fly_toml._autoscale import auto_stop_on, min_running, proxied_services
from flylint.rules.fly_toml._environments import is_production


@rule(code="FLY107", name="production-scale-to-zero", target="fly_toml", severity="info", fix="unsafe",
      tags=("availability",), controls=("SOC2-A1.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    if not is_production(cfg, ctx.project):
        ctx.not_applicable("not the production config")
        return
    if next(proxied_services(cfg), None) is None:
        ctx.not_applicable("no service the Fly proxy routes to")
        return
    where = (f"the {cfg.env} config" if cfg.env else
             "this config (read as production: the project's other configs are named for other environments)")
    for path, svc, label in proxied_services(cfg):
        stop = svc.get("auto_stop_machines")
        if not auto_stop_on(stop) or min_running(svc.get("min_machines_running")) > 0:
            continue
        key = path + ("min_machines_running",)
        if "min_machines_running" in svc:
            edit = replace_value(cfg, key, "1")
            edits: Sequence[Edit] | None = (edit,) if edit is not None else None
            span = cfg.entry_span(key)
        else:
            edits = insert_key(cfg, path, "min_machines_running", "1", after="auto_start_machines")
            span = cfg.entry_span(path + ("auto_stop_machines",))
        fix = Fix("Set min_machines_running = 1", edits, Applicability.UNSAFE) if edits else None
        yield Violation(
            span,
            f"{label} in {where} stops every Machine when idle (auto_stop_machines = {_show(stop)}, "
            "min_machines_running = 0): the first request after a quiet period waits for a cold start; "
            "set min_machines_running = 1",
            fix,
        )


def _show(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower()
