"""`kill_signal` that Fly Machines do not accept.

## What it does
Flags `kill_signal` (top level and in `machine_checks`) when it is not one of `SIGINT`,
`SIGTERM`, `SIGQUIT`, `SIGUSR1`, `SIGUSR2`, `SIGKILL`, `SIGSTOP` or `SIGHUP`, written in
upper case with the `SIG` prefix.

## Why is this bad?
flyctl passes the value to the Machines API without checking it; a signal name the platform
does not know makes Machine creation or update fail during `fly deploy`, and a signal your
process does not handle means it is killed without a graceful shutdown.

## Severity
Warning: a signal Fly Machines do not accept makes the stop fall back or fail; flylint's list
may lag the platform, so not an error.

## Example
```toml
kill_signal = "term"
```

Use instead:
```toml
kill_signal = "SIGTERM"
```

## Fix safety
Safe: offered when the value is one of the accepted signals in another letter case or without
the `SIG` prefix (`"sigterm"`, `"TERM"`); the same signal is then written the accepted way.

## References
- Fly.io app configuration, `kill_signal`: https://fly.io/docs/reference/configuration/#runtime-options
- fly-go stop-config signals
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import ENUM, SIGNALS, is_placeholder, issues_of, setting
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


@rule(code="FLY025", name="invalid-kill-signal", target="fly_toml", severity="warning", fix="safe",
      tags=("correctness", "reliability"), controls=("SOC2-A1.2",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, ENUM, owner="kill-signal"):
        value = issue.value
        if is_placeholder(value):
            continue
        name = value.strip().upper()
        target = name if name.startswith("SIG") else "SIG" + name
        target = target if target in SIGNALS else None
        message = (f"{setting(issue.path, value)} is not a signal Fly Machines accept: Machine creation can fail "
                   f"during `fly deploy`; use one of {', '.join(SIGNALS)}")
        fix = None
        if target is not None:
            message = (f"{setting(issue.path, value)} should be written \"{target}\": Fly Machines accept signal "
                       "names in upper case with the SIG prefix")
            edit = replace_value(cfg, issue.path, toml_literal(target)) if cfg.fmt == "toml" else None
            if edit is not None:
                fix = Fix(f"Write {issue.name} = \"{target}\"", (edit,), Applicability.SAFE)
        yield Violation(cfg.entry_span(issue.path), message, fix)
