"""A `[[services]]` entry has ports or checks but no `internal_port`.

## What it does
Flags a service that the Fly proxy would route to (it has `ports`, `tcp_checks` or
`http_checks`) but that sets no `internal_port`. The usual cause is TOML: a
`[[services.ports]]` or `[[services.http_checks]]` header with no `[[services]]` header before
it does not belong to `[http_service]` or to any earlier section; it quietly creates a `services`
table of its own, with nothing but those ports or checks in it.

## Why is this bad?
flyctl accepts the file and sends a service whose internal port is 0: the proxy has no port on
the Machine to forward to, so traffic on those public ports never reaches the app (or the
Machines API rejects the service during the deploy). `fly config validate` does not report it.

## Severity
Error: flyctl rejects a service with ports or checks but no internal_port, so the deploy fails.

## Example
```toml
[http_service]
  internal_port = 8080
  force_https = true
  [[services.ports]]
    port = 443
    handlers = ["tls", "http"]
```

Use instead:
```toml
[http_service]
  internal_port = 8080
  force_https = true
```
(`[http_service]` already serves ports 80 and 443), or a complete service:
```toml
[[services]]
  internal_port = 8080
  protocol = "tcp"
  [[services.ports]]
    port = 443
    handlers = ["tls", "http"]
```

## Fix safety
No fix: whether the ports belong to `[http_service]` or to a new service, and on which
internal port, is the author's call.

## References
- TOML 1.0, array of tables: `[[a.b]]` without `[[a]]` defines `a` as a table
  (https://toml.io/en/v1.0.0#array-of-tables)
- Fly.io app configuration, the `services` section: https://fly.io/docs/reference/configuration/#the-services-sections
- flyctl `internal/appconfig` (`Service.InternalPort`, default 0; `validateServicesSection`
  checks ports and processes only)
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.parsers.toml_positions import Header
from flylint.linter.registry import RuleContext, rule

_PARTS = ("ports", "tcp_checks", "http_checks")


@rule(code="FLY066", name="service-without-internal-port", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    headers = cfg.index.headers
    has_services_header = any(h.path == ("services",) for h in headers)
    if not cfg.services():
        ctx.not_applicable("no [[services]]")
        return
    for spath, svc in cfg.services():
        if "internal_port" in svc or not any(svc.get(k) for k in _PARTS):
            continue
        parts = ", ".join(f"`{k}`" for k in _PARTS if svc.get(k))
        if not has_services_header and len(spath) == 1:
            first = min((h for h in headers if len(h.path) >= 2 and h.path[0] == "services"),
                        key=lambda h: h.start, default=None)
            if first is None:
                continue  # dotted or inline keys: no header to point at
            before = [h for h in headers if h.start < first.start and h.path[0] != "services"]
            under = f", under {_shown(before[-1])}," if before else ""
            yield Violation(
                cfg.source.span(first.start, first.end),
                f"{_shown(first)}{under} has no [[services]] header before it, so TOML makes it "
                f"a service of its own with only {parts} and no internal_port: flyctl deploys it with internal port "
                "0 and the proxy cannot reach the app on it; "
                + ("remove it ([http_service] already serves ports 80 and 443) or " if "http_service" in cfg.data
                   else "")
                + "start the service with [[services]] and `internal_port = <the port the app listens on>`",
            )
            continue
        yield Violation(
            cfg.key_span(spath),
            f"[[services]] has {parts} but no internal_port: flyctl deploys it with internal port 0 and the proxy "
            "cannot reach the app on it; set `internal_port` to the port the app listens on",
        )


def _shown(header: Header) -> str:
    path = [str(p) for p in header.path if not isinstance(p, int)]
    return f"[[{'.'.join(path)}]]" if header.is_array else f"[{'.'.join(path)}]"
