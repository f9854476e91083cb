"""`kill_timeout` above the 5-minute maximum Fly.io documents.

## What it does
Flags a top-level `kill_timeout` (or the legacy `[experimental] kill_timeout`) longer than 300
seconds, reading a bare number as seconds the way flyctl does.

## Why is this bad?
The Fly.io docs give 300 s as the maximum time a Machine gets between the kill signal and
being killed. Relying on a longer shutdown (draining long jobs, finishing uploads) will not
work; such work needs to be made resumable instead.

## Severity
Warning: Fly.io documents a 5-minute maximum and caps the value; the deploy works.

## Example
```toml
kill_timeout = "10m"
```

Use instead:
```toml
kill_timeout = "5m"
```

## Fix safety
No fix: the shutdown design is yours.

## References
- Fly.io app configuration, `kill_timeout`: https://fly.io/docs/reference/configuration/#runtime-options
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import show
from flylint.fly.values import SECOND, BareUnit, ValueFormatError, describe_ns, duration_ns
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig, Path
from flylint.linter.registry import RuleContext, rule

MAX = 300 * SECOND


@rule(code="FLY062", name="kill-timeout-too-long", target="fly_toml", severity="warning",
      tags=("reliability",), controls=("SOC2-A1.2",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    exp = cfg.data.get("experimental")
    candidates: list[Path] = [("kill_timeout",)]
    if "kill_timeout" not in cfg.data and isinstance(exp, dict):
        candidates.append(("experimental", "kill_timeout"))
    for path in candidates:
        value = cfg.get(path)
        if value is None:
            continue
        try:
            ns = duration_ns(value, BareUnit.SECONDS)
        except ValueFormatError:
            continue
        if ns is not None and ns > MAX:
            yield Violation(cfg.entry_span(path),
                            f"kill_timeout = {show(value)} ({describe_ns(ns)}) is above the 300 s maximum the Fly.io "
                            "docs "
                            "give: a Machine is not given longer to shut down; keep it at \"5m\" or less")
