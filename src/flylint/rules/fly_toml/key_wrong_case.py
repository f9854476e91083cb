"""Key written in a different letter case than flyctl's name for it.

## What it does
Flags keys and sections such as `App`, `PRIMARY_REGION`, `[HTTP_SERVICE]`, `[[Services]]` or
`[[VM]]`, which differ from flyctl's key only in letter case.

## Why is this bad?
flyctl matches keys ignoring case, so the value is usually read. But the compatibility
rewrites flyctl runs first only look at the exact lower-case names, so inside a mixed-case
section the legacy forms stop working (a string port or a `"20,25"` concurrency makes the
whole file fail to load, a bare-number check interval becomes nanoseconds). Worse, mixed-case
`[[VM]]`, `[[Mounts]]` and `[[Metrics]]` arrays are silently dropped, because flyctl always
writes the lower-case key back and it wins; a single `[VM]` table makes the file fail to load.
`fly config validate --strict` also rejects the file.

## Severity
Warning: flyctl matches keys by exact case and ignores the wrong-case one, so the setting does
not apply; the file loads.

## Example
```toml
App = "my-app"

[[VM]]
  memory = "1gb"
```

Use instead:
```toml
app = "my-app"

[[vm]]
  memory = "1gb"
```

## Fix safety
Unsafe for `vm`, `mounts` and `metrics`, where the rename makes a section that flyctl drops
today take effect (the Machine size or volume changes on the next deploy). The other renames
are marked safe: flyctl already reads those keys, the rename only makes the spelling exact.

## References
- Go `encoding/json` matches field names case-insensitively; flyctl's patches do not
- `fly config validate --strict` flags mixed-case keys
- Fly.io app configuration reference: https://fly.io/docs/reference/configuration/
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import CASE, LOAD_FAILS, WIPED_BY_PATCHES, issues_of, section_label
from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.linter.tomledit import rename_key


@rule(code="FLY012", name="key-wrong-case", target="fly_toml", severity="warning", fix="unsafe",
      tags=("correctness", "schema"), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for issue in issues_of(cfg, CASE):
        path, key, canonical = issue.path, issue.name, issue.detail
        parent = path[:-1]
        siblings = cfg.get(parent) if parent else cfg.data
        wiped = canonical in WIPED_BY_PATCHES and len(path) == 1
        if wiped and isinstance(issue.value, dict):
            effect = (f"a mixed-case single [{key}] table cannot be merged with flyctl's own `{canonical}`: "
                      f"{LOAD_FAILS}")
        elif wiped:
            effect = (f"flyctl always writes its own lower-case `{canonical}` after reading the file, which wipes "
                      f"`{key}`: this section is silently dropped")
        else:
            effect = ("flyctl matches it ignoring case, but its compatibility rewrites skip mixed-case keys and "
                      "`fly config validate --strict` rejects it")
        where = "at the top level" if not parent else f"in {section_label(parent)}"
        message = f"`{key}` {where} should be spelled `{canonical}`: {effect}"
        present = isinstance(siblings, dict) and canonical in siblings
        if present:
            message += f"; `{canonical}` is also set, so one of the two values is discarded"
        fix = None
        if cfg.fmt == "toml" and not present:
            edits = rename_key(cfg, path, canonical)
            if edits:
                applicability = Applicability.UNSAFE if wiped else Applicability.SAFE
                fix = Fix(f"Rename `{key}` to `{canonical}`", edits, applicability)
        yield Violation(cfg.key_span(path), message, fix)
