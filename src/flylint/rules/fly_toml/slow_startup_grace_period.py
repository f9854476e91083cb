"""Health-check grace period gives the app more than 30 seconds to start.

## What it does
Flags a health check (`[[http_service.checks]]`, `[[services.http_checks]]`,
`[[services.tcp_checks]]`, top-level `[checks.NAME]`) whose `grace_period` is above 30
seconds, read the way flyctl reads it (a bare number means milliseconds in service and
top-level checks, nanoseconds in `http_service.checks`).

## Why is this bad?
The grace period is the start-up time you allow the app: checks that fail during it do not
count. A grace period above 30 s means the app needs that long to serve, and the cost is
paid often on Fly.io: on every deploy (a rolling deploy waits for each Machine in turn), on
every autostart after an idle stop (the first request waits), and when a crashed Machine
restarts. Keep start-up under 30 s: move migrations to `[deploy] release_command`, warm
caches lazily, and use a smaller image. (Values above 1 minute are also lowered to 1 minute
by flyctl, see `service-check-duration-clamped`.)

This is a performance hint (info): a long grace period is right for an app that does need the
time, and the configuration cannot tell how long start-up really takes.

## Severity
Info: a long grace period only delays the detection of a failed start: hygiene.

## Example
```toml
[[http_service.checks]]
  grace_period = "90s"
  interval = "15s"
  timeout = "2s"
  path = "/health"
```

Use instead:
```toml
[deploy]
  release_command = "bin/migrate"

[[http_service.checks]]
  grace_period = "10s"
  interval = "15s"
  timeout = "2s"
  path = "/health"
```

## Fix safety
No fix: the start-up time is a property of the app; lowering the number alone would make
healthy Machines fail their checks while they boot.

## References
- Fly.io health checks, grace periods: https://fly.io/docs/reference/health-checks/
- Fly.io autostop/autostart: https://fly.io/docs/launch/autostop-autostart/
- flyctl clamps a service check's grace_period to one minute
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.values import SECOND, ValueFormatError, describe_ns, duration_ns
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

BUDGET_NS = 30 * SECOND


@rule(code="FLY110", name="slow-startup-grace-period", target="fly_toml", severity="info",
      tags=("performance", "availability"), controls=("SOC2-A1.1", "REVIEW-P3"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    if next(cfg.checks(), None) is None:
        ctx.not_applicable("no health checks, so the configuration says nothing about start-up time")
        return
    for ref in cfg.checks():
        if "grace_period" not in ref.data:
            continue
        try:
            ns = duration_ns(ref.data["grace_period"], ref.bare_unit)
        except ValueFormatError:
            continue  # reported by the schema rules
        if ns is None or ns <= BUDGET_NS:
            continue
        path = ref.path + ("grace_period",)
        yield Violation(
            cfg.entry_span(path),
            f"health check {ref.label} allows {describe_ns(ns)} for start-up (grace_period), which suggests the "
            "app takes that long to serve: every deploy, autostart and restart pays its start-up time; if it "
            "really needs it, keep start-up under 30 s (move migrations to [deploy] release_command)",
        )
