"""Top-level check with an interval under 2 seconds or a timeout over 60 seconds.

## What it does
Flags `[checks.NAME]` checks whose `interval` is below 2 s (0 included) or whose `timeout` is
above 60 s, reading bare numbers as milliseconds the way flyctl does for these checks.

## Why is this bad?
flyctl rejects both: `fly config validate` and `fly deploy` fail with "check interval must be
at least 2s" / "check timeout must be less than 60s". A bare `interval = 1000` is one second
here, not a thousand.

## Severity
Error: the Machines API rejects a check interval under 2 s or a timeout over 60 s, so the
deploy fails.

## Example
```toml
[checks.health]
  type = "http"
  port = 8080
  path = "/health"
  interval = "1s"
  timeout = "90s"
```

Use instead:
```toml
[checks.health]
  type = "http"
  port = 8080
  path = "/health"
  interval = "15s"
  timeout = "5s"
```

## Fix safety
No fix: pick the check frequency and the timeout yourself.

## References
- flyctl `validateChecksSection`
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import show
from flylint.fly.values import SECOND, ValueFormatError, describe_ns, duration_ns
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

MIN_INTERVAL = 2 * SECOND
MAX_TIMEOUT = 60 * SECOND


@rule(code="FLY036", name="top-level-check-out-of-bounds", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for ref in cfg.checks():
        if ref.kind != "top":
            continue
        name = ref.path[-1] if isinstance(ref.path[-1], str) else ref.data.get("name", ref.path[-1])
        for key in ("interval", "timeout"):
            if key not in ref.data:
                continue
            try:
                ns = duration_ns(ref.data[key], ref.bare_unit)
            except ValueFormatError:
                continue
            if ns is None:
                continue
            path = ref.path + (key,)
            if key == "interval" and ns < MIN_INTERVAL:
                yield Violation(cfg.entry_span(path),
                                f"check `{name}` has interval = {show(ref.data[key])} ({describe_ns(ns)}): flyctl "
                                "requires "
                                "at least 2 s for top-level checks, so `fly config validate` and `fly deploy` fail")
            elif key == "timeout" and ns > MAX_TIMEOUT:
                yield Violation(cfg.entry_span(path),
                                f"check `{name}` has timeout = {show(ref.data[key])} ({describe_ns(ns)}): flyctl "
                                "allows at "
                                "most 60 s for top-level checks, so `fly config validate` and `fly deploy` fail")
