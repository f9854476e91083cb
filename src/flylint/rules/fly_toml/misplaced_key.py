"""Known key written in the wrong table, where flyctl ignores it.

## What it does
Flags a fly.toml key that is valid, but not in the table it ended up in. The usual cause is
TOML itself: every `key = value` line belongs to the last `[table]` header above it, so
`primary_region` or `swap_size_mb` written at the bottom of the file, after `[env]`, becomes
an environment variable; `auto_stop_machines` after `[http_service.concurrency]` becomes an
unknown concurrency setting. Also flags keys nested under a section that does not have them
(`min_machines_running` in `[[vm]]`, `[[vm.mounts]]`, `container` under `[experimental]`), and
check settings that exist elsewhere but not in that kind of check (`processes`, `type` or
`port` in `[[http_service.checks]]`, `grace_period` in a machine check), saying what to use
instead.

## Why is this bad?
The file still parses, so neither TOML nor flyctl complains: the setting is silently dropped
(or turned into an environment variable, a process group or a build argument), and the app is
deployed without it. Nothing tells you that `primary_region` never took effect.

## Severity
Warning: flyctl ignores a key in the wrong table, so the setting does not apply; the file
loads, so not an error.

## Example
```toml
app = "my-app"

[env]
  LOG_LEVEL = "info"
  primary_region = "ams"
```

Use instead:
```toml
app = "my-app"
primary_region = "ams"

[env]
  LOG_LEVEL = "info"
```

## Fix safety
Unsafe: for a top-level key that was captured by a table, the fix moves the line up among
the top-level keys, so the setting takes effect on the next deploy. Keys that belong in a
nested section are left for you to move.

## References
- TOML 1.0, tables: keys after a `[table]` header belong to it (https://toml.io/en/v1.0.0#table)
- flyctl drops unknown keys; `fly config validate --strict` lists them
- Fly.io docs put `container` under `[experimental]` in one example, where flyctl does not read it
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import MISPLACED, issues_of, section_label, show
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import move_to_top_level

_MAP_ROLE = {"env": "an environment variable", "processes": "a process group", "args": "a build argument",
             "settings": "a builtin setting"}


@rule(code="FLY011", name="misplaced-key", target="fly_toml", severity="warning", fix="unsafe",
      tags=("correctness", "schema"), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, MISPLACED):
        path, key = issue.path, issue.name
        here = section_label(path[:-1])
        is_section = isinstance(issue.value, (dict, list)) and not (
            isinstance(issue.value, list) and not all(isinstance(v, dict) for v in issue.value))
        target = issue.target[:-1] if issue.target else ()
        home = "the top level" if target == () else section_label(target)
        fix = None
        if issue.detail == "map":
            role = _MAP_ROLE.get(str(path[-2]), "an entry of that table")
            message = (f"`{key} = {show(issue.value, key)}` is written below {here}, so TOML makes it {role} "
                       f"named `{key}` and flyctl never applies the `{key}` setting; move it ")
            message += "above the first table header" if target == () else f"into {home}"
            fix = _move_to_top(cfg, path, key) if target == () else None
        elif issue.detail == "enclosing":
            if path[:-1] == ("experimental",) and key == "container":
                message = ("`container` under [experimental] is ignored: flyctl reads only the top-level `container` "
                           "(one docs example puts it under [experimental]); move it above the first table header")
                fix = _move_to_top(cfg, path, key)
            elif is_section:
                message = (f"{here} has no `{key}`: flyctl ignores this nested section; `{key}` is a section of its "
                           f"own at {home}, write it as [[{key}]]" if target == () else
                           f"{here} has no `{key}`: flyctl ignores it there; it belongs in {home}")
            else:
                message = (f"`{key}` is not a setting of {here}, so flyctl ignores it there; it is a setting of "
                           f"{home}: move the line ")
                message += "above the first table header" if target == () else f"into {home}"
                if target == () and not is_section:
                    fix = _move_to_top(cfg, path, key)
        elif issue.detail == "here":
            message = f"`{key}` is not a setting of {here}, so flyctl ignores it there: {issue.suggestions[0]}"
        elif issue.detail == "inner":
            options = " or ".join(section_label(path[:-1] + (name,)) for name in issue.suggestions)
            message = f"`{key}` is not a setting of {here} itself, so flyctl ignores it; it belongs in {options}"
        else:
            options = " or ".join(issue.suggestions)
            message = f"`{key}` is not a setting of {here}, so flyctl ignores it; it is a setting of {options}"
        yield Violation(cfg.key_span(path), message, fix)


def _move_to_top(cfg: FlyConfig, path: tuple, key: str) -> Fix | None:
    if cfg.fmt != "toml" or key in cfg.data:
        return None
    edits = move_to_top_level(cfg, path, key)
    return Fix(f"Move `{key}` to the top level", edits, Applicability.UNSAFE) if edits is not None else None
