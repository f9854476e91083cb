"""`[experimental] cmd`, `entrypoint` or `exec` written as one string with spaces.

## What it does
Flags `cmd`, `entrypoint` and `exec` in `[experimental]` when they are a single string that
contains spaces, such as `cmd = "bundle exec puma"`.

## Why is this bad?
flyctl turns a string here into a one-element list **without** splitting it into words, so the
Machine tries to execute a program literally named `bundle exec puma` and fails to start.
(`[processes]` commands, in contrast, are split into words.)

## Severity
Warning: a one-string command is split on spaces by flyctl and may not run as meant; a reviewer
asks for an array.

## Example
```toml
[experimental]
  cmd = "bundle exec puma -C config/puma.rb"
```

Use instead:
```toml
[experimental]
  cmd = ["bundle", "exec", "puma", "-C", "config/puma.rb"]
```

## Fix safety
Unsafe: the fix splits the string into words with shell quoting rules, which is almost always
what was meant but changes the command that runs (from one that cannot start to one that can).

## References
- flyctl `patchExperimental` / `stringOrSliceToSlice`
- Fly.io `[experimental]` section: https://fly.io/docs/reference/configuration/#the-experimental-section
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import assign
from flylint.fly.schema import show
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import replace_value, toml_literal


@rule(code="FLY063", name="experimental-command-not-split", target="fly_toml", severity="warning", fix="unsafe",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    exp = cfg.data.get("experimental")
    if not isinstance(exp, dict):
        return
    for key in ("cmd", "entrypoint", "exec"):
        value = exp.get(key)
        if not isinstance(value, str) or not any(c.isspace() for c in value.strip()):
            continue
        path = ("experimental", key)
        fix = None
        import shlex

        try:
            words = shlex.split(value)
        except ValueError:
            words = []
        literal = toml_literal(words) if words else None
        if literal and cfg.fmt == "toml":
            edit = replace_value(cfg, path, literal)
            if edit is not None:
                fix = Fix(f"Split {key} into {literal}", (edit,), Applicability.UNSAFE)
        message = (f"{assign(key, show(value))} is one string, which flyctl passes as a single argument without "
                   f"splitting it: the Machine tries to run a program named {show(value.strip())} and fails to "
                   "start; write an array of words")
        if literal:
            message += f", e.g. {assign(key, literal)}"
        yield Violation(cfg.entry_span(path), message, fix)
