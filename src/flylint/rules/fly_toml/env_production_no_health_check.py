"""The production config defines no health check at all.

## What it does
Flags a production config (`fly.production.toml`, `fly.prod.toml` …, or a plain `fly.toml`
read as production next to other environment configs) that defines no health check of any
kind: no `[[http_service.checks]]`, no `tcp_checks`/`http_checks` in `[[services]]` and no
top-level `[checks]`. A config with a public service and no check is already reported by
`missing-health-check` (FLY002), so this rule speaks only for private apps and workers
(process groups without a public service). A lone `fly.toml` is never checked.

## Why is this bad?
Without a check, `fly deploy` only waits for a Machine to start, not to work: a worker that
crash-loops on a missing secret or a broken migration is reported as deployed, and
`fly status` shows every Machine as healthy. In production a top-level `[checks]` entry (an
HTTP or TCP probe of the Machine) lets deploys and monitoring see the failure.

## Severity
Info: the missing health check is reported by its own rule; this names that production has none
at all, hygiene.

## Example
```toml
# fly.production.toml
app = "shop-worker"

[processes]
  worker = "bin/jobs"
```

Use instead:
```toml
# fly.production.toml
app = "shop-worker"

[processes]
  worker = "bin/jobs"

[checks.alive]
  type = "tcp"
  port = 9090
  interval = "15s"
  timeout = "2s"
  grace_period = "30s"
```

## Fix safety
No fix: the port or path a worker can be probed on is not known.

## References
- Fly.io health checks (top-level `[checks]`): https://fly.io/docs/reference/health-checks/
- missing-health-check (FLY002), the same concern for public services
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.project import Project
from flylint.linter.registry import RuleContext, rule
from flylint.rules.fly_toml._environments import production_configs


@rule(code="FLY155", name="env-production-no-health-check", target="project", reports_on=("fly_toml",), severity="info",
      tags=("environments", "availability"), cwe=(754,), controls=("SOC2-A1.2", "SOC2-CC7.2", "REVIEW-S4"))
def check(project: Project, ctx: RuleContext) -> Iterator[Violation]:
    if not production_configs(project):
        ctx.not_applicable("no separate production config (fly.production.toml)")
    for env_cfg in production_configs(project):
        cfg = env_cfg.cfg
        if next(cfg.checks(), None) is not None:
            continue
        if cfg.is_public():
            continue  # FLY002 reports public services without checks
        if cfg.has_position(("processes",)):
            span = cfg.key_span(("processes",))
        elif cfg.has_position(("app",)):
            span = cfg.entry_span(("app",))
        else:
            span = cfg.source.line_span(1)
        groups = ", ".join(cfg.process_groups())
        yield Violation(
            span,
            f"{env_cfg.label} defines no health check for its Machines (process groups: {groups}): a deploy "
            "cannot tell a crash-looping release from a working one; add a top-level [checks] entry",
            source=cfg.source,
        )
