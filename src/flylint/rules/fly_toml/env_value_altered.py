"""`[env]` value that flyctl's conversion to a string changes.

## What it does
Flags `[env]` values that are not strings and whose text changes when flyctl turns them into
the string the app receives: floats (`VERSION = 1.10` becomes `"1.1"`, `RATIO = 2.0` becomes
`"2"`, `1e6` becomes `"1e+06"`), hexadecimal/octal/binary integers (`0x1F` becomes `"31"`),
dates with a time zone (Go's `2024-01-01 00:00:00 +0000 UTC` format), arrays (`"[a b]"`) and
tables (`"map[…]"`). In fly.json every number is a float to flyctl, so `1000000` there becomes
`"1e+06"`. Plain integers and booleans are fine and not flagged.

## Why is this bad?
Environment variables are strings. flyctl converts other TOML values with Go's default
formatting instead of keeping what you wrote, so a version number, a feature ratio or a large
limit reaches the app in a different spelling, and parsing it in the app may fail or give a
different value. Nothing warns about it.

## Severity
Warning: flyctl changes the value on its way to a string (1e6, true), so the app gets something
else than written.

## Example
```toml
[env]
  APP_VERSION = 1.10
  MAX_UPLOAD_MB = 2.0
```

Use instead:
```toml
[env]
  APP_VERSION = "1.10"
  MAX_UPLOAD_MB = "2.0"
```

## Fix safety
Unsafe: the fix quotes the value exactly as written, which is what was almost certainly meant,
but the app then receives a different string than today (`"1.10"` instead of `"1.1"`).

## References
- flyctl `patchEnv` converts non-string values with Go `fmt.Sprintf("%v")`
- Fly.io `[env]` section: https://fly.io/docs/reference/configuration/#the-env-variables-section
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator

from flylint.fly.schema import where
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


def go_float(v: float) -> str:
    """What Go's ``fmt.Sprintf("%v", v)`` prints for a float64."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    if v == 0:
        return "-0" if math.copysign(1, v) < 0 else "0"
    sign = "-" if v < 0 else ""
    text = repr(abs(v))
    mant, _, exp_text = text.partition("e")
    int_part, _, frac = mant.partition(".")
    raw = int_part + frac
    stripped = raw.lstrip("0")
    point = len(int_part) + (int(exp_text) if exp_text else 0) - (len(raw) - len(stripped))
    digits = stripped.rstrip("0") or "0"
    exp = point - 1
    if exp < -4 or exp >= 6:  # strconv 'g' with the shortest precision switches to %e here
        tail = digits[1:]
        return f"{sign}{digits[0]}{'.' + tail if tail else ''}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _altered(value: object, raw: str | None, fmt: str) -> str | None:
    """The string flyctl produces when it differs from what is written, else ``None``."""
    if isinstance(value, (bool, str)):
        return None
    if isinstance(value, int):
        if fmt == "json":
            out = go_float(float(value))
            return out if out != str(value) else None
        if raw and re.match(r"^[+-]?0[xob]", raw.strip(), re.IGNORECASE):
            return str(value)
        return None
    if isinstance(value, float):
        out = go_float(value)
        written = (raw or repr(value)).strip().replace("_", "")
        return out if out != written else None
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return "Go's date format, e.g. \"2024-01-01 00:00:00 +0000 UTC\""
    if isinstance(value, list):
        return "Go's list format, e.g. \"[a b]\""
    if isinstance(value, dict):
        return "Go's map format, e.g. \"map[key:value]\""
    return None


@rule(code="FLY064", name="env-value-altered", target="fly_toml", severity="warning", fix="unsafe",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    env = cfg.data.get("env")
    tables: list[tuple[tuple, dict]] = []
    if isinstance(env, dict):
        tables.append((("env",), env))
    elif isinstance(env, list):
        tables += [(("env", i), e) for i, e in enumerate(env) if isinstance(e, dict)]
    for base, table in tables:
        for name, value in table.items():
            path = base + (name,)
            entry = cfg.entry(path)
            raw = cfg.source.text[entry.value_start:entry.value_end] if entry is not None and not entry.header else None
            out = _altered(value, raw, cfg.fmt)
            if out is None:
                continue
            shown = raw.strip() if raw and len(raw) < 60 else type(value).__name__
            becomes = f"the string \"{out}\"" if not out.startswith("Go's") else out
            message = (f"{where(path)} = {shown} is not a string: flyctl converts it and the app receives {becomes}; "
                       "quote the value to pass it exactly as written")
            fix = None
            if cfg.fmt == "toml" and raw and isinstance(value, (int, float)) and "\n" not in raw:
                literal = toml_literal(raw.strip())
                edit = replace_value(cfg, path, literal)
                if edit is not None:
                    fix = Fix(f"Quote {name} = {literal}", (edit,), Applicability.UNSAFE)
            yield Violation(cfg.entry_span(path), message, fix)
