"""Section scoped to a process group that does not exist, so it applies to nothing.

## What it does
Flags names in the `processes` list of `[[mounts]]`, `[checks.NAME]`, `[[files]]`,
`[[metrics]]` and `[[vm]]` that are not defined in `[processes]` (without `[processes]`, the
only group is `app`).

## Why is this bad?
Unlike services, flyctl does not check these names: the section silently matches no Machine.
A volume is not mounted, a check never runs, a file is not written, a `[[vm]]` size is not
applied, and nothing says so.

## Severity
Warning: a section scoped to a group that does not exist applies to nothing, a silent mistake a
reviewer asks about; flyctl goes on.

## Example
```toml
[processes]
  web = "bin/web"

[[mounts]]
  source = "data"
  destination = "/data"
  processes = ["app"]
```

Use instead:
```toml
[processes]
  web = "bin/web"

[[mounts]]
  source = "data"
  destination = "/data"
  processes = ["web"]
```

## Fix safety
No fix: the intended group cannot be known for sure.

## References
- flyctl validates group names only for services and restart
- Fly.io process groups: https://fly.io/docs/launch/processes/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import (
    declared_groups,
    metrics_sections,
    mount_sections,
    section_label,
    vm_sections,
)
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY040", name="unmatched-process-group", target="fly_toml", severity="warning",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    entries = list(mount_sections(cfg)) + list(metrics_sections(cfg)) + list(vm_sections(cfg, release=False))
    files = cfg.data.get("files")
    if isinstance(files, list):
        entries += [(("files", i), f) for i, f in enumerate(files) if isinstance(f, dict)]
    entries += [(ref.path, ref.data) for ref in cfg.checks() if ref.kind == "top"]
    groups = declared_groups(cfg) or {"app"}
    for path, entry in entries:
        procs = entry.get("processes")
        if not isinstance(procs, list):
            continue
        for i, name in enumerate(procs):
            if not isinstance(name, str) or name in groups:
                continue
            import difflib

            close = difflib.get_close_matches(name, sorted(groups), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; defined groups: {', '.join(sorted(groups))}"
            where = section_label(path) if path[0] != "checks" else f"check `{path[-1]}`"
            yield Violation(cfg.entry_span(path + ("processes", i)),
                            f"{where} names process group `{name}`, which is not defined in [processes]: flyctl does "
                            f"not check this and the section silently applies to no Machine{hint}")
