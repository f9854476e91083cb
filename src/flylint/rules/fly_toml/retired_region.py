"""`primary_region` set to a region Fly.io has retired.

## What it does
Flags `primary_region` values that Fly.io has retired (`atl`, `bog`, `bos`, `den`, `eze`,
`gdl`, `gig`, `hkg`, `mad`, `mia`, `otp`, `phx`, `qro`, `scl`, `sea`, `waw`, `yul`) and names
the region that replaced it.

## Why is this bad?
New Machines and volumes cannot be created in a retired region. `fly launch` quietly swaps
the code for its replacement, but `fly deploy`, `fly scale count` and `fly volumes create` use
the value as written, and `PRIMARY_REGION` in the app still names the old region.

## Severity
Warning: a retired region is redirected or refused for new Machines; a reviewer asks to move.
The platform may still place Machines, so not an error.

## Example
```toml
primary_region = "sea"
```

Use instead:
```toml
primary_region = "sjc"
```

## Fix safety
Unsafe: the fix writes the replacement region flyctl itself uses, but moving an app's primary
region moves where new Machines and volumes (and possibly the primary database) live.

## References
- Fly.io regions: https://fly.io/docs/reference/regions/
- flyctl `deprecatedRegionReplacements` in launch/plan_builder.go
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.fly.schema import REGIONS, RETIRED_REGIONS
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


@rule(code="FLY057", name="retired-region", target="fly_toml", severity="warning", fix="unsafe",
      tags=("correctness", "availability"), controls=("SOC2-A1.2",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    region = cfg.data.get("primary_region")
    if not isinstance(region, str) or region not in RETIRED_REGIONS:
        return
    new = RETIRED_REGIONS[region]
    path = ("primary_region",)
    fix = None
    if cfg.fmt == "toml":
        edit = replace_value(cfg, path, toml_literal(new))
        if edit is not None:
            fix = Fix(f"Write primary_region = \"{new}\"", (edit,), Applicability.UNSAFE)
    yield Violation(cfg.entry_span(path),
                    f"{assign('primary_region', toml_literal(region))} is a retired Fly.io region "
                    f"(replaced by \"{new}\", "
                    f"{REGIONS[new]}): new Machines and volumes cannot be created there and `fly deploy` does not "
                    f"substitute it; write {assign('primary_region', toml_literal(new))}", fix)
