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
