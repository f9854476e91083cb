"""`[deploy] max_unavailable` without the `rolling` or `canary` strategy.

## What it does
Flags `max_unavailable` in `[deploy]` when `strategy` is `immediate` or `bluegreen`, where it
has no effect, or not set at all, where flyctl warns about it at every deploy.

## Why is this bad?
`max_unavailable` sizes the batches of a rolling (or canary) deploy. With `immediate` or
`bluegreen` it is ignored, so the file promises a deploy pace that does not happen. When no
strategy is written, flyctl deploys with the rolling default but still prints a warning on
every deploy; writing `strategy = "rolling"` makes the intent explicit.

## Severity
Warning: max_unavailable does nothing with this strategy, a silent mistake; the deploy works.

## Example
```toml
[deploy]
  max_unavailable = 0.5
```

Use instead:
```toml
[deploy]
  strategy = "rolling"
  max_unavailable = 0.5
```

## Fix safety
Safe: when no strategy is set, the fix adds `strategy = "rolling"`, the strategy flyctl uses
by default, so the deploy behaves the same and the warning goes away. With `immediate` or
`bluegreen` there is no fix: remove `max_unavailable` or change the strategy yourself.

## References
- flyctl `determineAppConfig` warning
- Fly.io deploy configuration: https://fly.io/docs/reference/configuration/#the-deploy-section
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import insert_key


@rule(code="FLY047", name="max-unavailable-ignored", target="fly_toml", severity="warning", fix="safe",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    deploy = cfg.data.get("deploy")
    if not isinstance(deploy, dict) or "max_unavailable" not in deploy:
        return
    strategy = deploy.get("strategy")
    if strategy in ("rolling", "canary"):
        return
    path = ("deploy", "max_unavailable")
    if strategy is None:
        fix = None
        if cfg.fmt == "toml":
            edits = insert_key(cfg, ("deploy",), "strategy", '"rolling"')
            if edits is not None:
                fix = Fix('Add strategy = "rolling" (the default)', edits, Applicability.SAFE)
        yield Violation(cfg.entry_span(path),
                        "max_unavailable is set but [deploy] names no strategy: flyctl deploys with the rolling "
                        "default "
                        "but warns at every deploy; write strategy = \"rolling\"", fix)
    elif isinstance(strategy, str):
        yield Violation(cfg.entry_span(path),
                        f"max_unavailable has no effect with strategy = \"{strategy}\" (it only sizes rolling and "
                        "canary "
                        "batches) and flyctl warns at every deploy; remove it or use strategy = \"rolling\"")
