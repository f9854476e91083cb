"""More than one `[[mounts]]` entry for the same process group.

## What it does
Flags a process group that two or more `[[mounts]]` entries apply to. An entry without
`processes` applies to the default group (`app`, or the alphabetically first group).

## Why is this bad?
A Fly Machine can mount only one volume. flyctl rejects the configuration when it validates
process groups one by one (`fly deploy --process-groups …`), and the second volume can never be
attached to the same Machine. Use one volume with subdirectories, or separate process groups.

## Severity
Error: flyctl rejects more than one mount for the same process group, so the deploy fails.

## Example
```toml
[[mounts]]
  source = "data"
  destination = "/data"

[[mounts]]
  source = "uploads"
  destination = "/uploads"
```

Use instead:
```toml
[[mounts]]
  source = "data"
  destination = "/data"
```

## Fix safety
No fix: decide how to lay the data out on one volume.

## References
- flyctl `validateMounts`
- Fly.io volumes: https://fly.io/docs/volumes/overview/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import entry_groups, mount_sections
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY041", name="multiple-mounts-per-group", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    seen: dict[str, tuple] = {}
    for path, mount in mount_sections(cfg):
        for group in entry_groups(cfg, mount):
            if group in seen:
                first = cfg.key_span(seen[group]).line
                yield Violation(cfg.key_span(path),
                                f"process group `{group}` already mounts a volume (line {first}): a Machine can mount "
                                "only one volume, and flyctl rejects this when deploying per process group; keep one "
                                "mount per group")
            else:
                seen[group] = path
