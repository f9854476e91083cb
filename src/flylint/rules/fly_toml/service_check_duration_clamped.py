"""Service health-check duration that flyctl raises to 1 second or lowers to 1 minute.

## What it does
Flags `interval` and `timeout` below 1 second (0 included), a non-zero `grace_period` below 1
second, and any of the three above 1 minute, in `[[http_service.checks]]`,
`[[services.tcp_checks]]` and `[[services.http_checks]]`. Bare numbers are read as flyctl
reads them there (milliseconds in `[[services]]` checks). A `timeout` above 1 minute is left to
`health-check-timeout-too-long`, and nanosecond bare numbers to `bare-number-duration`.

## Why is this bad?
flyctl prints "will be raised to 1 second" / "will be lowered to 1 minute" and deploys the
clamped value, so the file says something different from what runs. An interval of a few
milliseconds usually means a unit mistake (`interval = 15` in a service check is 15 ms).

## Severity
Warning: flyctl clamps the duration, so the check does not run as written; the deploy works.

## Example
```toml
[[services.tcp_checks]]
  interval = 15
  timeout = "2s"
  grace_period = "5m"
```

Use instead:
```toml
[[services.tcp_checks]]
  interval = "15s"
  timeout = "2s"
  grace_period = "1m"
```

## Fix safety
No fix: the value that was meant is unknown (15 ms? 15 s?).

## References
- flyctl `validateSingleServiceCheckDuration`
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.fly.values import SECOND, BareUnit, ValueFormatError, describe_ns, duration_ns
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

MINUTE = 60 * SECOND


@rule(code="FLY046", name="service-check-duration-clamped", target="fly_toml", severity="warning",
      tags=("correctness", "reliability"), controls=("SOC2-A1.2",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for ref in cfg.checks():
        if ref.kind == "top":
            continue
        for key in ("interval", "timeout", "grace_period"):
            if key not in ref.data:
                continue
            value = ref.data[key]
            bare_number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if ref.bare_unit is BareUnit.NANOSECONDS and bare_number:
                continue  # bare-number-duration
            try:
                ns = duration_ns(value, ref.bare_unit)
            except ValueFormatError:
                continue
            if ns is None:
                continue
            path = ref.path + (key,)
            shown = assign(key, repr(value) if not isinstance(value, str) else f"\"{value}\"")
            if ns > MINUTE and key != "timeout":
                yield Violation(cfg.entry_span(path),
                                f"health check {ref.label} has {shown} ({describe_ns(ns)}): flyctl lowers "
                                "service-check "
                                "durations to 1 minute and warns at every deploy; write at most \"1m\"")
            elif ns < SECOND and (key != "grace_period" or ns != 0):
                yield Violation(cfg.entry_span(path),
                                f"health check {ref.label} has {shown} ({describe_ns(ns)}): flyctl raises "
                                "service-check "
                                "durations to 1 second and warns at every deploy; write at least \"1s\"")
