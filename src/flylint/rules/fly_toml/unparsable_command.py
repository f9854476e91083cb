"""Command that flyctl cannot split into words (an unclosed quote or a trailing backslash).

## What it does
Flags `[deploy] release_command`, `console_command` and the commands of `[processes]` when
they contain an unbalanced `"` or `'` quote or end in a lone backslash, which flyctl's
shell-style word splitting rejects.

## Why is this bad?
flyctl splits these strings into an argument list itself (no shell is involved) and refuses
the whole configuration when that fails: `fly config validate` and `fly deploy` stop with
"EOF found when expecting closing quote".

## Severity
Error: flyctl cannot split the command into words and rejects the config, so the deploy fails.

## Example
```toml
[processes]
  web = "bundle exec puma -C config/puma.rb"
  worker = "sh -c 'bundle exec sidekiq"
```

Use instead:
```toml
[processes]
  web = "bundle exec puma -C config/puma.rb"
  worker = "sh -c 'bundle exec sidekiq'"
```

## Fix safety
No fix: where the quote should close is a guess.

## References
- flyctl `validateDeploySection`, `validateProcessesSection`, `validateConsoleCommand`, which
  split with github.com/google/shlex
- Fly.io `[processes]` section: https://fly.io/docs/reference/configuration/#the-processes-section
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import setting
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY030", name="unparsable-command", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    candidates: list[tuple[tuple, object]] = [(("console_command",), cfg.data.get("console_command"))]
    deploy = cfg.data.get("deploy")
    if isinstance(deploy, dict):
        candidates.append((("deploy", "release_command"), deploy.get("release_command")))
    procs = cfg.data.get("processes")
    if isinstance(procs, dict):
        candidates += [(("processes", name), cmd) for name, cmd in procs.items()]
    for path, value in candidates:
        if not isinstance(value, str):
            continue
        problem = split_error(value)
        if problem:
            yield Violation(cfg.entry_span(path),
                            f"{setting(path, value)} cannot be split into words ({problem}): "
                            "`fly config validate` and `fly deploy` fail; close the quote or escape it with a "
                            "backslash")


def split_error(command: str) -> str | None:
    """Why flyctl's word splitting rejects ``command``, or ``None`` when it splits fine."""
    import shlex

    try:
        shlex.split(command, comments=True)
    except ValueError as exc:
        text = str(exc).lower()
        if "quotation" in text:
            return "an unclosed quote"
        if "escaped" in text:
            return "a backslash at the end"
        return text
    return None
