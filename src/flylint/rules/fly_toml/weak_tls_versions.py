"""TLS options allow protocol versions older than TLS 1.2.

## What it does
Flags `tls_options.versions` (in `[http_service.tls_options]` or a
`[services.ports.tls_options]` table) that list `TLSv1`, `TLSv1.0`, `TLSv1.1`, `SSLv3` or
`SSLv2`. Leaving `versions` unset is fine: the Fly proxy then uses its own modern default.

## Why is this bad?
TLS 1.0 and 1.1 were deprecated by RFC 8996 in 2021; they rely on SHA-1 and CBC constructions
with known attacks (BEAST, POODLE-style downgrades) and no current browser needs them. PCI DSS
and most compliance baselines require TLS 1.2 or later. Listing them explicitly lets a
man-in-the-middle or an outdated client negotiate the weak protocol.

## Severity
Warning: TLS versions older than 1.2 are deprecated and reviewers ask to drop them; not a shown
compromise.

## Example
```toml
[http_service.tls_options]
  versions = ["TLSv1.1", "TLSv1.2", "TLSv1.3"]
```

Use instead:
```toml
[http_service.tls_options]
  versions = ["TLSv1.2", "TLSv1.3"]
```

## Fix safety
Unsafe: the fix removes the old versions (or writes `["TLSv1.2", "TLSv1.3"]` when nothing else
is left). Very old clients (Android 4.3 and earlier, old embedded devices) can no longer connect.

## References
- Fly.io `tls_options`: https://fly.io/docs/reference/configuration/#services-ports-tls_options
- RFC 8996: Deprecating TLS 1.0 and TLS 1.1
- PCI DSS v4.0 requirement 4.2.1; CWE-326: Inadequate Encryption Strength; CWE-327
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal
from flylint.rules.fly_toml._tls import terminates_tls, tls_option_tables

WEAK = frozenset({"sslv2", "sslv3", "tlsv1", "tlsv1.0", "tlsv1_0", "tls1", "tls1.0", "tlsv1.1", "tlsv1_1",
                  "tls1.1"})
MODERN = ["TLSv1.2", "TLSv1.3"]


@rule(code="FLY101", name="weak-tls-versions", target="fly_toml", severity="warning", fix="unsafe",
      tags=("security", "transport"), cwe=(326, 327),
      controls=("PCI-DSS-4.2.1", "SOC2-CC6.7", "HIPAA-164.312(e)(1)", "GDPR-32(1)(a)", "REVIEW-S3"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    if not terminates_tls(cfg):
        ctx.not_applicable("no port terminates TLS at the Fly proxy (no [http_service], no tls handler)")
        return
    for path, opts, label in tls_option_tables(cfg):
        versions = opts.get("versions")
        if not isinstance(versions, list):
            continue
        weak = [v for v in versions if isinstance(v, str) and v.strip().lower() in WEAK]
        if not weak:
            continue
        keep = [v for v in versions if v not in weak]
        if not keep:
            keep = MODERN
        vpath = path + ("versions",)
        edit = replace_value(cfg, vpath, toml_literal(keep))
        fix = Fix(f"Allow only {', '.join(keep)}", (edit,), Applicability.UNSAFE) if edit is not None else None
        yield Violation(
            cfg.entry_span(vpath),
            f"{label} allows {', '.join(weak)}: TLS before 1.2 is deprecated (RFC 8996) and weakens every "
            f"connection; write versions = {toml_literal(keep)}",
            fix,
        )
