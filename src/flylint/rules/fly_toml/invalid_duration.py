"""Duration string that Go cannot parse, so the whole config fails to load.

## What it does
Flags duration values (`kill_timeout`, check `interval` / `timeout` / `grace_period`,
`deploy.wait_timeout`, `deploy.release_command_timeout`, machine-check `kill_timeout`) that
are not Go durations: a number without a unit in a string (`"5"`), days (`"1d"`), spaces or
long unit names (`"10 s"`, `"30sec"`, `"2 minutes"`), or an empty string where flyctl does not
skip it.

## Why is this bad?
flyctl parses these with Go's `time.ParseDuration`, which knows only `ns`, `us`, `ms`, `s`,
`m` and `h`, needs a unit on every number (only `"0"` may go without), and allows no spaces.
A failure aborts the decode of the whole file: flyctl keeps only the `app` name, and
`fly deploy` stops with `time: unknown unit "d" in duration "1d"` or similar.

## Severity
Error: Go cannot parse the duration and the whole config fails to load, so the deploy fails.

## Example
```toml
kill_timeout = "30 sec"

[deploy]
  wait_timeout = "1d"
```

Use instead:
```toml
kill_timeout = "30s"

[deploy]
  wait_timeout = "24h"
```

## Fix safety
Safe: offered when the meaning is certain: days become hours (`"1d"` → `"24h"`), spaces are
removed and long unit names shortened (`"30 sec"` → `"30s"`, `"2 minutes"` → `"2m"`). A string
without any unit (`"5"`) is not fixed, because the intended unit is unknown.

## References
- Go `time.ParseDuration`: https://pkg.go.dev/time#ParseDuration
- flyctl decodes fly.Duration with it; a failure fails the load
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.fly.schema import BAD_DURATION, LOAD_FAILS, issues_of, setting, where
from flylint.fly.values import MAX_DURATION_NS, NS_PER, ValueFormatError, format_duration, parse_go_duration
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal

_UNIT_WORDS = {
    "d": "d", "day": "d", "days": "d", "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m", "s": "s", "sec": "s", "secs": "s",
    "second": "s", "seconds": "s", "ms": "ms", "msec": "ms", "msecs": "ms", "millisecond": "ms",
    "milliseconds": "ms", "us": "us", "ns": "ns",
}
_PART = lazy(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*")


@rule(code="FLY015", name="invalid-duration", target="fly_toml", severity="error", fix="safe",
      tags=("correctness", "schema"), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, BAD_DURATION):
        path, value = issue.path, issue.value
        key = str(path[-1])
        if issue.detail == "empty":
            message = (f"{where(path)} is an empty string, which is not a duration here: {LOAD_FAILS}; "
                       "remove the key or write a duration such as \"30s\"")
            yield Violation(cfg.entry_span(path), message)
            continue
        repaired = _repair(value) if isinstance(value, str) else None
        reason = issue.detail[0].lower() + issue.detail[1:] if issue.detail else "invalid duration"
        message = f"{setting(path, value)} is not a Go duration ({reason}): {LOAD_FAILS}"
        if repaired is not None:
            message += f"; write {key} = \"{repaired}\""
        elif isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
            message += f"; add a unit, e.g. \"{value.strip()}s\" for seconds"
        else:
            message += "; use Go units ns, us, ms, s, m, h (e.g. \"1m30s\")"
        fix = None
        if repaired is not None and cfg.fmt == "toml":
            edit = replace_value(cfg, path, toml_literal(repaired))
            if edit is not None:
                fix = Fix(f"Write {key} = \"{repaired}\"", (edit,), Applicability.SAFE)
        yield Violation(cfg.entry_span(path), message, fix)


def _repair(value: str) -> str | None:
    """The Go duration ``value`` was clearly meant to be, or ``None``."""
    pos, total, text = 0, 0.0, value.strip()
    if not text:
        return None
    while pos < len(text):
        m = _PART.match(text, pos)
        if not m:
            return None
        unit = _UNIT_WORDS.get(m.group(2).lower())
        if unit is None:
            return None
        factor = 86_400 * NS_PER["s"] if unit == "d" else NS_PER[unit]
        total += float(m.group(1)) * factor
        pos = m.end()
    if total > MAX_DURATION_NS:  # no Go duration is that long (a digit string too long for a float: inf)
        return None
    result = format_duration(int(total))
    try:
        parse_go_duration(result)
    except ValueFormatError:
        return None
    return result
