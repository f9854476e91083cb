"""Fly.io does not run the Dockerfile's `HEALTHCHECK`.

## What it does
For a Dockerfile that a fly config builds, flags a `HEALTHCHECK` (other than `HEALTHCHECK NONE`)
in the stage Fly runs or the stages it is built `FROM`. Dockerfiles that no fly config builds
are not checked, and flylint never asks for a `HEALTHCHECK`.

## Why is this bad?
Fly Machines ignore the image's `HEALTHCHECK`: the proxy routes traffic and deploys wait on the
checks in fly.toml (`[[http_service.checks]]`, `[[services.http_checks]]`/`tcp_checks`,
`[checks]`). A `HEALTHCHECK` gives a false sense that the app is monitored, and it drifts out
of date because nothing on Fly exercises it.

## Severity
Info: Fly.io ignores HEALTHCHECK; the instruction is dead code, and the missing Fly health
check is reported by its own rule.

## Example
```dockerfile
HEALTHCHECK CMD curl -fsS http://localhost:8080/healthz || exit 1
```

Use instead:
```toml
[[http_service.checks]]
  grace_period = "10s"
  interval = "15s"
  method = "GET"
  path = "/healthz"
  timeout = "2s"
```

## Fix safety
No fix: the check has to be written in fly.toml.

## References
- hadolint DL3057 (off by default), checkov CKV_DOCKER_2, trivy DS-0026, CIS Docker Benchmark 4.6
  all ask *for* a HEALTHCHECK; on Fly.io it is the fly.toml checks that count
- Fly.io health checks: https://fly.io/docs/reference/configuration/#services-http_checks
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import fly_config, run_chain


@rule(code="DKR014", name="healthcheck-ignored-by-fly", target="dockerfile", severity="info",
      tags=("reliability", "fly"), controls=())
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    if cfg is None:
        return
    checks = list(cfg.checks())
    for stage in run_chain(df, ctx, cfg):
        for ins in stage.instructions:
            if ins.keyword != "HEALTHCHECK" or ins.rest.strip().upper() == "NONE":
                continue
            if checks:
                advice = (f"fly.toml's {len(checks)} check(s) are what Fly uses; "
                          "remove the HEALTHCHECK or move its probe there")
            else:
                advice = "move the probe into fly.toml (`[[http_service.checks]]` or `[checks]`)"
            yield Violation(df.span(ins.start, ins.keyword_end), f"Fly.io ignores the Dockerfile HEALTHCHECK; {advice}")
