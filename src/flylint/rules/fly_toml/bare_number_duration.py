"""Bare number in a duration that flyctl reads as nanoseconds.

## What it does
Flags a duration written as a plain number in the places where flyctl does not convert it:
`[[http_service.checks]]` `interval` / `timeout` / `grace_period`, `[deploy]` `wait_timeout` and
`release_command_timeout`, and `kill_timeout` of any `machine_checks` entry (also service checks
in a mixed-case section, where flyctl's conversion does not run). The message says what the
number means there, e.g. `wait_timeout = 300` is 300 ns.

## Why is this bad?
The same bare number means different units in different places of fly.toml: seconds for the
top-level `kill_timeout`, milliseconds in `[[services.tcp_checks]]`, `[[services.http_checks]]`
and `[checks.NAME]` (flyctl converts those), and nanoseconds everywhere else, because there the
number goes straight into Go's duration type. `wait_timeout = 300` makes every deploy give up
waiting for a Machine after 300 ns; `interval = 10000` in `[[http_service.checks]]` is 10 µs,
which flyctl only "raises to 1 second" with a warning. No one writes nanoseconds on purpose.

## Severity
Error for `[deploy]` `wait_timeout` / `release_command_timeout` and machine-check `kill_timeout`:
flyctl passes the nanoseconds through without a word, so the deploy stops waiting for each
Machine, or cuts off the release command or the test Machine, at once. Warning for the
`interval`, `timeout` and `grace_period` of `[[http_service.checks]]`: flyctl raises a
sub-second interval or timeout to 1 second (and an all-but-zero grace period only delays the
first check), so the deploy goes on with checks that are not what was written.

## Example
```toml
[deploy]
  wait_timeout = 300

[[http_service.checks]]
  interval = 15000
  timeout = 2000
```

Use instead:
```toml
[deploy]
  wait_timeout = "5m"

[[http_service.checks]]
  interval = "15s"
  timeout = "2s"
```

## Fix safety
Unsafe: keeping the meaning would produce `"300ns"`, which is certainly not what was meant, so
the fix guesses the intended unit instead and says so in its title: check `interval`, `timeout`
and `grace_period` values of 1000 or more are taken as milliseconds (copied from a service
check, where bare numbers are milliseconds), everything else as seconds. Check the result.

## References
- flyctl converts bare numbers only in kill_timeout (seconds) and service/top-level checks
  (milliseconds); elsewhere fly.Duration stores them as nanoseconds
- flyctl warns only for service checks (W3 "will be raised to 1 second"), never for
  `[deploy]` or machine checks
- Go `time.Duration`: https://pkg.go.dev/time#Duration
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.fly.schema import BARE_NS, issues_of, setting
from flylint.fly.values import MAX_DURATION_NS, NS_PER, describe_ns, format_duration
from flylint.linter.model import Applicability, Fix, Severity, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal

_CHECK_KEYS = ("interval", "timeout", "grace_period")


@rule(code="FLY016", name="bare-number-duration", target="fly_toml", severity="error", fix="unsafe",
      tags=("correctness", "reliability"), controls=("SOC2-CC8.1", "SOC2-A1.2"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, BARE_NS):
        path, value = issue.path, issue.value
        key = str(path[-1])
        ns = int(value)
        is_check = key in _CHECK_KEYS
        unit = "ms" if is_check and value >= 1000 else "s"
        scaled = value * NS_PER[unit]
        meant = format_duration(int(scaled)) if abs(scaled) <= MAX_DURATION_NS else None  # else no duration fits
        if is_check:
            effect = "flyctl only warns that it will be raised to 1 second" if key != "grace_period" else \
                "flyctl only warns that it will be raised"
        elif key == "wait_timeout":
            effect = "flyctl prints nothing and the deploy stops waiting for each Machine at once"
        elif key == "release_command_timeout":
            effect = "flyctl prints nothing and the release command is cut off at once"
        else:
            effect = "flyctl prints nothing and the test Machine is killed at once"
        message = (f"{setting(path, value)} is a bare number, which flyctl passes through as nanoseconds here: "
                   f"{value} = {describe_ns(ns)} ({effect}); write a string with a unit"
                   + (f", e.g. {assign(key, toml_literal(meant))}" if meant is not None else ""))
        fix = None
        if cfg.fmt == "toml" and meant is not None:
            edit = replace_value(cfg, path, toml_literal(meant))
            if edit is not None:
                word = "milliseconds" if unit == "ms" else "seconds"
                fix = Fix(f"Treat {value} as {word}: {key} = \"{meant}\"", (edit,), Applicability.UNSAFE)
        # checks: flyctl raises the value to 1 s and the deploy goes on (see Severity)
        yield Violation(cfg.entry_span(path), message, fix, severity=Severity.WARNING if is_check else None)
