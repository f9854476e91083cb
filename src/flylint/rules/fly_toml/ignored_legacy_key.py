"""Nomad-era (Apps v1) key that flyctl accepts but nothing reads any more.

## What it does
Flags keys left over from Fly's first platform (Nomad, "Apps v1"): `restart_limit` in service
and top-level checks, `[[services.script_checks]]` / `script_checks = []`, the script-check
`command` / `args` of a top-level check, and `[experimental]` `auto_rollback`, `enable_consul`,
`enable_etcd`, `private_network` and `allowed_public_ports`.

## Why is this bad?
Machines apps ignore them: flyctl reads the keys (or drops them) and nothing acts on them.
They suggest behaviour the app does not have: a `restart_limit` does not restart anything (a
failing service check only takes the Machine out of the load balancer), and
`allowed_public_ports` does not limit which ports are public (only `[[services]]` does).

## Severity
Info: flyctl accepts the Nomad-era key and nothing reads it: dead configuration, hygiene.

## Example
```toml
[experimental]
  auto_rollback = true

[[services.tcp_checks]]
  interval = "15s"
  timeout = "2s"
  restart_limit = 0
```

Use instead:
```toml
[[services.tcp_checks]]
  interval = "15s"
  timeout = "2s"
```

## Fix safety
Safe: the fix removes the line; nothing reads it, so the deployed configuration is the same.

## References
- flyctl: "RestartLimit is only supported on V1 Apps"; Nomad validation removed in 2024
- Fly.io Apps v1 to v2 migration: https://fly.io/docs/apps/migrate-to-v2/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import IGNORED, issues_of, where
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import delete_entry


@rule(code="FLY028", name="ignored-legacy-key", target="fly_toml", severity="info", fix="safe",
      tags=("maintainability",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, IGNORED):
        path = issue.path
        message = f"{where(path)} is {issue.detail}; nothing reads it, remove it"
        if issue.name == "restart_limit":
            message += " (a failing check takes the Machine out of the load balancer; it never restarts it)"
        elif issue.name == "allowed_public_ports":
            message += " (only [[services]] and [http_service] decide which ports are public)"
        fix = None
        if cfg.fmt == "toml" and not isinstance(issue.value, dict):
            edit = delete_entry(cfg, path)
            if edit is not None:
                fix = Fix(f"Remove {issue.name}", (edit,), Applicability.SAFE)
        entry = cfg.entry(path)
        header = isinstance(issue.value, (dict, list)) and entry is not None and entry.header
        span = cfg.key_span(path) if header else cfg.entry_span(path)
        yield Violation(span, message, fix)
