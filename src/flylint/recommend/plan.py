"""The recommendation: platform, rationale, architecture, cost, alternatives, next steps, checks.

:func:`recommend` is the one entry point; the sizing follows
:data:`flylint.skill.envs.ENV_DEFAULTS` (the same table ``flylint init --envs`` writes), and the
prices come from ``flylint/data/fly-prices.toml``.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from flylint.recommend.inputs import COMPLIANCE, Requirements, Service, template_for
from flylint.recommend.scoring import PLATFORM_NAMES, PLATFORMS, WINS_WHEN, Scores, compliance_table, score
from flylint.skill.envs import app_name, env_defaults

PRICES_FILE = "fly-prices.toml"
MACHINE = "shared-cpu-1x"
#: assumed outbound traffic per expected user and month, when users are given (else 50 GB)
GB_PER_USER_MONTH = 0.02
DEFAULT_BANDWIDTH_GB = 50
DB_STORAGE_GB = 10
#: Fly.io regions by bandwidth price zone (fly-prices.toml [bandwidth])
_ZONE = {"bom": "africa_india", "jnb": "africa_india", "gru": "asia_pacific_oceania_south_america",
         "nrt": "asia_pacific_oceania_south_america", "sin": "asia_pacific_oceania_south_america",
         "syd": "asia_pacific_oceania_south_america"}


def load_prices() -> dict[str, Any]:
    import tomllib
    from importlib.resources import files

    data: dict[str, Any] = tomllib.loads(files("flylint").joinpath("data", PRICES_FILE).read_text(encoding="utf-8"))
    return data


def machine_price(prices: dict[str, Any], preset: str, memory_mb: int) -> float:
    table = prices["machines"][preset]
    key = str(memory_mb)
    if key in table:
        return float(table[key])
    smallest = min(table, key=int)
    extra_gb = max(0, memory_mb - int(smallest)) / 1024
    return float(table[smallest]) + extra_gb * float(prices["machines"]["extra_ram_gb_month"])


def _postgres_plan(req: Requirements) -> str:
    users = req.expected_users or 0
    return "launch" if users >= 1_000_000 else "starter" if users >= 100_000 else "basic"


def _apps(req: Requirements) -> list[tuple[Service, str]]:
    """(service, app base name): the application's name for one service, else name-service."""
    out = []
    for s in req.services:
        if s.count > 1:  # "40 microservices": one app per service, names not known
            base = f"{req.name}-<service>"
        elif len(req.services) == 1 or s.name == req.name or s.name.startswith(req.name + "-"):
            base = s.name if len(req.services) > 1 else req.name
        else:
            base = f"{req.name}-{s.name}"
        out.append((s, base[:50].rstrip("-")))
    return out


def _regions_for(req: Requirements, svc: Service, env: str) -> list[str]:
    if env != "production" or svc.kind == "worker":
        return req.regions[:1]
    return list(req.regions)


def _machines(req: Requirements, svc: Service, env: str) -> dict[str, dict[str, int]]:
    d = env_defaults(env)
    out = {}
    for i, region in enumerate(_regions_for(req, svc, env)):
        if svc.kind == "worker":
            out[region] = {"min": 1, "max": 1}
        elif i == 0:
            out[region] = {"min": d.min_running, "max": d.machines}
        else:
            out[region] = {"min": d.secondary_min, "max": d.secondary_machines}
    return out


# --------------------------------------------------------------------------------------------
# Cost


def estimate_fly_cost(req: Requirements, prices: dict[str, Any]) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    worst = 0.0
    assumptions: list[str] = []

    def item(env: str, what: str, usd: float, worst_usd: float | None = None) -> None:
        nonlocal worst
        items.append({"environment": env, "item": what, "usd": round(usd, 2)})
        worst += usd if worst_usd is None else worst_usd

    for env in req.environments:
        for svc, _base in _apps(req):
            d = env_defaults(env)
            memory = d.memory_mb
            each = machine_price(prices, MACHINE, memory)
            running = created = 0
            for counts in _machines(req, svc, env).values():
                running += max(counts["min"], 1)
                created += counts["max"]
            running *= svc.count
            created *= svc.count
            label = f"{svc.name}{f' (×{svc.count})' if svc.count > 1 else ''}: {running} × {MACHINE} " \
                    f"{_mb(memory)} running"
            item(env, label, running * each, created * each)
            if "sqlite" in svc.databases:
                vol = running * float(prices["storage"]["volume_gb_month"])
                item(env, f"{svc.name}: {running} × 1 GB volume (SQLite)", vol, created * vol / max(running, 1))
    assumptions.append("machines: the minimum running all month (at least one per region); "
                       "`monthly_usd_all_machines_running` counts every created machine running all month")

    nonprod = [e for e in req.environments if e != "production"]
    storage = DB_STORAGE_GB * float(prices["managed_postgres_storage"]["gb_month"])
    if "postgres" in req.datastores:
        plan = _postgres_plan(req)
        if "production" in req.environments:
            item("production", f"Managed Postgres {plan.title()} + {DB_STORAGE_GB} GB",
                 float(prices["managed_postgres"][plan]["price"]) + storage)
        if nonprod:
            shared = f", shared by {' and '.join(nonprod)} (one database each)" if len(nonprod) > 1 else ""
            item(", ".join(nonprod), f"Managed Postgres Basic + {DB_STORAGE_GB} GB{shared}",
                 float(prices["managed_postgres"]["basic"]["price"]) + storage)
        assumptions.append(f"Postgres: plan {plan} for production from the expected users (basic below 100,000, "
                           "starter below 1,000,000, launch above); one Basic cluster for all other environments")
    if "redis" in req.datastores:
        item("production", "Upstash Redis fixed plan", float(prices["redis"]["fixed_plan_month"]))
        if nonprod:
            assumptions.append("Redis outside production: pay-as-you-go, close to $0 at test traffic")
    for name in ("mysql", "mongodb", *sorted(req.self_run)):
        if name in req.datastores or name in req.self_run:
            machine = machine_price(prices, "shared-cpu-2x", 2048)
            vol = 10 * float(prices["storage"]["volume_gb_month"])
            item("production", f"{name} run yourself: shared-cpu-2x 2 GB + 10 GB volume (not managed)", machine + vol)
    if "object-storage" in req.datastores:
        item("production", "Tigris object storage, 10 GB", 10 * float(prices["storage"]["tigris_gb_month"]))
    if "production" in req.environments:
        if req.expected_users:
            gb = max(1.0, req.expected_users * GB_PER_USER_MONTH)
            assumptions.append(f"bandwidth: {GB_PER_USER_MONTH * 1000:.0f} MB out per expected user and month")
        else:
            gb = float(DEFAULT_BANDWIDTH_GB)
            assumptions.append(f"bandwidth: {DEFAULT_BANDWIDTH_GB} GB out per month (no expected users given)")
        rates = [float(prices["bandwidth"][_ZONE.get(r, "north_america_europe")]) for r in req.regions]
        item("production", f"outbound bandwidth, {gb:,.0f} GB", gb * sum(rates) / len(rates))
    if any(c in req.compliance for c in ("soc2", "hipaa")):
        item("organisation", "Fly.io compliance package (SOC 2 report, HIPAA BAA)",
             float(prices["compliance"]["package_month"]))

    total = sum(i["usd"] for i in items)
    by_env: dict[str, float] = {}
    for i in items:
        by_env[i["environment"]] = round(by_env.get(i["environment"], 0.0) + i["usd"], 2)
    return {
        "platform": "flyio",
        "monthly_usd": round(total, 2),
        "monthly_usd_all_machines_running": round(worst, 2),
        "by_environment": by_env,
        "items": items,
        "assumptions": assumptions,
        "price_table": {"file": f"flylint/data/{PRICES_FILE}", "as_of": prices["as_of"],
                        "written": prices["written"], "status": prices["status"], "source": prices["source"]},
    }


def _mb(mb: int) -> str:
    return f"{mb // 1024} GB" if mb % 1024 == 0 else f"{mb} MB"


# --------------------------------------------------------------------------------------------
# Architecture

_DB_OFFERING = {
    "flyio": {"postgres": "Fly Managed Postgres (`fly mpg create`)",
              "redis": "Upstash Redis for Fly (`fly redis create`)",
              "mysql": "MySQL on a Fly Machine with a volume (you operate it)",
              "mongodb": "MongoDB Atlas (external) or MongoDB on a Fly Machine with a volume",
              "sqlite": "SQLite on a Fly volume per Machine (LiteFS to replicate)",
              "object-storage": "Tigris object storage (`fly storage create`)"},
    "kubernetes": {"postgres": "the cloud's managed Postgres (RDS, Cloud SQL, Azure Database) or an operator "
                               "(CloudNativePG)", "redis": "the cloud's managed Redis (ElastiCache, Memorystore)",
                   "mysql": "the cloud's managed MySQL", "mongodb": "MongoDB Atlas or an operator",
                   "sqlite": "SQLite on a persistent volume (one writer)",
                   "object-storage": "the cloud's object storage"},
    "aws": {"postgres": "Amazon RDS for PostgreSQL (or Aurora)", "redis": "Amazon ElastiCache",
            "mysql": "Amazon RDS for MySQL",
            "mongodb": "MongoDB Atlas on AWS or Amazon DocumentDB", "sqlite": "SQLite on EFS (one writer) — prefer RDS",
            "object-storage": "Amazon S3"},
}
_RUNTIME = {
    "flyio": "one Fly app per service and environment; Machines sized below, started and stopped by the Fly proxy",
    "kubernetes": "one Deployment per service on a managed cluster (EKS, GKE or AKS); machines_per_region means "
                  "replicas (HorizontalPodAutoscaler min–max)",
    "aws": "one ECS service on Fargate per service (Lambda where the requirements name it); machines_per_region "
           "means tasks (Service Auto Scaling min–max)",
}


def architecture(req: Requirements, platform: str) -> dict[str, Any]:
    services = []
    for svc, base in _apps(req):
        d = env_defaults("production")
        entry: dict[str, Any] = {"name": svc.name}
        if platform == "flyio":
            entry["app"] = f"{base}-<environment>"
        entry["kind"] = svc.kind
        if svc.count > 1:
            entry["count"] = svc.count
        if svc.framework:
            entry["framework"] = svc.framework
            template = template_for(svc.framework)
            if template:
                entry["template"] = template
        entry["regions"] = _regions_for(req, svc, "production")
        entry["machines_per_region"] = _machines(req, svc, "production")
        entry.update({"size": MACHINE, "cpu_kind": "shared", "cpus": 1, "memory_mb": d.memory_mb})
        entry["databases"] = list(svc.databases)
        services.append(entry)
    databases = []
    for name in req.datastores:
        db: dict[str, Any] = {"engine": name, "offering": _DB_OFFERING[platform][name], "region": req.regions[0]}
        if name == "postgres" and platform == "flyio":
            db["plan"] = {"production": _postgres_plan(req), "other environments": "basic (shared)"}
        databases.append(db)
    for name in sorted(req.self_run):
        databases.append({"engine": name, "offering": "run it yourself on Machines with volumes" if platform == "flyio"
                          else f"the managed {name} of the cloud", "region": req.regions[0]})
    for name, (provider, _source) in req.cloud_services.items():
        databases.append({"engine": name, "offering": f"{name} ({provider.upper()} managed service)"})
    envs = []
    for env in req.environments:
        d = env_defaults(env)
        envs.append({"name": env, "app_suffix": f"-{env}", "memory_mb": d.memory_mb,
                     "machines": f"{d.min_running}–{d.machines}",
                     "regions": list(req.regions) if env == "production" else req.regions[:1]})
    return {"runtime": _RUNTIME[platform], "services": services, "databases": databases, "environments": envs}


# --------------------------------------------------------------------------------------------
# Next steps, review checklist, smoke plan


def _cmd(*argv: str) -> str:
    """A command line; ``<PLACEHOLDER>`` arguments stay unquoted so they read as placeholders."""
    return " ".join(a if re.fullmatch(r"[\w\-./:=,<>@%+]+", a) else shlex.quote(a) for a in argv)


def next_steps(req: Requirements, platform: str) -> list[dict[str, Any]]:
    if platform != "flyio":
        name = PLATFORM_NAMES[platform]
        return [
            {"step": f"Set up the {name} foundation with infrastructure as code (Terraform, CDK or Pulumi): "
                     "accounts or clusters per environment, networking, IAM, the data services above"},
            {"step": "Build one container image per service; `flylint check` still reviews the Dockerfiles",
             "commands": [_cmd("flylint", "check", ".", "--select", "DKR")]},
            {"step": "Deploy to staging first, then run the smoke plan below against it",
             "commands": ["flylint smoke https://<staging host> --health-path " + req.health_path]},
            {"step": "Deploy to production and run the smoke plan again",
             "commands": ["flylint smoke https://<production host> --health-path " + req.health_path]},
        ]
    steps: list[dict[str, Any]] = []
    apps = _apps(req)
    envs = req.environments
    primary = req.regions[0]
    web = [(s, b) for s, b in apps if s.kind != "worker"]
    listed = apps[:5]
    env_list = ",".join(envs)
    init_cmds = []
    for svc, base in listed:
        template = template_for(svc.framework)
        if template is None:
            continue
        target = [] if len(apps) == 1 else [f"services/{svc.name}"]
        init_cmds.append(_cmd("flylint", "init", *target, "-t", template, "--app", base, "--region", primary,
                              "--envs", env_list))
    if init_cmds:
        steps.append({"step": f"Write fly.<env>.toml for {', '.join(envs)}, the Dockerfile, deploy.sh and "
                              ".github/workflows/fly-deploy.yml", "commands": init_cmds})
    else:
        steps.append({"step": f"Write one fly.<env>.toml per environment ({', '.join(envs)}), each with its own "
                              "`app`; `flylint templates` lists starting points"})
    groups = [f"{s.count} for {s.name}" for s, _ in listed if s.count > 1]
    steps.append({"step": "Create one app per service and environment"
                          + (f" (<service> stands for each service: {', '.join(groups)})" if groups else ""),
                  "commands": [_cmd("fly", "apps", "create", app_name(base, env)) for svc, base in listed
                               for env in envs]
                  + ([f"# … and the same for the other {len(apps) - len(listed)} services"]
                     if len(apps) > len(listed) else [])})
    nonprod = [e for e in envs if e != "production"]
    if "postgres" in req.datastores:
        cmds = []
        if "production" in envs:
            cmds.append(_cmd("fly", "mpg", "create", "--name", f"{req.name}-db", "--region", primary,
                             "--plan", _postgres_plan(req)))
        if nonprod:
            cmds.append(_cmd("fly", "mpg", "create", "--name", f"{req.name}-db-nonprod", "--region", primary,
                             "--plan", "basic"))
        for svc, base in listed:
            if "postgres" not in svc.databases:
                continue
            for env in envs:
                cluster = "<PRODUCTION_CLUSTER_ID>" if env == "production" else "<NONPROD_CLUSTER_ID>"
                cmds.append(f"fly mpg attach {cluster} --app {app_name(base, env)}")
        steps.append({"step": "Create Managed Postgres (production, and one cluster for the other environments) "
                              "and attach it: `attach` sets the DATABASE_URL secret", "commands": cmds})
    if "redis" in req.datastores:
        steps.append({"step": "Create Redis and keep the URL it prints for the REDIS_URL secret",
                      "commands": [_cmd("fly", "redis", "create", "--name", f"{req.name}-redis-{env}",
                                        "--region", primary) for env in envs]})
    secret_names = [n for n in req.secrets if n != "DATABASE_URL"]
    if secret_names:
        cmds = []
        for svc, base in listed:
            if svc.kind == "worker" and len(listed) > 1:
                continue
            for env in envs:
                pairs = [f'{n}="${n}"' for n in secret_names]
                cmds.append(f"fly secrets set --stage --app {app_name(base, env)} {' '.join(pairs)}")
        steps.append({"step": "Set the secrets by name (values from your shell or a secrets manager, never from a "
                              "file in the repository; --stage applies them at the next deploy)",
                      "secrets": [{"name": n, "why": why} for n, why in req.secrets.items()],
                      "commands": cmds})
    steps.append({"step": "Lint before the first deploy",
                  "commands": [_cmd("flylint", "check", ".", "--select", "ALL")]})
    pre = [e for e in envs if e != "production"]
    for env in pre:
        svc, base = (web or apps)[0]
        app = app_name(base, env)
        steps.append({"step": f"Deploy {env} and validate its health",
                      "commands": [_cmd("fly", "deploy", "--config", f"fly.{env}.toml"),
                                   _cmd("fly", "status", "--app", app),
                                   _cmd("fly", "checks", "list", "--app", app),
                                   _cmd("flylint", "smoke", f"https://{app}.fly.dev", "--health-path",
                                        req.health_path)]})
    if "production" in envs:
        svc, base = (web or apps)[0]
        app = app_name(base, "production")
        d = env_defaults("production")
        cmds = [_cmd("fly", "deploy", "--config", "fly.production.toml")]
        for region, counts in _machines(req, svc, "production").items():
            cmds.append(_cmd("fly", "scale", "count", str(counts["max"]), "--region", region, "--app", app))
        cmds.append(_cmd("flylint", "smoke", f"https://{app}.fly.dev", "--health-path", req.health_path))
        steps.append({"step": f"Deploy production ({d.min_running} machines always running in {primary}, up to "
                              f"{d.machines} started on demand), then run the smoke checks", "commands": cmds})
    if len(envs) > 1:
        from flylint.skill.envs import BRANCHES

        mapping = ", ".join(f"{b} → {e}" for b, e in BRANCHES.items() if e in envs)
        steps.append({"step": f"Deploy from CI: .github/workflows/fly-deploy.yml deploys {mapping}; store one "
                              "deploy token per app as the FLY_API_TOKEN secret of the matching GitHub environment",
                      "commands": [_cmd("fly", "tokens", "create", "deploy", "--app", app_name((web or apps)[0][1], e))
                                   for e in envs]})
    return steps


#: (area, what a reviewer checks, rule names that check it)
REVIEW_CHECKLIST: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("security", "No hardcoded secrets in fly.toml, the Dockerfile, scripts or workflows",
     ("hardcoded-secret", "secret-in-env", "secret-build-arg", "secret-file-copied", "secret-in-files-raw-value")),
    ("security", "Secrets are set with `fly secrets` by name, never as literals",
     ("literal-in-secrets-set", "access-token-literal", "fly-token-not-from-secrets")),
    ("security", "HTTPS is enforced (force_https)", ("https-not-forced",)),
    ("security", "A health check endpoint is configured", ("missing-health-check",)),
    ("performance", "A multi-stage Dockerfile keeps the image small", ("single-stage-build",)),
    ("performance", "Health-check timeout is 5 s or less", ("health-check-timeout-too-long",)),
    ("performance", "The application starts in under 30 s (check grace period)", ("slow-startup-grace-period",)),
    ("best practice", "The container runs as a non-root user", ("container-runs-as-root",)),
    ("best practice", ".dockerignore excludes .git and node_modules",
     ("dockerignore-missing-git", "dockerignore-missing-node-modules")),
    ("best practice", "The port the app listens on matches internal_port", ("expose-mismatch",)),
    ("best practice", "The deployment script exists and is strict (set -euo pipefail)", ("missing-strict-mode",)),
)
_ENV_CHECKLIST: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("environments", "Each environment deploys to its own app",
     ("env-app-name-shared",)),
    ("environments", "Environments agree on internal port, health-check path and process groups",
     ("env-internal-port-mismatch", "env-health-check-path-mismatch", "env-process-groups-mismatch")),
    ("environments", "Production keeps at least one machine running and has a health check",
     ("production-scale-to-zero", "env-production-no-health-check")),
    ("ci", "The deploy workflow pins actions by SHA, has least permissions, one deploy at a time per "
           "environment, and takes the token from secrets",
     ("unpinned-action", "missing-permissions", "deploy-without-concurrency", "fly-token-not-from-secrets")),
)


def validation_requirements(req: Requirements) -> list[dict[str, Any]]:
    from flylint.linter.registry import find_rule

    rows = list(REVIEW_CHECKLIST)
    if len(req.environments) > 1:
        rows += _ENV_CHECKLIST
    out = []
    for area, check, names in rows:
        codes = []
        for name in names:
            meta = find_rule(name)
            if meta is not None:
                codes.append(meta.code)
        out.append({"area": area, "check": check, "rules": codes})
    return out


def test_specifications(req: Requirements, platform: str, limit: int = 10) -> list[dict[str, Any]]:
    from flylint.smoke.plan import DEFAULT_P95_MS, plan_entry

    p95 = float(req.latency_p95_ms) if req.latency_p95_ms else DEFAULT_P95_MS
    out = []
    for svc, base in _apps(req):
        if svc.kind != "web":
            continue
        for env in req.environments:
            app = app_name(base, env)
            host = None if platform == "flyio" else f"{app}.<your-domain>"
            config = f"fly.{env}.toml" if platform == "flyio" else None
            out.append(plan_entry(app, env, config=config, health_path=req.health_path, p95_ms=p95, host=host))
            if len(out) >= limit:
                return out
    return out


# --------------------------------------------------------------------------------------------
# The answer


def _ordered_reasons(scores: Scores) -> list[dict[str, Any]]:
    winner = scores.platform
    reasons = sorted(scores.reasons, key=lambda r: -r.points[winner])
    return [r.as_dict() for r in reasons]


def understood(req: Requirements) -> dict[str, Any]:
    out: dict[str, Any] = {"shape": req.shape, "name": req.name}
    if req.task_type:
        out["task_type"] = req.task_type
    if req.kind:
        out["application"] = req.kind
    if req.framework:
        out["framework"] = req.framework
    out["services"] = req.service_count
    out["datastores"] = list(req.datastores)
    out["cloud_services"] = list(req.cloud_services)
    if req.self_run:
        out["self_run_services"] = sorted(req.self_run)
    out["team_size"] = req.team_size
    out["ops_team"] = req.ops_team
    out["budget_usd_month"] = req.budget
    out["expected_users"] = req.expected_users
    out["compliance"] = [COMPLIANCE[c] for c in req.compliance]
    out["regions"] = list(req.regions)
    if req.regions_assumed:
        out["regions_assumed"] = True
    out["environments"] = list(req.environments)
    if not req.environments_given:
        out["environments_assumed"] = True
    if req.availability is not None:
        out["availability_percent"] = req.availability
    if req.latency_p95_ms is not None:
        out["latency_p95_ms"] = req.latency_p95_ms
    out["health_path"] = req.health_path
    return out


def recommend(req: Requirements) -> dict[str, Any]:
    prices = load_prices()
    cost = estimate_fly_cost(req, prices)
    scores = score(req, cost["monthly_usd"], float(prices["baselines"]["eks_control_plane_month"]))
    platform = scores.platform
    if platform != "flyio":
        cost["note"] = (f"flylint keeps Fly.io's prices only: this is what the same system would cost on Fly.io, "
                        f"for comparison; the {PLATFORM_NAMES[platform]} cost depends on instance and service "
                        "choices flylint does not make")
    alternatives = []
    for other in PLATFORMS:
        if other == platform:
            continue
        alternatives.append({"platform": other, "score": scores.totals[other],
                             "behind_by": scores.totals[platform] - scores.totals[other],
                             "wins_when": WINS_WHEN[other]})
    answer: dict[str, Any] = {
        "platform": platform,
        "platform_name": PLATFORM_NAMES[platform],
        "confidence": scores.confidence,
        "scores": dict(scores.totals),
        "rationale": _ordered_reasons(scores),
        "understood": understood(req),
        "architecture": architecture(req, platform),
        "estimated_cost": cost,
        "alternatives": alternatives,
        "next_steps": next_steps(req, platform),
        "validation_requirements": validation_requirements(req),
        "test_specifications": test_specifications(req, platform),
    }
    if req.compliance:
        answer["compliance"] = compliance_table(req)
    answer["notices"] = [n.as_dict() for n in req.notices]
    return answer
