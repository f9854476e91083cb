"""The config read as production lets every Machine stop when idle.

## What it does
Flags `[http_service]` or `[[services]]` entries that stop idle Machines
(`auto_stop_machines = "stop"`, `"suspend"` or `true`) with `min_machines_running` at `0` or
unset, in a config that is production because of the project around it: a plain `fly.toml`
next to `fly.staging.toml` (or other environment configs) when no config is named production,
and configs named `fly.prd.toml` or `fly.live.toml`. Files named `fly.production.toml` or
`fly.prod.toml` are checked by `production-scale-to-zero` (FLY107) instead, and a lone
`fly.toml` is never checked: scaling to zero is a good default for an app of unknown role.

## Why is this bad?
When traffic stops, the proxy stops every Machine; the next request waits while one boots
(from under a second to many seconds for Rails, JVM or ML apps), and background work in the
app stops with it. A production app usually keeps at least one Machine running in its
primary region.

## Example
```toml
# fly.toml, next to fly.staging.toml
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
Unsafe: the fix sets `min_machines_running = 1`, which keeps one Machine running (and billed)
at all times.

## References
- Fly.io autostop/autostart: https://fly.io/docs/launch/autostop-autostart/
- Fly.io, multiple environments: https://fly.io/docs/apps/multiple-environments/
- production-scale-to-zero (FLY107), the same check for files named production
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import environment_of
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import insert_key, replace_value
from flylint.rules.fly_toml._environments import auto_stop_on, environment_configs, min_running

# names FLY107 (production-scale-to-zero) already checks on its own
NAMED_ELSEWHERE = frozenset({"production", "prod"})


def _targets(cfg) -> Iterator[tuple[tuple, dict, str]]:
    hs = cfg.http_service
    if hs is not None:
        yield ("http_service",), hs, "[http_service]"
    services = cfg.services()
    for spath, svc in services:
        label = "[[services]]" if len(services) == 1 else f"[[services]] #{spath[-1] + 1}"
        yield spath, svc, label


@rule(code="FLY154", name="env-production-scale-to-zero", target="project", severity="info", fix="unsafe",
      tags=("environments", "availability"), controls=("SOC2-A1.1",))
def check(project, ctx: RuleContext) -> Iterator[Violation]:
    for env_cfg in environment_configs(project):
        if env_cfg.env != "production":
            continue
        cfg = env_cfg.cfg
        if (environment_of(env_cfg.name) or "").lower() in NAMED_ELSEWHERE:
            continue
        for path, svc, label in _targets(cfg):
            stop = svc.get("auto_stop_machines")
            if not auto_stop_on(stop) or min_running(svc.get("min_machines_running")) > 0:
                continue
            key = path + ("min_machines_running",)
            if "min_machines_running" in svc:
                edit = replace_value(cfg, key, "1")
                span = cfg.entry_span(key)
            else:
                edit = insert_key(cfg, path, "min_machines_running", "1", after="auto_start_machines")
                span = cfg.entry_span(path + ("auto_stop_machines",))
            shown = f'"{stop}"' if isinstance(stop, str) else str(stop).lower()
            yield Violation(
                span,
                f"{label} in {env_cfg.label} stops every Machine when idle (auto_stop_machines = {shown}, "
                "min_machines_running = 0): after a quiet period the first request waits for a cold start; "
                "set min_machines_running = 1",
                Fix("Set min_machines_running = 1", (edit,), Applicability.UNSAFE) if edit is not None else None,
                source=cfg.source,
            )
