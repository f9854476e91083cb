"""`[build] dockerfile` or `ignorefile` that points outside the repository.

## What it does
Flags `[build] dockerfile` and `[build] ignorefile` when the path (joined to the directory of
the config, as flyctl does, symbolic links followed) leads outside the repository being checked:
the nearest directory with `.git` above the config, or the checked folder when there is none.
flylint does not read such a file, so none of its Dockerfile or `.dockerignore` checks cover it.

## Why is this bad?
A build that depends on a file outside the repository cannot be reproduced from a clone: CI
and teammates build something else, or fail. In a repository you did not write (a pull request
from a fork, a cloned template), a path such as `../../../etc/passwd` or a link to a system
file is a way to make tools read files they were never meant to see; flylint refuses to read
them and reports the setting instead.

## Severity
Warning: the deploy may well work from the author's machine; what fails is reproducing it
from the repository, and flylint's own checks of that file. Info when there is no repository
around the config: the limit is then only the folder that was checked, and a monorepo app
checked on its own legitimately names `../Dockerfile`; the finding says that file was not read.

## Example
```toml
[build]
  dockerfile = "../../common/Dockerfile"
```

Use instead:
```toml
[build]
  dockerfile = "Dockerfile"
```

## Fix safety
No fix: move the file into the repository or correct the path.

## References
- Fly.io `[build]` section: https://fly.io/docs/reference/configuration/#the-build-section
- CWE-22: Improper Limitation of a Pathname to a Restricted Directory
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.schema import is_placeholder, show
from flylint.linter.model import Severity, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

_WHAT = {"dockerfile": "Dockerfile and cross-file checks", "ignorefile": ".dockerignore checks"}


@rule(code="FLY068", name="build-path-outside-repository", target="fly_toml", severity="warning",
      tags=("security",), cwe=(22,), controls=("SOC2-CC8.1",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    build = cfg.data.get("build")
    if not isinstance(build, dict) or build.get("image"):
        return
    for key in ("dockerfile", "ignorefile"):
        value = build.get(key)
        if not isinstance(value, str) or not value or is_placeholder(value) or value.startswith(("http:", "https:")):
            continue
        if key == "dockerfile" and build.get("builder"):
            continue
        if not ctx.project.outside(ctx.project.config_path(cfg, value)):
            continue
        if ctx.project.in_repository:
            yield Violation(cfg.entry_span(("build", key)),
                            f"[build] {key} = {show(value)} leads outside the repository: flylint does not read it, "
                            f"so its {_WHAT[key]} do not cover it, and a clone of the repository cannot build the "
                            "same image; keep the file inside the repository")
        else:
            # no repository around the config: the checked folder is the limit, and whether the
            # file belongs to the project is not known (a monorepo app checked on its own)
            yield Violation(cfg.entry_span(("build", key)),
                            f"[build] {key} = {show(value)} leads outside the checked folder, and no repository "
                            f"(.git) says where the project ends: flylint does not read it, so its {_WHAT[key]} "
                            "do not cover it; check the folder that holds it to include it",
                            severity=Severity.INFO)
