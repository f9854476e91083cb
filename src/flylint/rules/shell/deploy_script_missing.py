"""No deployment script or deploy workflow for the app: deploys are typed by hand (off by default).

## What it does
Looks, for the project's main fly config, for a scripted way to deploy it: a deploy script
(`deploy*.sh`, or any shell script that runs `fly`/`flyctl`), a GitHub workflow that deploys
to Fly.io, or a task runner file (`Makefile`, `justfile`, `Taskfile.yml`) that may hold the
deploy commands. It reports on the config when there is none. When GitHub workflows live above
the project (a monorepo) it cannot tell whether they deploy this app, and stays silent.

Off by default: deploying with a bare `fly deploy` is fine for many projects. The deployment
review checklist (`flylint report --framework review`) turns it on, because a reviewer asks
for a deployment script that is present and strict.

## Why is this bad?
A deploy typed by hand depends on who types it: which config, which app, which flags, whether
the migrations ran first. A script (or workflow) makes every deploy the same, can stop on the
first error (`set -euo pipefail`), and is reviewed like code.

## Severity
Info: deploying by hand is a process choice: hygiene (off by default).

## Example
```text
fly.toml        (no deploy.sh, no .github/workflows/*.yml that runs fly deploy)
```

Use instead:
```bash
#!/usr/bin/env bash
set -euo pipefail
fly deploy --app my-app --config fly.toml --remote-only
```

## Fix safety
No fix: the deploy steps are the project's to write.

## References
- Fly.io continuous deployment with GitHub Actions: https://fly.io/docs/launch/continuous-deployment-with-github-actions/
- `fly deploy`: https://fly.io/docs/flyctl/deploy/
- the deployment review checklist (`--framework review`, best practices)
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.project import Project
from flylint.linter.registry import RuleContext, rule

TASK_RUNNERS = ("Makefile", "makefile", "GNUmakefile", "justfile", "Justfile", "Taskfile.yml", "Taskfile.yaml")


@rule(code="SH008", name="deploy-script-missing", target="fly_toml", severity="info",
      tags=("reliability", "deploy"), default_enabled=False, controls=("REVIEW-B4",))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    project = ctx.project
    main = next((pf for pf in project.configs() if pf.fly_config is not None), None)
    if main is None or main.fly_config is not cfg:
        ctx.not_applicable("checked once per project, on its main fly config")
        return
    if project.of_kind("shell"):
        return  # a deploy script is present (SH001 checks that it is strict)
    workflows = [pf.model for pf in project.of_kind("workflow") if isinstance(pf.model, Workflow)]
    if any(wf.deploys_to_fly for wf in workflows):
        return
    base = project.config_dir(cfg)
    runner = next((name for name in TASK_RUNNERS if project.exists(name, base)), None)
    if runner is not None:
        ctx.not_applicable(f"a {runner} may hold the deploy commands (flylint does not read it)")
        return
    if not project.of_kind("workflow") and project.exists(os.path.join(".github", "workflows"), project.root):
        ctx.not_applicable("the project's GitHub workflows were not scanned")
        return
    if _workflows_above(project):
        ctx.not_applicable("GitHub workflows above this project may deploy it (monorepo)")
        return
    span = cfg.entry_span(("app",)) if cfg.has_position(("app",)) else cfg.source.line_span(1)
    yield Violation(
        span,
        "no deployment script found for this app (looked for deploy*.sh, shell scripts that run fly, and "
        "GitHub workflows that deploy): each deploy is typed by hand and can differ; add a deploy.sh with "
        "`set -euo pipefail` that runs `fly deploy --config ...`, or a deploy workflow",
        snippet="deploy-script-missing",
    )


def _workflows_above(project: Project) -> bool:
    """A ``.github/workflows`` directory in a parent of the project, up to the repository's top."""
    if project.exists(".git", project.root):
        return False
    d = os.path.dirname(project.root)
    for _ in range(20):
        if project.exists(os.path.join(".github", "workflows"), d):
            return True
        if project.exists(".git", d):
            return False
        parent = os.path.dirname(d)
        if parent == d:
            return False
        d = parent
    return False
