"""A volume with no sign of a second Machine or replication.

## What it does
Reports (once per config, at the first `[[mounts]]`) an app that mounts a volume when
nothing in the project suggests redundancy: no `min_machines_running` of 2 or more, no LiteFS
(`litefs.yml` next to the config, or `litefs` in the Dockerfile), no image or template that
replicates on its own (Fly Postgres `flyio/postgres*`, whose templates define `[checks.pg]` /
`[checks.role]`), and no `[env]` name mentioning `CLUSTER` or `REPLICA`. The message also says when
`scheduled_snapshots = false` turns off the daily snapshots.

## Why is this bad?
A Fly volume is a slice of one host's NVMe drive. It is not replicated: if that host fails or
is drained, the Machine attached to it cannot start anywhere else, and data written since the
last daily snapshot is gone. Unlike apps without volumes, `fly deploy` creates only one Machine
for an app with volumes, so a single point of failure is the default. Fly.io recommends running
two or more Machines, each with its own volume, and replicating at the application level
(LiteFS, Postgres replicas), plus off-site backups.

## Severity
Info: a single volume is a single point of failure, but many apps accept that: hygiene.

## Example
```toml
[[mounts]]
  source = "data"
  destination = "/data"
```

Use instead:
```toml
[[mounts]]
  source = "data"
  destination = "/data"
# and: fly scale count 2  (with LiteFS or database replication between the volumes)
[http_service]
  internal_port = 8080
  min_machines_running = 2
```

## Fix safety
No fix: redundancy needs replication in the app, not only a second Machine.

## References
- Fly.io volumes overview: https://fly.io/docs/volumes/overview/
- Fly.io volume snapshots: https://fly.io/docs/volumes/snapshots/
- LiteFS: https://fly.io/docs/litefs/
- SOC 2 A1.2 (recovery infrastructure); CIS Controls v8 11 (data recovery)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.rules.fly_toml._autoscale import min_running, proxied_services

REPLICATING_IMAGES = ("flyio/postgres", "flyio/postgres-flex", "flyio/postgres-standalone")


def mounts(cfg: FlyConfig) -> list[tuple[tuple, dict[str, Any]]]:
    out: list[tuple[tuple, dict[str, Any]]] = []
    for key in ("mounts", "mount"):
        out.extend(cfg.sections(key))
    return out


@rule(code="FLY108", name="volume-without-redundancy", target="fly_toml", severity="info",
      tags=("availability", "durability"), controls=("SOC2-A1.2", "HIPAA-164.308(a)(7)(ii)(A)", "GDPR-32(1)(c)"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    found = mounts(cfg)
    if not found:
        ctx.not_applicable("no volumes ([mounts])")
        return
    if _redundant(cfg, ctx):
        return
    path, mount = found[0]
    source = mount.get("source", "?")
    extra = ""
    if any(m.get("scheduled_snapshots") is False for _, m in found):
        extra = ", and scheduled_snapshots = false turns off the daily snapshots"
    yield Violation(
        cfg.key_span(path),
        f'volume "{source}" lives on one host and is not replicated: if that host fails the Machine cannot move '
        f"and writes since the last snapshot are lost{extra}; run 2+ Machines with replication (LiteFS, "
        "database replicas) or keep backups off the volume",
        snippet=f"volume:{source}",
    )


def _redundant(cfg: FlyConfig, ctx: RuleContext) -> bool:
    for _path, svc, _label in proxied_services(cfg):
        if min_running(svc.get("min_machines_running")) >= 2:
            return True
    env = cfg.data.get("env")
    if isinstance(env, dict) and any("CLUSTER" in str(k).upper() or "REPLICA" in str(k).upper() for k in env):
        return True
    checks = cfg.data.get("checks")
    if isinstance(checks, dict) and ("role" in checks or "pg" in checks):
        return True  # the Fly Postgres / clustered-database templates check the replication role
    build = cfg.data.get("build")
    image = build.get("image") if isinstance(build, dict) else None
    if isinstance(image, str) and image.lower().startswith(REPLICATING_IMAGES):
        return True
    project = ctx.project
    if project is None:
        return False
    base = project.config_dir(cfg)
    if any(project.exists(name, base) for name in ("litefs.yml", "litefs.yaml", "etc/litefs.yml",
                                                    "config/litefs.yml")):
        return True
    pf = project.dockerfile_for(cfg)
    if pf is not None and pf.source is not None:
        text = pf.source.text.lower()
        if "litefs" in text or "flyio/postgres" in text:
            return True
    return False
