"""Public service without a health check.

## What it does
Flags an `[http_service]` with no `[[http_service.checks]]`, and a `[[services]]` entry that
has ports but no `tcp_checks` or `http_checks`, when the file defines no top-level
`[checks]` either. UDP services are skipped: Fly.io has no health checks for them.

## Why is this bad?
Service checks are how the Fly proxy learns that a Machine can take traffic: without one, a
Machine that booted but cannot serve (a crashed worker, a missing secret, a migration still
running) keeps receiving requests, and a rolling or canary deploy has nothing to wait for
before it moves on. `bluegreen` deploys refuse to run without a check. The Docker
`HEALTHCHECK` instruction does not help: Fly.io ignores it.

## Severity
Warning: without a health check Fly.io routes traffic to Machines that have not started or have
hung; reviewers ask for one on most apps.

## Example
```toml
[http_service]
  internal_port = 8080
  force_https = true
```

Use instead:
```toml
[http_service]
  internal_port = 8080
  force_https = true

[[http_service.checks]]
  grace_period = "10s"
  interval = "30s"
  method = "GET"
  path = "/health"
  timeout = "2s"
```

## Fix safety
Unsafe: the fix adds a check for `GET /health` (HTTP) or a TCP check, and the app must
answer that path with a 2xx response, or every Machine will be marked unhealthy.

## References
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
- CIS Docker Benchmark 4.6 (add a health check); hadolint DL3057, checkov CKV_DOCKER_2 and
  trivy DS-0026 ask for Docker HEALTHCHECK instead, which Fly.io does not use
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import section_label
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import add_array_entry

HTTP_CHECK = (("grace_period", '"10s"'), ("interval", '"30s"'), ("method", '"GET"'), ("path", '"/health"'),
              ("timeout", '"2s"'))
TCP_CHECK = (("grace_period", '"10s"'), ("interval", '"30s"'), ("timeout", '"2s"'))


@rule(code="FLY002", name="missing-health-check", target="fly_toml", severity="warning", fix="unsafe",
      tags=("reliability", "availability"), cwe=(754,),
      controls=("SOC2-A1.2", "SOC2-CC7.2", "CIS-4.6", "REVIEW-S4"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    top = cfg.data.get("checks")
    if isinstance(top, (dict, list)) and top:
        return
    hs = cfg.http_service
    if hs is None and not any(svc.get("ports") for _, svc in cfg.services()):
        ctx.not_applicable("no service the Fly proxy routes to, and no [checks]")
        return
    if hs is not None:
        checks = hs.get("checks")
        if not checks:
            fix = None
            # an existing `checks = []` cannot be followed by [[http_service.checks]] in TOML
            if "checks" not in hs and _is_header(cfg, ("http_service",)):
                edits = add_array_entry(cfg, ("http_service",), "checks", HTTP_CHECK)
                if edits is not None:
                    fix = Fix("Add an HTTP health check on GET /health", edits, Applicability.UNSAFE)
            yield Violation(
                cfg.key_span(("http_service",)),
                f"{section_label(('http_service',))} has no health check: the proxy keeps routing to Machines "
                "that cannot serve, and deploys cannot tell a broken release from a good one",
                fix,
            )
    for spath, svc in cfg.services():
        if not svc.get("ports") or "internal_port" not in svc:
            continue  # a service without internal_port is broken first (FLY066)
        if svc.get("http_checks") or svc.get("tcp_checks"):
            continue
        if str(svc.get("protocol", "tcp")).lower() == "udp":
            continue  # Fly offers no health checks for UDP services
        http = any(
            isinstance(p.get("handlers"), list) and "http" in p["handlers"]
            for _, p in cfg.sections("ports", spath)
        )
        kind = "http_checks" if http else "tcp_checks"
        fix = None
        if len(spath) == 2 and _is_header(cfg, spath) and kind not in svc:
            edits = add_array_entry(cfg, spath, kind, HTTP_CHECK if http else TCP_CHECK)
            title = "Add an HTTP health check on GET /health" if http else "Add a TCP health check"
            fix = Fix(title, edits, Applicability.UNSAFE) if edits is not None else None
        port = svc.get("internal_port")
        yield Violation(
            cfg.key_span(spath),
            f"{section_label(spath)} (internal_port {port}) has ports but no tcp_checks or http_checks: the proxy "
            "keeps routing to Machines that cannot serve",
            fix,
        )


def _is_header(cfg: FlyConfig, path: tuple) -> bool:
    entry = cfg.entry(path)
    return entry is not None and entry.header
