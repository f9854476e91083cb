"""An environment config's internal_port differs from the primary config's.

## What it does
In a project with environment configs, compares the `internal_port` values of
`[http_service]` and `[[services]]` in each config with those of the primary config (the
production one; see `flylint rule FLY150` for how environments are recognised) and flags a
port that the primary config does not use. Only configs that both define a service are
compared.

## Why is this bad?
All environments usually run the same image, which listens on one port. When staging says
`3000` and production `8080`, one of them routes traffic to a port nothing listens on; if the
difference is deliberate (a `PORT` in `[env]`), staging is not testing what production runs.

## Severity
Warning: environments that listen on different ports usually mean one config was not updated; a
reviewer asks. It may be intended, so not an error.

## Example
```toml
# fly.production.toml
[http_service]
  internal_port = 8080

# fly.staging.toml
[http_service]
  internal_port = 3000
```

Use instead:
```toml
# fly.staging.toml
[http_service]
  internal_port = 8080
```

## Fix safety
No fix: which port is right is not known.

## References
- Fly.io `internal_port`: https://fly.io/docs/reference/configuration/#the-http_service-section
- Fly.io, multiple environments: https://fly.io/docs/apps/multiple-environments/
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.linter.model import Violation
from flylint.linter.project import Project
from flylint.linter.registry import RuleContext, rule
from flylint.rules.fly_toml._environments import environment_configs, others


def _ports(cfg: Any) -> list[tuple[tuple, Any]]:
    out: list[tuple[tuple, Any]] = []
    hs = cfg.http_service
    if hs is not None and "internal_port" in hs:
        out.append((("http_service", "internal_port"), hs["internal_port"]))
    for spath, svc in cfg.services():
        if "internal_port" in svc:
            out.append((spath + ("internal_port",), svc["internal_port"]))
    return [(p, v) for p, v in out if isinstance(v, (int, float, str)) and not isinstance(v, bool)]


def _norm(value: Any) -> str:
    try:
        return str(int(float(value)))
    except (TypeError, ValueError, OverflowError):  # "1e400" reads as inf
        return str(value)


@rule(code="FLY151", name="env-internal-port-mismatch", target="project", reports_on=("fly_toml",), severity="warning",
      tags=("environments", "reliability"), controls=("SOC2-CC8.1", "REVIEW-B3"))
def check(project: Project, ctx: RuleContext) -> Iterator[Violation]:
    first, rest = others(environment_configs(project))
    if first is None or not rest:
        ctx.not_applicable("one environment config only")
        return
    reference = _ports(first.cfg)
    if not reference:
        return
    ref_values = sorted({_norm(v) for _, v in reference}, key=lambda s: (len(s), s))
    for env_cfg in rest:
        for path, value in _ports(env_cfg.cfg):
            if _norm(value) in ref_values:
                continue
            shown = " and ".join(ref_values)
            yield Violation(
                env_cfg.cfg.value_span(path),
                f"internal_port {_norm(value)} in {env_cfg.label} differs from {first.label}, which uses "
                f"internal_port {shown}: the environments should run the same image on the same port",
                source=env_cfg.cfg.source,
            )
