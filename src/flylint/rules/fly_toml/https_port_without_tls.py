"""Port 443 of a public service speaks plain HTTP: its handlers have `http` but not `tls`.

## What it does
Flags a `[[services.ports]]` entry for port 443 (or a port range that includes 443) whose
`handlers` list `http` without `tls`. Raw TCP on 443 (`handlers = []`, the app terminates TLS
itself) and `pg_tls` are fine.

## Why is this bad?
Browsers and API clients open `https://` connections on port 443 and start with a TLS
handshake. With only the `http` handler the Fly proxy expects plain HTTP there, so every HTTPS
request fails, while `http://app:443` works: the site is unreachable over HTTPS and, worse,
anything that does connect sends its data unencrypted. flyctl accepts the file.

## Severity
Error: the file shows that the service cannot work: every TLS client fails its handshake on
port 443, while plain HTTP on that port goes unencrypted.

## Example
```toml
[[services.ports]]
  port = 443
  handlers = ["http"]
```

Use instead:
```toml
[[services.ports]]
  port = 443
  handlers = ["tls", "http"]
```

## Fix safety
Safe: adds `"tls"` in front of the handlers, which is what Fly.io's own templates write for
port 443.

## References
- Fly.io app configuration, `services.ports` handlers: https://fly.io/docs/reference/configuration/#services-ports-handlers
- Fly.io network services, TLS termination: https://fly.io/docs/networking/services/
- CWE-319: Cleartext Transmission of Sensitive Information
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.values import decimal_int
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


def _covers_443(port: dict) -> bool:
    value = port.get("port")
    if isinstance(value, str):
        value = decimal_int(value.strip())
    if value == 443:
        return True
    start, end = port.get("start_port"), port.get("end_port")
    return isinstance(start, int) and isinstance(end, int) and start <= 443 <= end


@rule(code="FLY067", name="https-port-without-tls", target="fly_toml", severity="error", fix="safe",
      tags=("security", "correctness"), cwe=(319,),
      controls=("SOC2-CC6.7", "PCI-DSS-4.2.1", "HIPAA-164.312(e)(1)", "GDPR-32(1)(a)"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    applies = False
    for spath, _svc in cfg.services():
        for ppath, port in cfg.sections("ports", spath):
            handlers = port.get("handlers")
            if not isinstance(handlers, list) or not _covers_443(port):
                continue
            applies = True
            names = [h for h in handlers if isinstance(h, str)]
            if "http" not in names or "tls" in names:
                continue
            hpath = (*ppath, "handlers")
            fix = None
            entry = cfg.entry(hpath)
            if entry is not None and cfg.source.text[entry.value_start:entry.value_start + 1] == "[":
                quote = '"' if '"' in cfg.source.text[entry.value_start:entry.value_end] else "'"
                pos = entry.value_start + 1
                fix = Fix('Add the "tls" handler', (Edit(pos, pos, f"{quote}tls{quote}, "),), Applicability.SAFE)
            yield Violation(
                cfg.value_span(hpath),
                f"port 443 has handlers {names} without \"tls\": the proxy expects plain HTTP on the HTTPS port, so "
                "https:// requests fail and whatever connects is unencrypted; use handlers = [\"tls\", \"http\"]",
                fix,
            )
    if not applies:
        ctx.not_applicable("no [[services]] port 443 with handlers")
