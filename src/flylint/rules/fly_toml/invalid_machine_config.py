"""`machine_config` that is neither valid inline JSON nor an existing `.json` file, or an unknown `container`.

## What it does
Flags `machine_config` (top level, or `[experimental] machine_config`, which takes precedence)
when it is not inline JSON starting with `{` or a path ending in `.json`, when the inline JSON
does not parse, or when the file does not exist next to the config. Also flags `container` when
the inline machine config lists containers and none has that name.

## Why is this bad?
`fly config validate` does not read the machine config; `fly deploy` fails after building the
image ("invalid machine config source", a JSON syntax error, or an unknown container).

## Severity
Error: flyctl rejects a machine_config it cannot read, so the deploy fails.

## Example
```toml
machine_config = "machine.yaml"
container = "web"
```

Use instead:
```toml
machine_config = "machine.json"
container = "app"
```

## Fix safety
No fix.

## References
- flyctl internal/config/machine.go and internal/containerconfig
- Fly.io multi-container Machines: https://fly.io/docs/machines/guides-examples/multi-container-machines/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import show
from flylint.linter.model import Violation
from flylint.linter.parsers import reason
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY053", name="invalid-machine-config", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    exp = cfg.data.get("experimental")
    path: tuple = ("machine_config",)
    source = cfg.data.get("machine_config")
    if isinstance(exp, dict) and isinstance(exp.get("machine_config"), str) and exp["machine_config"]:
        path, source = ("experimental", "machine_config"), exp["machine_config"]
    if not isinstance(source, str) or not source:
        return
    text = source.strip()
    parsed = None
    if text.startswith("{"):
        import json

        try:
            parsed = json.loads(text)
        except ValueError as exc:  # JSONDecodeError, or e.g. an integer too long to convert
            detail = (f"{exc.msg} at character {exc.pos}" if isinstance(exc, json.JSONDecodeError)
                      else reason(exc))
            yield Violation(cfg.entry_span(path),
                            f"machine_config is not valid JSON ({detail}): `fly deploy` fails after building the image")
            return
    elif text.endswith(".json"):
        if not ctx.project.exists(text, ctx.project.config_dir(cfg)):
            yield Violation(cfg.entry_span(path),
                            f"machine_config = {show(source)} does not exist next to this config: `fly deploy` fails "
                            "after building the image")
        return
    else:
        yield Violation(cfg.entry_span(path),
                        f"machine_config = {show(source)} is neither inline JSON (starting with "
                        f"{{) nor a path ending in "
                        ".json: `fly deploy` fails with \"invalid machine config source\"")
        return
    container = cfg.data.get("container")
    containers = parsed.get("containers") if isinstance(parsed, dict) else None
    if isinstance(container, str) and container and isinstance(containers, list) and containers:
        names = [c.get("name") for c in containers if isinstance(c, dict)]
        if container not in names:
            yield Violation(cfg.entry_span(("container",)),
                            f"container = {show(container)} is not one of the containers in machine_config "
                            f"({', '.join(str(n) for n in names)}): `fly deploy` fails")
