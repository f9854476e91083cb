"""Deploy strategy that flyctl does not know.

## What it does
Flags `[deploy] strategy` values other than `rolling`, `immediate`, `canary` and `bluegreen`
(the comparison is exact: `"Rolling"` and `"blue-green"` are rejected).

## Why is this bad?
`fly config validate` and `fly deploy` refuse the configuration ("unsupported deployment
strategy"), so nothing is deployed until it is fixed.

## Severity
Error: flyctl rejects an unknown deploy strategy, so the deploy fails.

## Example
```toml
[deploy]
  strategy = "blue-green"
```

Use instead:
```toml
[deploy]
  strategy = "bluegreen"
```

## Fix safety
Safe: offered only when the value differs from a strategy by letter case, `-`, `_` or spaces
(`"Rolling"`, `"blue_green"`), which leaves no doubt about the intended strategy.

## References
- flyctl `validateDeploySection`
- Fly.io deploy strategies: https://fly.io/docs/reference/configuration/#picking-a-deployment-strategy
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.fly.schema import ENUM, STRATEGIES, is_placeholder, issues_of, show
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


@rule(code="FLY020", name="invalid-deploy-strategy", target="fly_toml", severity="error", fix="safe",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, ENUM, owner="strategy"):
        value = issue.value
        if is_placeholder(value):
            continue
        norm = re.sub(r"[\s_\-]", "", value.lower())
        target = norm if norm in STRATEGIES else None
        message = (f"strategy = {show(value)} is not a deploy strategy flyctl knows: `fly config validate` and "
                   f"`fly deploy` fail; use one of {', '.join(STRATEGIES)}")
        fix = None
        if target is not None:
            message += f" (write \"{target}\")"
            edit = replace_value(cfg, issue.path, toml_literal(target)) if cfg.fmt == "toml" else None
            if edit is not None:
                fix = Fix(f"Write strategy = \"{target}\"", (edit,), Applicability.SAFE)
        yield Violation(cfg.entry_span(issue.path), message, fix)
