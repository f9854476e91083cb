"""An environment config declares different process groups than the primary config.

## What it does
In a project with environment configs, compares the process-group names of each config
(`[processes]`; a config without it runs the single group `app`) with those of the primary
(production) config and flags a config whose groups differ, naming the groups on each side.

## Why is this bad?
Process groups decide which Machines run which command: when production runs `web` and
`worker` and staging only `app`, a deploy to staging never starts the worker, so a broken
worker command or a missing worker secret is first seen in production. `[http_service]`,
`[[services]]`, `[[vm]]` and `[[mounts]]` entries that name a group that does not exist in one
environment are silently ignored there.

## Severity
Warning: environments that run different process groups usually mean a config was not updated;
it may be intended.

## Example
```toml
# fly.production.toml
[processes]
  web = "bin/rails server"
  worker = "bin/jobs"

# fly.staging.toml (no [processes]: one group called "app")
```

Use instead:
```toml
# fly.staging.toml
[processes]
  web = "bin/rails server"
  worker = "bin/jobs"
```

## Fix safety
No fix: the commands of the missing groups are environment-specific.

## References
- Fly.io process groups: https://fly.io/docs/launch/processes/
- Fly.io, multiple environments: https://fly.io/docs/apps/multiple-environments/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.project import Project
from flylint.linter.registry import RuleContext, rule
from flylint.rules.fly_toml._environments import environment_configs, others


@rule(code="FLY153", name="env-process-groups-mismatch", target="project", reports_on=("fly_toml",), severity="warning",
      tags=("environments", "reliability"), controls=("SOC2-CC8.1",))
def check(project: Project, ctx: RuleContext) -> Iterator[Violation]:
    first, rest = others(environment_configs(project))
    if first is None:
        return
    reference = first.cfg.process_groups()
    for env_cfg in rest:
        cfg = env_cfg.cfg
        groups = cfg.process_groups()
        if set(groups) == set(reference):
            continue
        missing = [g for g in reference if g not in groups]
        extra = [g for g in groups if g not in reference]
        parts = []
        if missing:
            parts.append(f"lacks {', '.join(missing)}")
        if extra:
            parts.append(f"adds {', '.join(extra)}")
        if cfg.has_position(("processes",)):
            span = cfg.key_span(("processes",))
        elif cfg.has_position(("app",)):
            span = cfg.entry_span(("app",))
        else:
            span = cfg.source.line_span(1)
        yield Violation(
            span,
            f"process groups in {env_cfg.label} ({', '.join(groups)}) differ from {first.label} "
            f"({', '.join(reference)}): it {' and '.join(parts)}; declare the same [processes] in every "
            "environment",
            source=cfg.source,
        )
