"""`[build] dockerfile` points elsewhere while a `Dockerfile` sits next to fly.toml.

## What it does
Reports (as information) a `[build] dockerfile` that resolves to a different file than a
`Dockerfile` or `dockerfile` in the same directory as the config.

## Why is this bad?
It is often intended (a development Dockerfile next to a production one), but flyctl prints
"ignoring Dockerfile, and using Dockerfile.production (from fly.toml)" on every deploy, and
people editing the plain `Dockerfile` may expect their change to ship. A comment or a clearer
file name avoids the surprise.

## Severity
Info: a Dockerfile beside fly.toml that the build does not use is a source of confusion:
hygiene.

## Example
```toml
[build]
  dockerfile = "deploy/Dockerfile.fly"
```

Use instead:
```toml
# Dockerfile is for local development; Fly builds deploy/Dockerfile.fly
[build]
  dockerfile = "deploy/Dockerfile.fly"
```

## Fix safety
No fix: this is information about which file is built.

## References
- flyctl `multipleDockerfile` warning
- Fly.io `[build]` section: https://fly.io/docs/reference/configuration/#the-build-section
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from flylint.fly.dialect import entry as setting_in
from flylint.fly.schema import section_label, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY049", name="dockerfile-shadowed", target="fly_toml", severity="info",
      tags=("maintainability",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    build = cfg.data.get("build")
    if not isinstance(build, dict) or build.get("image"):
        return
    df = build.get("dockerfile")
    if not isinstance(df, str) or not df or df.startswith(("http://", "https://")):
        return
    base = ctx.project.config_dir(cfg)
    configured = os.path.normcase(ctx.project.abspath(df, base))
    for name in ("Dockerfile", "dockerfile"):
        local = os.path.join(base, name)
        if ctx.project.isfile(local) and os.path.normcase(os.path.abspath(local)) != configured \
                and ctx.project.exists(df, base):
            shown = setting_in(section_label(('build',)), 'dockerfile', show(df))
            yield Violation(cfg.entry_span(("build", "dockerfile")),
                            f"{shown} is built, not the {name} next to this config: flyctl says "
                            f"\"ignoring {name}\" at every deploy; make sure edits go to the file that ships")
            return
