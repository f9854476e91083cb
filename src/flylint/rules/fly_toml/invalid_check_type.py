"""Top-level check without a valid `type`.

## What it does
Flags a `[checks.NAME]` check whose `type` is missing or is not exactly `http` or `tcp`,
including Apps v1 `script` checks and upper-case `"HTTP"`.

## Why is this bad?
Top-level checks have no implicit type (unlike `[[services.http_checks]]`), and flyctl compares
the value exactly. `fly config validate` and `fly deploy` fail with "Missing or invalid check
type, must be 'http' or 'tcp'". Script checks (`type = "script"` with `command`) were a Nomad
feature and do not exist for Machines.

## Severity
Error: a top-level check without a valid type is rejected, so the deploy fails.

## Example
```toml
[checks.health]
  port = 8080
  path = "/health"
```

Use instead:
```toml
[checks.health]
  type = "http"
  port = 8080
  path = "/health"
```

## Fix safety
Safe: offered only when the type differs from `http` / `tcp` by letter case or surrounding
spaces. A missing type is not added.

## References
- flyctl `ToplevelCheck.toMachineCheck` via `validateChecksSection`
- Fly.io health checks: https://fly.io/docs/reference/health-checks/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import show
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


@rule(code="FLY035", name="invalid-check-type", target="fly_toml", severity="error", fix="safe",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for ref in cfg.checks():
        if ref.kind != "top":
            continue
        value = ref.data.get("type")
        name = ref.path[-1] if isinstance(ref.path[-1], str) else ref.data.get("name", ref.path[-1])
        if value is None:
            yield Violation(cfg.key_span(ref.path),
                            f"check `{name}` has no type: top-level checks need one, so `fly config validate` and "
                            "`fly deploy` fail; add type = \"http\" or type = \"tcp\"")
            continue
        if value in ("http", "tcp") or not isinstance(value, str):
            continue
        path = ref.path + ("type",)
        target = value.strip().lower()
        message = (f"check `{name}` has type = {show(value)}: flyctl accepts only \"http\" and \"tcp\", so "
                   "`fly config validate` and `fly deploy` fail")
        if target == "script":
            message += " (script checks were an Apps v1 feature; Machines have no equivalent)"
        fix = None
        if target in ("http", "tcp") and cfg.fmt == "toml":
            edit = replace_value(cfg, path, toml_literal(target))
            if edit is not None:
                fix = Fix(f"Write type = \"{target}\"", (edit,), Applicability.SAFE)
        yield Violation(cfg.entry_span(path), message, fix)
