"""`app` name with characters Fly.io app names cannot have.

## What it does
Flags an `app` value containing anything other than lower-case letters, digits and dashes, or
starting or ending with a dash. Empty values and template placeholders are skipped.

## Why is this bad?
Fly app names are also DNS names (`<app>.fly.dev`). `fly launch` refuses such names, and
`fly deploy` looks the app up by this exact name, so `My_App` never matches the app created as
`my-app`.

## Severity
Warning: Fly.io app names cannot have those characters, so creating the app fails; an existing
app is addressed differently, so not an error.

## Example
```toml
app = "My_App"
```

Use instead:
```toml
app = "my-app"
```

## Fix safety
No fix: renaming the app in fly.toml points deploys at a different app.

## References
- flyctl `validateAppName` in launch/plan_builder.go
- Fly.io apps: https://fly.io/docs/apps/
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.fly.schema import is_placeholder, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

_VALID = lazy(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


@rule(code="FLY060", name="invalid-app-name", target="fly_toml", severity="warning",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    app = cfg.data.get("app")
    if not isinstance(app, str) or not app.strip() or is_placeholder(app) or _VALID.match(app):
        return
    suggestion = re.sub(r"[^a-z0-9-]+", "-", app.lower()).strip("-")
    yield Violation(cfg.entry_span(("app",)),
                    f"app = {show(app)} is not a valid Fly app name (lower-case letters, digits and dashes; it is also "
                    f"the host name {suggestion or 'app'}.fly.dev): `fly launch` refuses it and `fly deploy` will not "
                    f"find an app by that name; the name is probably \"{suggestion}\"")
