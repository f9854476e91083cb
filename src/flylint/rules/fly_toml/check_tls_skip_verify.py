"""HTTPS health check does not verify the certificate.

## What it does
Flags an HTTP health check with `protocol = "https"` and `tls_skip_verify = true`, in
`[[http_service.checks]]`, `[[services.http_checks]]` or a top-level `[checks.NAME]`.
(`tls_skip_verify` has no effect on plain-HTTP checks, so those are not flagged.)

## Why is this bad?
Health checks travel from the Fly host to the Machine over the private network, so skipping
verification is rarely exploitable, which is why this is only informational. But it hides
certificate problems (an expired or wrong internal certificate keeps passing the check) and it
is often copied into client code. If the app serves a certificate for a known name, set
`tls_server_name` and keep verification on; if it is self-signed, a plain `http` check on an
internal port usually serves the purpose better.

## Severity
Info: a health check that skips certificate verification only checks Fly's own path to the app:
hygiene.

## Example
```toml
[checks.health]
  type = "http"
  port = 8443
  path = "/health"
  protocol = "https"
  tls_skip_verify = true
```

Use instead:
```toml
[checks.health]
  type = "http"
  port = 8443
  path = "/health"
  protocol = "https"
  tls_server_name = "internal.example.com"
```

## Fix safety
No fix: verification only works once the Machine presents a certificate the check can verify.

## References
- Fly.io health checks: https://fly.io/docs/reference/configuration/#services-http_checks
- CWE-295: Improper Certificate Validation
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY103", name="check-tls-skip-verify", target="fly_toml", severity="info",
      tags=("security", "transport"), cwe=(295,), controls=("SOC2-CC6.7",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    if next(cfg.checks(), None) is None:
        ctx.not_applicable("no health checks")
        return
    for ref in cfg.checks():
        if not ref.is_http or ref.data.get("tls_skip_verify") is not True:
            continue
        if str(ref.data.get("protocol", "")).lower() != "https":
            continue
        path = ref.path + ("tls_skip_verify",)
        span = cfg.entry_span(path) if cfg.has_position(path) else cfg.key_span(ref.path)
        yield Violation(
            span,
            f"HTTPS health check {ref.label} sets tls_skip_verify = true: certificate problems go unnoticed; "
            "set tls_server_name to the certificate's name and drop tls_skip_verify, or check over plain http",
        )
