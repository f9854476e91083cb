"""Value of a type flyctl cannot decode, so the whole config fails to load.

## What it does
Flags values whose TOML type does not match what flyctl decodes for that key, after the
coercions flyctl applies on its own (string ports and `"20,25"` concurrency in `[[services]]`,
integer `memory` and `initial_size`, non-string `[env]` values, a string `experimental.cmd`):
a string where a number is expected (`internal_port = "8080"` in `[http_service]`), a number
where a string is expected (`[build.args]` values, `app`), `auto_stop_machines = "true"`,
`kernel_args = "…"` written as a string, a `[processes]` command that is not a string, an
integer `concurrency`, and so on.

## Why is this bad?
flyctl does not report the key: the decode of the whole file fails, flyctl keeps only the
`app` name, and `fly deploy` / `fly config validate` stop with a Go JSON decoding error
(a string cannot go into the Go struct field `HTTPService.http_service.internal_port` of type
int) that does not say which line is wrong. (`[env]` is the exception: there flyctl turns
numbers and booleans into strings.) The Fly.io docs themselves show `kernel_args` as a string,
which flyctl rejects.

## Severity
Error: flyctl cannot decode the value and the whole config fails to load, so the deploy fails.

## Example
```toml
[http_service]
  internal_port = "8080"
  auto_stop_machines = "true"

[build.args]
  NODE_VERSION = 20
```

Use instead:
```toml
[http_service]
  internal_port = 8080
  auto_stop_machines = "stop"

[build.args]
  NODE_VERSION = "20"
```

## Fix safety
Safe: a fix is offered only when the intended value is certain: a numeric string becomes the
number, a number or boolean in a string field becomes the same text in quotes, `"true"` /
`"false"` become `true` / `false` (or `"stop"` / `"off"` for `auto_stop_machines`), and a
whitespace-separated `kernel_args` string or a single process-group name becomes an array.

## References
- flyctl keeps only `app` when the decode fails
- Fly.io app configuration reference: https://fly.io/docs/reference/configuration/
- `kernel_args` must be an array although the docs show a string
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.fly.schema import (
    AUTOSTOP,
    BOOL,
    INT,
    KIND_WORDS,
    LOAD_FAILS,
    PORT,
    STRING,
    STRINGS,
    TYPE,
    UINT,
    issues_of,
    show,
    type_name,
    where,
)
from flylint.fly.values import HUGE, decimal_int
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


@rule(code="FLY013", name="wrong-value-type", target="fly_toml", severity="error", fix="safe",
      tags=("correctness", "schema"), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, TYPE):
        spec, value, path = issue.key, issue.value, issue.path
        key = str(path[-1]) if not isinstance(path[-1], int) else str(path[-2])
        expected = issue.detail or (KIND_WORDS.get(spec.kind, spec.kind) if spec is not None else "another type")
        entry = cfg.entry(path)
        raw = cfg.source.text[entry.value_start:entry.value_end] if entry is not None and not entry.header else None
        literal = _suggestion(spec.kind if spec else "", value, key, raw)
        message = (f"{where(path)} is {type_name(value)} ({show(value, key)}) but flyctl reads it as {expected}: "
                   f"{LOAD_FAILS}")
        if key == "kernel_args" and isinstance(value, str):
            message += " (the Fly.io docs example writes a string here, flyctl needs an array)"
        if literal is not None:
            message += f"; write {assign(key, literal)}"
        fix = None
        if literal is not None and cfg.fmt == "toml":
            edit = replace_value(cfg, path, literal)
            if edit is not None:
                fix = Fix(f"Write {key} = {literal}", (edit,), Applicability.SAFE)
        yield Violation(cfg.entry_span(path), message, fix)


def _suggestion(kind: str, value: object, key: str, raw: str | None) -> str | None:
    number = decimal_int(value.strip()) if kind in (INT, UINT, PORT) and isinstance(value, str) else None
    if number is not None and number < HUGE:
        return str(number)
    if kind == STRING and isinstance(value, (bool, int, float)):
        text = raw.strip() if raw and cfg_safe(raw) else toml_literal(value)
        return toml_literal(text)
    if kind == BOOL and isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower()
    if kind == AUTOSTOP and isinstance(value, str):
        mapped = {"true": "stop", "false": "off", "stop": "stop", "off": "off", "suspend": "suspend"}
        target = mapped.get(value.strip().lower())
        return toml_literal(target) if target else None
    if kind == STRINGS and isinstance(value, str):
        if key == "kernel_args" and value.strip() and not re.search("[\"'\\\\]", value):
            return toml_literal(value.split())
        if key == "processes" and re.fullmatch(r"[A-Za-z0-9_\-]+", value):
            return toml_literal([value])
    return None


def cfg_safe(raw: str) -> bool:
    """A scalar literal as written (no comments, quotes or newlines to carry along)."""
    return bool(re.fullmatch(r"[A-Za-z0-9_.+\-:]+", raw.strip()))
