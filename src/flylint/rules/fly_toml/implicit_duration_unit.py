"""Duration written as a bare number whose unit depends on where it sits.

## What it does
Flags bare-number durations that flyctl converts with an implicit unit: the top-level
`kill_timeout` (and the legacy `[experimental] kill_timeout`) in seconds, and `interval`,
`timeout` and `grace_period` of `[[services.tcp_checks]]`, `[[services.http_checks]]` and
`[checks.NAME]` in milliseconds. The finding names the duration flyctl will use and the
equivalent string. (Bare numbers where flyctl reads nanoseconds are `bare-number-duration`.)

## Why is this bad?
The value works, but the unit is invisible and differs by location: `kill_timeout = 5` is 5
seconds, `timeout = 5` in a service check is 5 ms, and `timeout = 5` in `[[http_service.checks]]`
is 5 ns. Copying a check from one section to another silently changes its meaning by six
orders of magnitude. `fly launch` and `fly config save` write strings such as `"5s"`.

## Severity
Info: a bare number works, but its unit depends on the section; writing the unit is clarity
hygiene.

## Example
```toml
kill_timeout = 5

[[services.tcp_checks]]
  interval = 15000
  timeout = 2000
```

Use instead:
```toml
kill_timeout = "5s"

[[services.tcp_checks]]
  interval = "15s"
  timeout = "2s"
```

## Fix safety
Safe: the fix writes the exact duration flyctl uses today (`5` → `"5s"` for `kill_timeout`,
`2000` → `"2s"` in a service check; a fraction flyctl drops, as in `1.5` seconds, is dropped
too).

## References
- flyctl's patches convert bare kill_timeout to seconds and service/top-level check durations
  to milliseconds
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.fly.schema import BARE_UNIT, issues_of, setting
from flylint.fly.values import BareUnit, describe_ns, format_duration
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


@rule(code="FLY017", name="implicit-duration-unit", target="fly_toml", severity="info", fix="safe",
      tags=("readability",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, BARE_UNIT):
        path, value = issue.path, issue.value
        key = str(path[-1])
        unit = BareUnit(issue.detail)
        ns = int(value) * unit.ns
        text = format_duration(ns)
        dropped = " (flyctl drops the fraction)" if isinstance(value, float) and value != int(value) else ""
        message = (f"{setting(path, value)} is a bare number that flyctl reads as {unit.word} here "
                   f"({describe_ns(ns)}){dropped}; write {assign(key, toml_literal(text))} so the unit does not "
                   "depend on where the key sits")
        fix = None
        if cfg.fmt == "toml":
            edit = replace_value(cfg, path, toml_literal(text))
            if edit is not None:
                fix = Fix(f"Write {key} = \"{text}\"", (edit,), Applicability.SAFE)
        yield Violation(cfg.entry_span(path), message, fix)
