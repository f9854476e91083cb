"""Service or restart policy scoped to a process group that does not exist.

## What it does
Flags names in the `processes` list of `[http_service]`, `[[services]]` and `[[restart]]`
that are not defined in `[processes]` (without `[processes]`, the only group is `app`).

## Why is this bad?
flyctl checks these names: `fly config validate` and `fly deploy` fail with "service
specifies 'wrker' as one of its processes, but no processes are defined with that name".
The usual cause is a typo or a group renamed in `[processes]` only.

## Severity
Error: flyctl rejects a service or restart policy scoped to a group that does not exist, so the
deploy fails.

## Example
```toml
[processes]
  web = "bin/web"

[http_service]
  internal_port = 8080
  processes = ["app"]
```

Use instead:
```toml
[processes]
  web = "bin/web"

[http_service]
  internal_port = 8080
  processes = ["web"]
```

## Fix safety
No fix: the intended group cannot be known for sure.

## References
- flyctl `validateServicesSection`, `validateRestartPolicy`
- Fly.io process groups: https://fly.io/docs/launch/processes/
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.fly.schema import declared_groups, section_label
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig, Path
from flylint.linter.registry import RuleContext, rule


def undefined_names(cfg: FlyConfig, path: tuple, entry: dict) -> Iterator[tuple[tuple, str, list[str]]]:
    """(path of the list element, unknown group, close matches) for each undefined group name."""
    procs = entry.get("processes")
    if not isinstance(procs, list):
        return
    groups = declared_groups(cfg) or {"app"}
    for i, name in enumerate(procs):
        if isinstance(name, str) and name not in groups:
            import difflib

            yield path + ("processes", i), name, difflib.get_close_matches(name, sorted(groups), n=1, cutoff=0.6)


@rule(code="FLY039", name="undefined-process-group", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    entries: list[tuple[Path, dict[str, Any]]] = []
    if cfg.http_service is not None:
        entries.append((("http_service",), cfg.http_service))
    entries += cfg.services()
    restart = cfg.data.get("restart")
    if isinstance(restart, list):
        entries += [(("restart", i), r) for i, r in enumerate(restart) if isinstance(r, dict)]
    groups = sorted(declared_groups(cfg)) or ["app"]
    for path, entry in entries:
        for epath, name, close in undefined_names(cfg, path, entry):
            hint = f"; did you mean `{close[0]}`?" if close else f"; defined groups: {', '.join(groups)}"
            yield Violation(cfg.entry_span(epath),
                            f"{section_label(path)} names process group `{name}`, which is not defined in [processes]: "
                            f"`fly config validate` and `fly deploy` fail{hint}")
