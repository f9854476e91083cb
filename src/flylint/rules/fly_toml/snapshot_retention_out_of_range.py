"""Volume `snapshot_retention` outside 1–60 days.

## What it does
Flags `[[mounts]] snapshot_retention` values below 1 or above 60.

## Why is this bad?
`fly config validate` and `fly deploy` reject the configuration ("snapshot_retention must be
between 1 and 60"). To turn snapshots off, use `scheduled_snapshots = false` instead of a
retention of 0.

## Severity
Error: flyctl rejects a snapshot retention outside 1–60 days, so the deploy fails.

## Example
```toml
[[mounts]]
  source = "data"
  destination = "/data"
  snapshot_retention = 0
```

Use instead:
```toml
[[mounts]]
  source = "data"
  destination = "/data"
  scheduled_snapshots = false
```

## Fix safety
No fix: how long to keep backups is a data-retention decision.

## References
- flyctl `validateMounts`
- Fly.io volume snapshots: https://fly.io/docs/volumes/snapshots/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import RANGE, issues_of, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY042", name="snapshot-retention-out-of-range", target="fly_toml", severity="error",
      tags=("correctness", "backup"), controls=("SOC2-A1.2", "HIPAA-164.308(a)(7)(ii)(A)", "GDPR-32(1)(c)"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    if not (cfg.sections("mounts") or cfg.sections("mount")):
        ctx.not_applicable("no volumes ([mounts])")
        return
    for issue in issues_of(cfg, RANGE, owner="snapshot-retention"):
        hint = "; to turn snapshots off write scheduled_snapshots = false" if issue.value == 0 else ""
        yield Violation(cfg.entry_span(issue.path),
                        f"snapshot_retention = {show(issue.value)} is outside 1–60 days: `fly config validate` and "
                        f"`fly deploy` fail{hint}")
