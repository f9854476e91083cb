"""`[build] ignorefile` that does not exist, which flyctl silently ignores.

## What it does
Flags `[build] ignorefile` when the file does not exist relative to the directory holding the
config (flyctl joins the two, so a leading `/` is relative to that directory too).

## Why is this bad?
Unlike a missing Dockerfile, a missing ignore file is not an error: flyctl silently falls back
to excluding nothing but fly.toml. The whole directory, including `.git`, `node_modules`, local
`.env` files and credentials, is then uploaded to the remote builder and can end up in image
layers through a `COPY . .`.

## Severity
Warning: flyctl silently ignores a missing ignore file, so the build context is not filtered as
meant; the deploy works.

## Example
```toml
[build]
  ignorefile = ".dockerignore.fly"
```

Use instead:
```toml
[build]
  ignorefile = ".dockerignore"
```

## Fix safety
No fix: create the file or correct the path yourself.

## References
- flyctl `resolveIgnorefilePath` / `readDockerignore`
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import entry as setting_in
from flylint.fly.schema import is_placeholder, section_label, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY051", name="ignorefile-not-found", target="fly_toml", severity="warning",
      tags=("security", "supply-chain"), cwe=(538,), controls=("SOC2-CC6.1", "CIS-4.10", "REVIEW-B2"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    build = cfg.data.get("build")
    if not isinstance(build, dict) or build.get("image"):
        return
    ignorefile = build.get("ignorefile")
    if not isinstance(ignorefile, str) or not ignorefile or is_placeholder(ignorefile):
        return
    target = ctx.project.config_path(cfg, ignorefile)
    if ctx.project.exists(target) or ctx.project.outside(target):
        return  # outside the repository: FLY068 says so
    shown = setting_in(section_label(('build',)), 'ignorefile', show(ignorefile))
    yield Violation(cfg.entry_span(("build", "ignorefile")),
                    f"{shown} does not exist: flyctl silently ignores it and sends "
                    "the whole "
                    "directory (except fly.toml) to the builder, including .git, .env files and other local secrets; "
                    "create the file or fix the path")
