"""The proxy falls back to a self-signed certificate.

## What it does
Flags `default_self_signed = true` in `tls_options` (`[http_service.tls_options]` or a
`[services.ports.tls_options]` table).

## Why is this bad?
With this option the Fly proxy completes TLS handshakes for hostnames that have no certificate
by presenting a self-signed one. Browsers and well-behaved clients reject it, so it only helps
clients that skip certificate verification, and those clients cannot tell your app from a
man-in-the-middle. It is occasionally needed for clients that connect by IP address without
SNI; otherwise a real certificate (`fly certs add`) is the way to serve a hostname.

## Severity
Info: the self-signed fallback matters only for clients that reach the app without a
certificate name: hygiene.

## Example
```toml
[http_service.tls_options]
  default_self_signed = true
```

Use instead:
```toml
# fly certs add www.example.com
[http_service.tls_options]
  default_self_signed = false
```

## Fix safety
Unsafe: the fix sets `default_self_signed = false`; clients that connect without a hostname
that has a certificate will then fail the TLS handshake.

## References
- Fly.io `tls_options`: https://fly.io/docs/reference/configuration/#services-ports-tls_options
- Fly.io custom domains and certificates: https://fly.io/docs/networking/custom-domain/
- CWE-295: Improper Certificate Validation
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value
from flylint.rules.fly_toml._tls import terminates_tls, tls_option_tables


@rule(code="FLY102", name="default-self-signed", target="fly_toml", severity="info", fix="unsafe",
      tags=("security", "transport"), cwe=(295,), controls=("SOC2-CC6.7", "PCI-DSS-4.2.1"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    if not terminates_tls(cfg):
        ctx.not_applicable("no port terminates TLS at the Fly proxy (no [http_service], no tls handler)")
        return
    for path, opts, label in tls_option_tables(cfg):
        if opts.get("default_self_signed") is not True:
            continue
        kpath = path + ("default_self_signed",)
        edit = replace_value(cfg, kpath, "false")
        fix = Fix("Set default_self_signed = false", (edit,), Applicability.UNSAFE) if edit is not None else None
        yield Violation(
            cfg.entry_span(kpath),
            f"{label} sets default_self_signed = true: hostnames without a certificate get a self-signed one "
            "that clients cannot verify; add a certificate with `fly certs add` and set default_self_signed = false",
            fix,
        )
