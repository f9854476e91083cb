"""`[build]` compression or compression level that flyctl rejects.

## What it does
Flags `[build] compression` values other than `gzip` and `zstd`, and `compression_level`
outside 0–9.

## Why is this bad?
`fly config validate` and `fly deploy` reject the configuration before building.

## Severity
Error: flyctl rejects the compression setting, so the build and the deploy fail.

## Example
```toml
[build]
  compression = "brotli"
  compression_level = 11
```

Use instead:
```toml
[build]
  compression = "zstd"
  compression_level = 9
```

## Fix safety
No fix: the trade-off between build time and image size is yours.

## References
- flyctl `validateCompression`
- Fly.io `[build]` section: https://fly.io/docs/reference/configuration/#the-build-section
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import ENUM, RANGE, issues_of, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY022", name="invalid-compression", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, ENUM, RANGE, owner="compression"):
        if issue.name == "compression":
            message = (f"compression = {show(issue.value)} is not supported: `fly config validate` and `fly deploy` "
                       "fail; use \"gzip\" or \"zstd\"")
        else:
            message = (f"compression_level = {show(issue.value)} is outside 0–9: `fly config validate` and "
                       "`fly deploy` fail")
        yield Violation(cfg.entry_span(issue.path), message)
