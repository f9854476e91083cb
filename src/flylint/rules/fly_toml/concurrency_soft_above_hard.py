"""Concurrency `soft_limit` above `hard_limit`.

## What it does
Flags `[http_service.concurrency]` and `[services.concurrency]` (table or legacy `"soft,hard"`
string) whose `soft_limit` is greater than its `hard_limit`.

## Why is this bad?
The Fly proxy stops sending new work to a Machine at the hard limit and starts preferring other
Machines at the soft limit. A soft limit above the hard one is never reached: autostop's
"excess capacity" and load balancing by soft limit stop working as intended. It usually means
the two numbers were swapped.

## Severity
Warning: a soft limit above the hard limit never takes effect, a mistake a reviewer asks about;
the deploy works.

## Example
```toml
[http_service.concurrency]
  type = "requests"
  soft_limit = 250
  hard_limit = 200
```

Use instead:
```toml
[http_service.concurrency]
  type = "requests"
  soft_limit = 200
  hard_limit = 250
```

## Fix safety
No fix: which number is wrong is for you to decide.

## References
- Fly.io concurrency settings: https://fly.io/docs/reference/configuration/#http_service-concurrency
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.fly.values import decimal_int
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig, Path
from flylint.linter.registry import RuleContext, rule


def _limits(value: object) -> tuple[int, int] | None:
    if isinstance(value, dict):
        soft, hard = value.get("soft_limit"), value.get("hard_limit")
        if isinstance(soft, int) and isinstance(hard, int) and not isinstance(soft, bool) \
                and not isinstance(hard, bool):
            return soft, hard
    elif isinstance(value, str) and value.count(",") == 1:
        left, right = value.split(",")
        soft, hard = decimal_int(left, signed=True), decimal_int(right, signed=True)
        if soft is not None and hard is not None:
            return soft, hard
    return None


@rule(code="FLY059", name="concurrency-soft-above-hard", target="fly_toml", severity="warning",
      tags=("reliability", "performance"), controls=("SOC2-A1.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    entries: list[tuple[Path, dict[str, Any]]] = []
    if cfg.http_service is not None:
        entries.append((("http_service",), cfg.http_service))
    entries += cfg.services()
    if not entries:
        ctx.not_applicable("no service the Fly proxy routes to")
    for path, svc in entries:
        limits = _limits(svc.get("concurrency"))
        if limits is None or limits[0] <= limits[1] or limits[1] <= 0:
            continue
        cpath = path + ("concurrency",)
        nested = isinstance(svc["concurrency"], dict)
        span = cfg.entry_span(cpath + ("soft_limit",)) if nested else cfg.entry_span(cpath)
        yield Violation(span,
                        f"soft_limit {limits[0]} is above hard_limit {limits[1]}: the proxy stops sending work at "
                        "the hard "
                        "limit, so the soft limit is never reached; swap them or lower soft_limit")
