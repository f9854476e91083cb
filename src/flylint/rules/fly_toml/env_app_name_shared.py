"""Two environment configs deploy to the same Fly app.

## What it does
In a project with environment configs (`fly.staging.toml`, `fly.production.toml`,
`staging.fly.toml`, `fly-dev.toml` …), flags a config whose `app` is the same as the `app` of a
config for another environment. A plain `fly.toml` next to environment configs is read as
production when no config is named production. Configs for other roles (`fly.worker.toml`)
are not compared. A config that workflows or scripts in the project deploy only with an explicit
app (`fly deploy --config fly.review.toml --app pr-42`, or through `superfly/fly-pr-review-apps`,
which names each review app after its pull request) is not reported: its `app` line is never
used.

## Why is this bad?
`fly deploy --config fly.staging.toml` deploys to the app named in that file. When staging
names the production app, every "staging" deploy replaces the production release, its
`[env]` and its scaling settings, and staging secrets are never used. It usually happens when
`fly.toml` is copied to `fly.staging.toml` and the `app` line is left as it was.

## Severity
Error: the files show the damage: deploying the one environment replaces the other
environment's app, its settings and its release.

## Example
```toml
# fly.staging.toml
app = "shop"
```

Use instead:
```toml
# fly.staging.toml
app = "shop-staging"
```

## Fix safety
No fix: the staging app's name is not known (create it with `fly apps create`).

## References
- Fly.io, multiple environments: https://fly.io/docs/apps/multiple-environments/ (one app per environment)
- `fly deploy --config`: https://fly.io/docs/flyctl/deploy/
- CWE-668: Exposure of Resource to Wrong Sphere
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.project import Project
from flylint.linter.registry import RuleContext, rule
from flylint.rules.fly_toml._environments import EnvConfig, environment_configs


@rule(code="FLY150", name="env-app-name-shared", target="project", reports_on=("fly_toml",), severity="error",
      tags=("environments", "change-management"), cwe=(668,), controls=("SOC2-CC8.1",))
def check(project: Project, ctx: RuleContext) -> Iterator[Violation]:
    seen: list[EnvConfig] = []
    for env_cfg in environment_configs(project):
        app = env_cfg.cfg.app
        if not app or not app.strip():
            continue
        key = app.strip().lower()
        clash = next((o for o in seen if o.env != env_cfg.env and (o.cfg.app or "").strip().lower() == key), None)
        seen.append(env_cfg)
        if clash is None:
            continue
        if _always_named(project, env_cfg.cfg.source.path):
            continue  # every deploy of this file names its own app (--app, or the review-apps action)
        yield Violation(
            env_cfg.cfg.value_span(("app",)),
            f'app "{app}" in {env_cfg.label} is also the app of {clash.label}: deploying {env_cfg.env} '
            f"with this file would overwrite {clash.env}; give each environment its own app "
            f'(e.g. "{app}-{env_cfg.env}")',
            source=env_cfg.cfg.source,
        )


def _always_named(project: Project, config_path: str) -> bool:
    """Workflows or scripts deploy ``config_path``, and every one of them names the app itself."""
    from flylint.linter.parsers.commands import flag_value, fly_subcommand, iter_commands
    from flylint.linter.parsers.shell import ShellScript
    from flylint.linter.parsers.workflow import Workflow

    name = os.path.basename(config_path)
    uses = 0
    for pf in project.files:
        model = pf.model
        if not isinstance(model, (Workflow, ShellScript)):
            continue
        if isinstance(model, Workflow):
            for _job, step in model.steps():
                if step.uses is not None and "superfly/fly-pr-review-apps" in step.uses.value:
                    with_config = step.with_.get("config")
                    if with_config is not None and os.path.basename(with_config.value.strip()) == name:
                        uses += 1  # the action names each review app after the pull request
        for site in iter_commands(model):
            argv = site.command.effective_argv()
            if not fly_subcommand(site.command):
                continue
            flag = flag_value(argv, "--config", "-c")
            text = flag if isinstance(flag, str) else (flag.text if flag is not None else None)
            if text is None or os.path.basename(text.strip("'\"")) != name:
                continue
            uses += 1
            if flag_value(argv, "--app", "-a") is None:
                return False
    return uses > 0
