"""An environment config checks a different health-check path than the primary config.

## What it does
In a project with environment configs, collects the `path` of every HTTP health check
(`[[http_service.checks]]`, `[[services.http_checks]]`, `[checks.NAME]` with `type = "http"`)
of each config and flags a path that the primary (production) config does not check. Configs
without HTTP checks are left to `missing-health-check` (FLY002).

## Why is this bad?
The same application answers the same health endpoint in every environment. When staging
checks `/healthz` and production `/health`, a deploy can pass in staging and then fail every
check in production (or the reverse), and the staging deploy no longer rehearses the
production one.

## Severity
Warning: a different health-check path per environment is usually a config that was not
updated; it may be intended.

## Example
```toml
# fly.production.toml
[[http_service.checks]]
  path = "/health"

# fly.staging.toml
[[http_service.checks]]
  path = "/healthz"
```

Use instead:
```toml
# fly.staging.toml
[[http_service.checks]]
  path = "/health"
```

## Fix safety
No fix: which path the app serves is not known.

## References
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
- Fly.io, multiple environments: https://fly.io/docs/apps/multiple-environments/
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.linter.model import Violation
from flylint.linter.project import Project
from flylint.linter.registry import RuleContext, rule
from flylint.rules.fly_toml._environments import environment_configs, others


def _paths(cfg: Any) -> list[tuple[tuple, str]]:
    return [(ref.path + ("path",), ref.data["path"]) for ref in cfg.checks()
            if ref.is_http and isinstance(ref.data.get("path"), str)]


@rule(code="FLY152", name="env-health-check-path-mismatch", target="project", reports_on=("fly_toml",),
      severity="warning",
      tags=("environments", "reliability"), controls=("SOC2-CC8.1", "SOC2-A1.2"))
def check(project: Project, ctx: RuleContext) -> Iterator[Violation]:
    first, rest = others(environment_configs(project))
    if first is None:
        return
    reference = _paths(first.cfg)
    if not reference:
        return
    ref_paths = list(dict.fromkeys(p for _, p in reference))
    for env_cfg in rest:
        for path, value in _paths(env_cfg.cfg):
            if value in ref_paths:
                continue
            shown = ", ".join(f'"{p}"' for p in ref_paths)
            yield Violation(
                env_cfg.cfg.value_span(path),
                f'health-check path "{value}" in {env_cfg.label} is not checked in {first.label}, which '
                f"checks {shown}: use the same health endpoint in every environment",
                source=env_cfg.cfg.source,
            )
