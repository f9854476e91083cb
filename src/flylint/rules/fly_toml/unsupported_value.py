"""Setting value outside what the Fly platform supports.

## What it does
Flags values that flyctl passes to the platform unchecked but that are outside the documented
set: `[[services]] protocol` (`tcp`, `udp`), port `handlers` (`http`, `tls`, `pg_tls`,
`proxy_proto`), concurrency `type` (`connections`, `requests`), check `protocol` (`http`,
`https`), `proxy_proto_options.version` (`v1`, `v2`), replay-cache `type` (`cookie`,
`header`), `[build] builtin` (`node`, `ruby`, `deno`, `go`, `static`, `hugo-static`,
`python`) and a negative `min_machines_running`.

## Why is this bad?
None of these is checked by `fly config validate`. The mistake surfaces later: `fly deploy`
fails when the Machines are created or the build starts, or the proxy quietly does something
else (a handler named `https` does not terminate TLS).

## Severity
Warning: a value outside what the platform supports is rejected or clamped at deploy time; the
limits may change, so not an error.

## Example
```toml
[[services]]
  protocol = "http"
  internal_port = 8080

  [[services.ports]]
    port = 443
    handlers = ["https"]
```

Use instead:
```toml
[[services]]
  protocol = "tcp"
  internal_port = 8080

  [[services.ports]]
    port = 443
    handlers = ["tls", "http"]
```

## Fix safety
No fix: the intended value cannot be inferred reliably.

## References
- Fly.io services and handlers: https://fly.io/docs/networking/services/
- Fly.io app configuration reference: https://fly.io/docs/reference/configuration/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.fly.schema import ENUM, RANGE, is_placeholder, issues_of, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

_HINTS = {
    "handlers": {"https": "for HTTPS use [\"tls\", \"http\"]", "tcp": "leave handlers empty for raw TCP",
                 "udp": "leave handlers empty for UDP and set protocol = \"udp\""},
    "protocol": {"http": "HTTP is a handler on a tcp service: protocol = \"tcp\" with handlers = [\"http\"]",
                 "https": "HTTPS is handlers = [\"tls\", \"http\"] on a tcp service"},
}


@rule(code="FLY026", name="unsupported-value", target="fly_toml", severity="warning",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, ENUM, RANGE, owner="value"):
        value, path = issue.value, issue.path
        if is_placeholder(value):
            continue
        key = str(path[-2]) if isinstance(path[-1], int) else str(path[-1])
        if issue.kind == RANGE:
            message = (f"{assign(key, show(value))} is negative: the Machines API rejects the service during "
                       "`fly deploy`; use 0 or more")
        else:
            allowed = ", ".join(f"\"{v}\"" for v in issue.key.enum) if issue.key else ""
            consequence = ("the build fails when flyctl looks up the builtin" if key == "builtin" else
                           "flyctl passes it through unchecked and the platform rejects or ignores it at deploy")
            shown = f"{key} entry {show(value)}" if isinstance(path[-1], int) else assign(key, show(value))
            message = f"{shown} is not one of {allowed}: {consequence}"
            hint = _HINTS.get(key, {}).get(str(value).lower())
            if hint:
                message += f"; {hint}"
        yield Violation(cfg.entry_span(path), message)
