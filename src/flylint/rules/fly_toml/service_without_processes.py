"""Service that names no process group while `[processes]` defines some.

## What it does
Flags `[http_service]` and `[[services]]` entries without `processes` (or with an empty list)
when the file has a non-empty `[processes]` table.

## Why is this bad?
Once process groups exist, flyctl insists that every service says which groups it routes to:
`fly config validate` and `fly deploy` fail ("service has no processes set"). Without process
groups, services go to the implicit `app` group and need nothing.

## Severity
Error: flyctl rejects a service that names no process group while [processes] defines some, so
the deploy fails.

## Example
```toml
[processes]
  web = "bin/rails server"
  worker = "bin/jobs"

[http_service]
  internal_port = 3000
```

Use instead:
```toml
[processes]
  web = "bin/rails server"
  worker = "bin/jobs"

[http_service]
  internal_port = 3000
  processes = ["web"]
```

## Fix safety
Unsafe: the fix adds `processes = ["<default group>"]` (`app` if defined, otherwise the
alphabetically first group, the group flyctl uses for unscoped sections). Check that the
service really belongs to that group.

## References
- flyctl `validateServicesSection`
- Fly.io process groups: https://fly.io/docs/launch/processes/
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.fly.schema import declared_groups, default_group, section_label
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig, Path
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import insert_key, toml_literal


@rule(code="FLY038", name="service-without-processes", target="fly_toml", severity="error", fix="unsafe",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    groups = declared_groups(cfg)
    if not groups:
        return
    entries: list[tuple[Path, dict[str, Any], str]] = []
    if cfg.http_service is not None:
        entries.append((("http_service",), cfg.http_service, section_label(("http_service",))))
    entries += [(p, s, section_label(p)) for p, s in cfg.services() if s]
    default = default_group(cfg)
    for path, svc, label in entries:
        procs = svc.get("processes")
        if isinstance(procs, list) and procs:
            continue
        names = ", ".join(sorted(groups))
        fix = None
        if cfg.fmt == "toml" and "processes" not in svc:
            edits = insert_key(cfg, path, "processes", toml_literal([default]), after="internal_port")
            if edits is not None:
                fix = Fix(f"Add processes = [\"{default}\"]", edits, Applicability.UNSAFE)
        yield Violation(cfg.key_span(path),
                        f"{label} has no processes, but [processes] defines {names}: `fly config validate` and "
                        f"`fly deploy` fail; add processes = [\"{default}\"] (or the group this service is for)", fix)
