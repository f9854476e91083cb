"""Per-environment defaults: what ``flylint init --envs`` writes and ``flylint recommend`` sizes.

One table, so the generated configs and the recommendation never disagree.

| environment | memory | machines (running–created) | app name |
| --- | --- | --- | --- |
| dev | 256 MB | 1 (0–1: stops when idle) | ``<app>-dev`` |
| staging (and any other name) | 512 MB | 1–3 | ``<app>-staging`` |
| production | 1 GB | 2–10 | ``<app>-production`` |

"N–M" means ``min_machines_running = N`` in the config (the Fly proxy never stops the last N
machines of the primary region) and M machines created with ``fly scale count M``; the proxy
starts and stops machines between the two with the load. Production keeps
``min_machines_running ≥ 1`` (FLY107). Secondary regions of production get 1–3.
"""

from __future__ import annotations

import re
from typing import Any

from flylint.base.records import record


@record(frozen=True)
class EnvDefaults:
    name: str
    memory_mb: int
    min_running: int  # [http_service] min_machines_running
    machines: int  # `fly scale count` in the primary region
    secondary_min: int = 1  # per secondary region; only production runs outside the primary region
    secondary_machines: int = 3


ENV_DEFAULTS: dict[str, EnvDefaults] = {
    "dev": EnvDefaults("dev", 256, 0, 1, 0, 1),
    "staging": EnvDefaults("staging", 512, 1, 3, 0, 1),
    "production": EnvDefaults("production", 1024, 2, 10, 1, 3),
}

#: git branch -> environment it deploys (the generated workflow and the recommendation)
BRANCHES = {"main": "production", "staging": "staging", "develop": "dev"}

#: the order environments are listed and deployed in
ENV_ORDER = {"dev": 0, "staging": 2, "production": 3}


def env_defaults(env: str) -> EnvDefaults:
    """The defaults for ``env``; an unknown name (qa, preview …) is sized like staging."""
    found = ENV_DEFAULTS.get(env)
    if found is not None:
        return found
    base = ENV_DEFAULTS["staging"]
    return EnvDefaults(env, base.memory_mb, base.min_running, base.machines, base.secondary_min,
                       base.secondary_machines)


def app_name(base: str, env: str) -> str:
    """``<base>-<env>``, cut so it stays a valid Fly app name (63 characters)."""
    suffix = f"-{env}"
    return base[: 63 - len(suffix)].rstrip("-") + suffix


# --------------------------------------------------------------------------------------------
# `flylint init --envs`: one fly.<env>.toml per environment, deploy.sh taking the environment,
# and the GitHub workflow deploying each branch to its environment.

#: canonical environment of a name as written (aliases keep the user's spelling in file names)
ALIASES = {"dev": "dev", "development": "dev", "develop": "dev", "staging": "staging", "stage": "staging",
           "stg": "staging", "production": "production", "prod": "production", "prd": "production",
           "live": "production"}
#: actions pinned by commit SHA (version in the comment); see the pin-refresh policy in
#: skills/flyio/REFERENCE.md ("Pinned versions")
CHECKOUT_ACTION = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2"
SETUP_FLYCTL_ACTION = "superfly/flyctl-actions/setup-flyctl@fc53c09e1bc3be6f54706524e3b82c4f462f77be  # v1.5"
FLYCTL_VERSION = "0.3.155"
WORKFLOW_PATH = ".github/workflows/fly-deploy.yml"
_NAME = re.compile(r"^[a-z][a-z0-9]{0,15}$")


@record(frozen=True)
class EnvSpec:
    name: str  # as written: file fly.<name>.toml, app <app>-<name>
    canonical: str  # dev | staging | production | the name
    region: str | None = None  # primary_region; None = the template's (or --region)

    @property
    def defaults(self) -> EnvDefaults:
        return env_defaults(self.canonical)

    @property
    def branch(self) -> str:
        for branch, env in BRANCHES.items():
            if env == self.canonical:
                return branch
        return self.name


def parse_envs(text: str) -> list[EnvSpec]:
    """``dev,staging,production`` (each optionally ``=REGION``) as specs; raises ValueError."""
    from flylint.skill.templates import TemplateError, check_region

    specs: list[EnvSpec] = []
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        name, eq, region = item.partition("=")
        name = name.strip().lower()
        if not _NAME.match(name):
            raise TemplateError(f"--envs: {name!r} is not an environment name (a lowercase letter, then up to 15 "
                                "letters or digits: dev, staging, production …)")
        canonical = ALIASES.get(name, name)
        if any(s.canonical == canonical for s in specs):
            raise TemplateError(f"--envs names the {canonical} environment twice")
        specs.append(EnvSpec(name, canonical, check_region(region) if eq else None))
    if not specs:
        raise TemplateError("--envs needs at least one environment, e.g. --envs dev,staging,production")
    specs.sort(key=lambda s: (ENV_ORDER.get(s.canonical, 1), s.name))
    branches = [s.branch for s in specs]
    if len(set(branches)) != len(branches):
        raise TemplateError("--envs: two environments would deploy from the same branch")
    return specs


def env_toml(text: str, app: str, spec: EnvSpec, memory_mb: int | None, vm_paths: list[tuple[Any, ...]],
             has_http_service: bool) -> str:
    """The template's fly.toml for one environment: app, region, memory, min_machines_running."""
    from flylint.linter.tomldoc import set_values

    d = spec.defaults
    mb = memory_mb if memory_mb is not None else d.memory_mb
    assignments: list[tuple[tuple[Any, ...], Any]] = [(("app",), app_name(app, spec.name))]
    if spec.region:
        assignments.append((("primary_region",), spec.region))
    assignments += [(path + ("memory",), f"{mb // 1024}gb" if mb % 1024 == 0 else f"{mb}mb") for path in vm_paths]
    if has_http_service:
        assignments.append((("http_service", "min_machines_running"), d.min_running))
    body = set_values(text, assignments)
    count = f"{d.min_running}–{d.machines}" if d.machines != d.min_running else str(d.machines)
    head = (f"# The {spec.name} environment: app {app_name(app, spec.name)}, deployed by `./deploy.sh {spec.name}`\n"
            f"# (and from the `{spec.branch}` branch by {WORKFLOW_PATH}). Machines: {count}\n"
            f"# (min_machines_running = {d.min_running}; create {d.machines} with "
            f"`fly scale count {d.machines} --app {app_name(app, spec.name)}`).\n")
    return head + body


_DEPLOY_ENV_BLOCK = """\
ENVIRONMENT="${{1:-{default}}}"
case "$ENVIRONMENT" in
  {names}) ;;
  *)
    echo "usage: ./deploy.sh [{usage}]" >&2
    exit 2
    ;;
esac
CONFIG="fly.${{ENVIRONMENT}}.toml"
APP="${{FLY_APP:-{app}-${{ENVIRONMENT}}}}"
"""


def env_deploy_script(text: str, app: str, specs: list[EnvSpec]) -> str:
    """deploy.sh taking the environment as its argument (default: the first non-production one)."""
    names = [s.name for s in specs]
    default = next((s.name for s in specs if s.canonical == "staging"), None) or \
        next((s.name for s in specs if s.canonical != "production"), names[0])
    line = re.search(r'(?m)^APP="\$\{FLY_APP:-[^"]*\}"\n', text)
    if line is None:
        raise RuntimeError("template deploy.sh has no APP=\"${FLY_APP:-…}\" line")
    block = _DEPLOY_ENV_BLOCK.format(default=default, names="|".join(names), usage="|".join(names), app=app)
    text = text[: line.start()] + block + text[line.end():]
    lines = []
    for ln in text.split("\n"):
        if "--config fly.toml" in ln:
            inside_string = re.match(r'\s*echo\s+"', ln) is not None or ln.lstrip().startswith("#")
            ln = ln.replace("--config fly.toml", "--config $CONFIG" if inside_string else '--config "$CONFIG"')
        lines.append(ln)
    text = "\n".join(lines)
    text = text.replace("# 1. Validate fly.toml before", "# 1. Validate the environment's config before")
    text = re.sub(r"(?m)^#   \./deploy\.sh$",
                  f"#   ./deploy.sh [{'|'.join(names)}]   (default: {default}; reads fly.<environment>.toml)", text)
    text = re.sub(r"(?m)^(#   FLY_APP +target app name \(default: )[^)]*\)", rf"\g<1>{app}-<environment>)", text)
    if "--config fly.toml" in text or "fly.toml" in re.sub(r"(?m)^#.*$", "", text):
        raise RuntimeError("template deploy.sh still names fly.toml after the environment edit")
    return text


def env_dockerignore(text: str) -> str:
    return re.sub(r"(?m)^fly\.toml$", "fly.toml\nfly.*.toml", text, count=1)


def workflow(app: str, specs: list[EnvSpec]) -> str:
    mapping = ", ".join(f"{s.branch} → {s.name}" for s in reversed(specs))
    lines = [
        f"# Deploys to Fly.io on push: {mapping}.",
        "# Written by `flylint init --envs`. Each job runs in the GitHub environment of the same",
        "# name, which holds that app's own deploy token as the FLY_API_TOKEN secret:",
        *(f"#   fly tokens create deploy --app {app_name(app, s.name)}" for s in specs),
        "# Actions are pinned by commit SHA; see README.fly.md for how to refresh them.",
        "name: Fly Deploy",
        "",
        "on:",
        "  push:",
        "    branches:",
        *(f"      - {s.branch}" for s in reversed(specs)),
        "",
        "permissions:",
        "  contents: read",
        "",
        "jobs:",
    ]
    for s in reversed(specs):
        target = app_name(app, s.name)
        lines += [
            f"  deploy-{s.name}:",
            f"    name: Deploy {s.name}",
            f"    if: github.ref == 'refs/heads/{s.branch}'",
            "    runs-on: ubuntu-24.04",
            "    timeout-minutes: 30",
            "    environment:",
            f"      name: {s.name}",
            f"      url: https://{target}.fly.dev",
            "    concurrency:",
            f"      group: fly-deploy-{s.name}",
            "      cancel-in-progress: false",
            "    steps:",
            f"      - uses: {CHECKOUT_ACTION}",
            "        with:",
            "          persist-credentials: false",
            f"      - uses: {SETUP_FLYCTL_ACTION}",
            "        with:",
            f"          version: {FLYCTL_VERSION}",
            f"      - name: Deploy {target}",
            f"        run: ./deploy.sh {s.name}",
            "        env:",
            "          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def readme_section(app: str, specs: list[EnvSpec]) -> str:
    rows = []
    for s in specs:
        d = s.defaults
        rows.append(f"| {s.name} | `fly.{s.name}.toml` | `{app_name(app, s.name)}` | `{s.branch}` | "
                    f"{d.memory_mb} MB | {d.min_running}–{d.machines} |")
    setup = []
    for s in specs:
        target = app_name(app, s.name)
        setup.append(f"fly apps create {target}")
    for s in specs:
        d = s.defaults
        if d.machines > 1:
            setup.append(f"fly scale count {d.machines} --app {app_name(app, s.name)}   # after the first deploy")
    return "\n".join([
        "",
        "## Environments",
        "",
        "`flylint init --envs` wrote one config per environment, each deploying its own app,",
        f"and `{WORKFLOW_PATH}`, which deploys each branch to its environment.",
        "",
        "| environment | config | app | branch | memory | machines (running–created) |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "\"N–M\" is `min_machines_running = N` in the config and M machines created with `fly scale",
        "count`; the Fly proxy starts and stops machines between the two with the load.",
        "",
        "Once per environment:",
        "",
        "```bash",
        *setup,
        "```",
        "",
        "Then create a deploy token per app (`fly tokens create deploy --app <app>`) and store it as",
        "the `FLY_API_TOKEN` secret of the GitHub environment with the same name (Settings →",
        "Environments). Deploy by hand with `./deploy.sh <environment>`; after a deploy, check it with",
        "`flylint smoke https://<app>.fly.dev` (`flylint smoke --plan` lists every environment).",
        "",
        "The workflow's actions are pinned by commit SHA and flyctl by version; refresh them together",
        "(see \"Pinned versions\" in the flyio skill's REFERENCE.md) and keep the version comments true.",
        "",
    ])


def repository_root(directory: Any) -> Any:
    """The nearest directory at or above ``directory`` holding ``.git`` (a Path), or ``None``."""
    from pathlib import Path

    here = Path(directory).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def expand_plan(plan: Any, specs: list[EnvSpec]) -> None:
    """Turn a rendered single-config plan into the multi-environment one (in place)."""
    from flylint.skill.templates import README_TARGET, SkillFile, _parse_fly, _vm_entries, check_memory_for

    files = plan.files
    base = files.pop("fly.toml").data.decode("utf-8")
    cfg = _parse_fly(base)
    vms = _vm_entries(cfg)
    has_http = cfg.http_service is not None
    out: dict[str, Any] = {}
    for spec in specs:
        mb = plan.memory_mb if plan.memory_mb is not None else spec.defaults.memory_mb
        check_memory_for([vm for _, vm in vms], mb, f"{mb}mb (the {spec.name} default)")
        name = f"fly.{spec.name}.toml"
        text = env_toml(base, plan.app, spec, plan.memory_mb, [p for p, _ in vms], has_http)
        out[name] = SkillFile(name, text.encode("utf-8"), False)
    for rel, f in files.items():
        text = f.data.decode("utf-8")
        if rel == "deploy.sh":
            text = env_deploy_script(text, plan.app, specs)
        elif rel == ".dockerignore":
            text = env_dockerignore(text)
        elif rel == README_TARGET:
            text = text.rstrip("\n") + "\n" + readme_section(plan.app, specs)
        out[rel] = SkillFile(rel, text.encode("utf-8"), f.executable)
    out[WORKFLOW_PATH] = SkillFile(WORKFLOW_PATH, workflow(plan.app, specs).encode("utf-8"), False)
    plan.files = out
    plan.envs = specs
    verify_envs(plan)


def verify_envs(plan: Any) -> None:
    """Each environment's config names its own app, memory and machine floor (a self-check)."""
    from flylint.fly.values import memory_mb
    from flylint.skill.templates import _parse_fly, _vm_entries

    problems = []
    apps = set()
    for spec in plan.envs:
        cfg = _parse_fly(plan.files[f"fly.{spec.name}.toml"].data.decode("utf-8"))
        want = app_name(plan.app, spec.name)
        apps.add(cfg.data.get("app"))
        if cfg.data.get("app") != want:
            problems.append(f"fly.{spec.name}.toml app is {cfg.data.get('app')!r}")
        mb = plan.memory_mb if plan.memory_mb is not None else spec.defaults.memory_mb
        for path, vm in _vm_entries(cfg):
            if memory_mb(vm.get("memory")) != mb:
                problems.append(f"fly.{spec.name}.toml {path} memory is {vm.get('memory')!r}")
        hs = cfg.http_service
        if hs is not None and hs.get("min_machines_running") != spec.defaults.min_running:
            problems.append(f"fly.{spec.name}.toml min_machines_running is {hs.get('min_machines_running')!r}")
        if spec.region and cfg.data.get("primary_region") != spec.region:
            problems.append(f"fly.{spec.name}.toml primary_region is {cfg.data.get('primary_region')!r}")
    if len(apps) != len(plan.envs):
        problems.append("two environments share an app")
    if 'CONFIG="fly.${ENVIRONMENT}.toml"' not in plan.files["deploy.sh"].data.decode("utf-8"):
        problems.append("deploy.sh does not take the environment")
    if problems:
        raise RuntimeError(f"template {plan.template.name!r} was rendered inconsistently for --envs: "
                           f"{'; '.join(problems)}")
