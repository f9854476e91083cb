"""Public HTTP service does not redirect to HTTPS.

## What it does
Flags an `[http_service]` that does not set `force_https = true`, and a `[[services]]` port
that serves the `http` handler on port 80 without `force_https = true` when the same service
also has a TLS port (443, or the `tls` handler) to redirect to. A service with only port 80 is
left alone: it is either a private Flycast service (reached as `app.flycast`, no public
address) or a deliberately HTTP-only one, and forcing HTTPS on it would send clients to a port
that does not exist. Whether an app has a public address is not in its config: the message says
the service was assumed public, and how to check (`fly ips list`).

## Why is this bad?
Without it, the Fly proxy answers plain-HTTP requests on port 80 and passes them to the app:
cookies, tokens and form posts travel unencrypted for any client that typed `http://` or
followed an old link. With `force_https = true` the proxy answers port 80 with a redirect to
HTTPS before the app is involved. (`http_service` expands to port 80 with the `http` handler
and port 443 with `http` + `tls`; only the port-80 side carries `force_https`.)

## Severity
Warning: a public HTTP service that serves plain HTTP without redirecting is something a
reviewer asks to change on most apps; the app may redirect itself, so not an error.

## Example
```toml
[http_service]
  internal_port = 8080
```

Use instead:
```toml
[http_service]
  internal_port = 8080
  force_https = true
```

## Fix safety
Safe: the fix sets `force_https = true` (adding the key, or turning `false` into `true`).
Clients that must speak plain HTTP (rare: some IoT devices) would start receiving
redirects; suppress the rule on that service if that is intended.

## References
- Fly.io app configuration, `http_service` and `services.ports.force_https`: https://fly.io/docs/reference/configuration/
- CWE-319: Cleartext Transmission of Sensitive Information
- checkov and trivy have no fly.toml rules; flyctl does not check this
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from flylint.fly.dialect import assign
from flylint.fly.schema import section_label
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import insert_key, replace_value, toml_literal

FIX_TITLE = "Set force_https = true"


@rule(code="FLY001", name="https-not-forced", target="fly_toml", severity="warning", fix="safe",
      tags=("security", "transport"), cwe=(319,),
      controls=("SOC2-CC6.7", "PCI-DSS-4.2.1", "HIPAA-164.312(e)(1)", "GDPR-32(1)(a)", "REVIEW-S3"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    hs = cfg.http_service
    http_ports = hs is not None
    if hs is not None:
        path = ("http_service",)
        value = hs.get("force_https")
        if value is not True:
            yield _violation(cfg, path, value, section_label(path))
    for spath, _svc in cfg.services():
        ports = cfg.sections("ports", spath)
        # a service with no TLS port has no HTTPS to redirect to: a private Flycast service
        # (port 80 reached as app.flycast) or an HTTP-only one; force_https would break it
        has_tls = any(_tls(port) for _, port in ports)
        for ppath, port in ports:
            handlers = port.get("handlers")
            if not isinstance(handlers, list) or "http" not in handlers:
                continue
            http_ports = True
            if port.get("port") not in (80, "80") or not has_tls:
                continue
            value = port.get("force_https")
            if value is not True:
                yield _violation(cfg, ppath, value, f"{section_label(ppath)} port 80 with the http handler")
    if not http_ports:
        ctx.not_applicable("no public HTTP service ([http_service], or a [[services]] port with the http handler)")


def _violation(cfg: FlyConfig, table: tuple, value: object, where: str) -> Violation:
    key_path = table + ("force_https",)
    edits: Sequence[Edit] | None
    if value is None:
        message = (f"{where} does not set {assign('force_https', 'true')}: plain-HTTP requests are passed to the app "
                   "unencrypted instead of being redirected to HTTPS (assumed public: if the app has only a private "
                   "Flycast address, see `fly ips list`, there is no HTTPS to redirect to)")
        edits = insert_key(cfg, table, "force_https", "true", after="internal_port")
        span = cfg.key_span(table)
    else:
        message = (f"{where} sets {assign('force_https', _literal(value))}: plain-HTTP requests are passed to the app "
                   f"unencrypted; set {assign('force_https', 'true')}")
        edit = replace_value(cfg, key_path, "true")
        edits = (edit,) if edit is not None else None
        span = cfg.entry_span(key_path)
    fix = Fix(FIX_TITLE, edits, Applicability.SAFE) if edits else None
    return Violation(span, message, fix)


def _tls(port: dict) -> bool:
    handlers = port.get("handlers")
    return (isinstance(handlers, list) and "tls" in handlers) or port.get("port") in (443, "443")


def _literal(value: object) -> str:
    try:
        return toml_literal(value)
    except TypeError:
        return "a table"
