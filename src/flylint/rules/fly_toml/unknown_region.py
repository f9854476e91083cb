"""`primary_region` that is not a Fly.io region code.

## What it does
Flags `primary_region` values that are neither a current Fly.io region (`ams`, `arn`, `bom`,
`cdg`, `dfw`, `ewr`, `fra`, `gru`, `iad`, `jnb`, `lax`, `lhr`, `nrt`, `ord`, `sin`, `sjc`,
`syd`, `yyz`) nor a retired one, and suggests the closest code. Template placeholders such as
`"{REGION}"` are skipped.

## Why is this bad?
flyctl does not check region codes locally. `fly deploy` creates new Machines and first volumes
in `primary_region`, so an unknown code fails there; the value is also exported to the app as
`PRIMARY_REGION`, which libraries use to find the primary database.

## Severity
Error: flyctl rejects a region code that does not exist, so the deploy fails.

## Example
```toml
primary_region = "london"
```

Use instead:
```toml
primary_region = "lhr"
```

## Fix safety
No fix: moving an app to another region is a decision with latency and data-location
consequences.

## References
- Fly.io regions: https://fly.io/docs/reference/regions/
- flyctl has no static list of regions; the Fly.io docs table is the reference
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import REGIONS, RETIRED_REGIONS, is_placeholder, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY056", name="unknown-region", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    region = cfg.data.get("primary_region")
    if not isinstance(region, str) or not region or is_placeholder(region):
        return
    if region in REGIONS or region in RETIRED_REGIONS:
        return
    lower = region.strip().lower()
    if lower in REGIONS or lower in RETIRED_REGIONS:
        return  # a known code in other letter case: the platform may well accept it, so stay silent
    by_city = [code for code, city in REGIONS.items() if lower and lower in city.lower()]
    import difflib

    close = by_city or difflib.get_close_matches(lower, list(REGIONS), n=2, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else \
        "; see `fly platform regions` for the list"
    yield Violation(cfg.entry_span(("primary_region",)),
                    f"primary_region = {show(region)} is not a Fly.io region: `fly deploy` cannot create Machines or "
                    f"volumes there{hint}")
