"""`[build] dockerfile` that does not exist (or is not a valid URL).

## What it does
Flags `[build] dockerfile` when the file does not exist relative to the directory holding the
config (flyctl joins the two, so `/other/Dockerfile` also means `<config dir>/other/Dockerfile`),
or when the value starts with `http:` / `https:` but is not a usable URL. Skipped when
`[build] image` or a buildpacks `builder` is set, because then no Dockerfile is built.

## Why is this bad?
`fly config validate` does not look for the file; `fly deploy` fails only when it starts the
build ("dockerfile '…' not found"). The setting also overrides `--dockerfile` on the command
line, so the flag cannot rescue it. Typical causes: a renamed file, a path written relative to
the repository root while fly.toml lives in a subdirectory, or wrong letter case on a
case-sensitive file system.

## Severity
Error: flyctl cannot find the Dockerfile it is told to build, so the deploy fails.

## Example
```toml
[build]
  dockerfile = "Dockerfile.prod"
```

Use instead:
```toml
[build]
  dockerfile = "Dockerfile.production"
```

## Fix safety
No fix: the right file is for you to pick.

## References
- flyctl `resolveDockerfilePath`
- Fly.io `[build]` section: https://fly.io/docs/reference/configuration/#the-build-section
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.dialect import entry
from flylint.fly.schema import is_placeholder, section_label, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule


@rule(code="FLY050", name="dockerfile-not-found", target="fly_toml", severity="error",
      tags=("correctness",), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    build = cfg.data.get("build")
    if not isinstance(build, dict) or build.get("image") or build.get("builder"):
        return
    df = build.get("dockerfile")
    if not isinstance(df, str) or not df or is_placeholder(df):
        return
    path = ("build", "dockerfile")
    if df.startswith(("http:", "https:")):
        from urllib.parse import urlparse

        url = urlparse(df)
        if url.scheme not in ("http", "https") or not url.netloc:
            shown = entry(section_label(('build',)), 'dockerfile', show(df))
            yield Violation(cfg.entry_span(path),
                            f"{shown} is not a valid URL: `fly deploy` fails "
                            "(\"invalid Dockerfile URL\"); write a full http(s)://host/path URL or a local path")
        return
    target = ctx.project.config_path(cfg, df)
    if ctx.project.exists(target) or ctx.project.outside(target):
        return  # outside the repository: FLY068 says so
    shown = entry(section_label(('build',)), 'dockerfile', show(df))
    yield Violation(cfg.entry_span(path),
                    f"{shown} does not exist (paths are relative to the "
                    "directory of this config): "
                    "`fly deploy` fails when it starts the build, and the setting overrides --dockerfile")
