"""Health-check timeout longer than 5 seconds.

## What it does
Flags any health check (`[[http_service.checks]]`, `[[services.http_checks]]`,
`[[services.tcp_checks]]`, top-level `[checks.NAME]`) whose `timeout` is above 5 seconds. The
value is read the way flyctl reads it: a string is a Go duration (`"10s"`, `"1m"`), and a bare
number means milliseconds in service and top-level checks but nanoseconds in
`http_service.checks` (see `bare-number-duration` for that trap).

A timeout a few seconds over is a tuning hint (info); one of more than 30 seconds, or one that
is not shorter than the check's interval (checks then overlap), is a warning. It is never an
error: flyctl accepts any timeout up to a minute and the deploy works. The checks of Fly's own
Postgres template (`/flycheck/*` on port 5500, image `flyio/postgres*`) are Fly's defaults and
are not reported.

## Why is this bad?
A health endpoint should answer in milliseconds. A long timeout hides a hung or overloaded
Machine: for service checks the proxy keeps sending it traffic for the whole timeout of every
check; top-level `[checks]` do not steer traffic, but a Machine is reported unhealthy only that
much later, and a deploy waits that long before it can tell a broken release. Users see the
latency long before the check fails. Keep checks cheap (no database round trips that can stall) and the timeout at
5 seconds or less.

## Severity
Warning for timeouts of a minute or more, info up to that: a long timeout only slows the
detection of a failed Machine, a performance matter; Fly's own Postgres template is not
reported.

## Example
```toml
[[http_service.checks]]
  interval = "30s"
  timeout = "10s"
  path = "/health"
```

Use instead:
```toml
[[http_service.checks]]
  interval = "30s"
  timeout = "5s"
  path = "/health"
```

## Fix safety
Unsafe: the fix sets `timeout = "5s"`; an endpoint that really needs longer will start failing
its checks. Make the endpoint faster rather than raising the limit.

## References
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
- flyctl clamps service-check timeouts to 1 minute and top-level ones must be ≤ 60 s
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.images import is_fly_postgres
from flylint.fly.values import SECOND, ValueFormatError, describe_ns, duration_ns
from flylint.linter.model import Applicability, Fix, Severity, Violation
from flylint.linter.parsers.fly_toml import CheckRef, FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value

LIMIT_NS = 5 * SECOND
LONG_NS = 30 * SECOND


@rule(code="FLY003", name="health-check-timeout-too-long", target="fly_toml", severity="warning", fix="unsafe",
      tags=("reliability", "performance"), controls=("SOC2-A1.2", "SOC2-CC7.2", "REVIEW-P2"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    if next(cfg.checks(), None) is None:
        ctx.not_applicable("no health checks")
        return
    if is_fly_postgres(cfg):
        ctx.not_applicable("Fly Postgres template: its checks are Fly's defaults")
        return
    for ref in cfg.checks():
        if "timeout" not in ref.data:
            continue
        try:
            ns = duration_ns(ref.data["timeout"], ref.bare_unit)
        except ValueFormatError:
            continue  # an invalid duration is reported by the schema rules
        if ns is None or ns <= LIMIT_NS:
            continue
        if ref.kind == "top" and ns > 60 * SECOND:
            continue  # flyctl rejects it outright: top-level-check-out-of-bounds (FLY036) reports it
        path = ref.path + ("timeout",)
        edit = replace_value(cfg, path, '"5s"')
        if ref.kind == "top":  # top-level checks do not gate routing; they report health and gate deploys
            effect = "a hung Machine is reported unhealthy only after that long on every check, and deploys wait on it"
        else:
            effect = "a hung Machine keeps receiving traffic that long on every check"
        interval = _interval_ns(ref)
        overlaps = interval is not None and ns >= interval
        if interval is not None and overlaps:
            effect += f", and it is not shorter than the interval ({describe_ns(interval)}), so checks overlap"
        yield Violation(
            cfg.entry_span(path),
            f"health check {ref.label} has timeout {describe_ns(ns)}: {effect}; keep the timeout at 5 s or less",
            Fix('Set timeout = "5s"', (edit,), Applicability.UNSAFE) if edit else None,
            # a few seconds over is a tuning hint; a timeout that outlasts the interval or half a minute is not
            severity=None if overlaps or ns > LONG_NS else Severity.INFO,
        )


def _interval_ns(ref: CheckRef) -> int | None:
    if "interval" not in ref.data:
        return None
    try:
        return duration_ns(ref.data["interval"], ref.bare_unit)
    except ValueFormatError:
        return None
