"""Which fly configs of a project are environments of one app (not a rule module).

Shared by the cross-environment rules FLY150–FLY199.

- An *environment config* is a fly config whose name carries a known environment:
  ``fly.<env>.toml``, ``<env>.fly.toml``, ``fly-<env>.toml``, ``fly_<env>.toml`` (and the
  ``.json``/``.yaml`` forms), with ``<env>`` one of :data:`ENVIRONMENTS` (case-insensitive).
  Other suffixes (``fly.worker.toml``, ``fly.redis.toml``, ``fly.example.toml``) are separate
  apps or templates, not environments, and are never compared.
- The plain config (``fly.toml``/``fly.json``/``fly.yaml``) takes part only when the project
  also has at least one environment config. It is then read as production when no config is
  named production; when one is, the plain config's environment is unknown and it is left out.
- The *primary* config, against which the others are compared, is the production config;
  without one, the first staging-class config, then the first config by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flylint.base.records import record
from flylint.linter.parsers.fly_toml import FlyConfig, environment_of

if TYPE_CHECKING:
    from flylint.linter.project import Project

# spelling -> canonical environment
ENVIRONMENTS: dict[str, str] = {
    "production": "production", "prod": "production", "prd": "production", "live": "production",
    "staging": "staging", "stage": "staging", "stg": "staging", "preprod": "staging",
    "pre-prod": "staging", "pre-production": "staging", "uat": "staging", "qa": "qa",
    "development": "development", "dev": "development", "develop": "development",
    "test": "test", "testing": "test", "preview": "preview", "review": "preview",
    "sandbox": "sandbox", "demo": "demo", "canary": "canary", "beta": "beta",
}
PLAIN_NAMES = frozenset({"fly.toml", "fly.json", "fly.yaml", "fly.yml"})
_ORDER = {"production": 0, "staging": 1}


@record(frozen=True)
class EnvConfig:
    cfg: FlyConfig
    env: str  # canonical environment
    name: str  # file name
    inferred: bool = False  # the plain fly.toml read as production

    @property
    def label(self) -> str:
        return f"{self.name} ({self.env}{', assumed' if self.inferred else ''})"


def canonical(env: str | None) -> str | None:
    return ENVIRONMENTS.get(env.lower()) if env else None


def environment_configs(project: Project) -> list[EnvConfig]:
    """The project's environment configs (parsed ones only), primary first; [] when fewer
    than one named environment config exists (a lone ``fly.toml`` gets nothing). Computed once
    per project: every config's rules ask (2,000 configs were quadratic)."""
    return project.memo("environments.configs", lambda: _environment_configs(project))


def _environment_configs(project: Project) -> list[EnvConfig]:
    named: list[EnvConfig] = []
    plain: list[FlyConfig] = []
    for pf in project.configs():
        cfg = pf.fly_config
        name = pf.name
        if name in PLAIN_NAMES:
            if cfg is not None:
                plain.append(cfg)
            continue
        env = canonical(environment_of(name))
        if env is None:
            continue
        if cfg is not None:
            named.append(EnvConfig(cfg, env, name))
        elif env == "production":
            # an unparsable production config still counts as "the production config"
            named.append(EnvConfig(None, env, name))  # type: ignore[arg-type]
    if not named:
        return []
    out = list(named)
    if plain and not any(e.env == "production" for e in named):
        cfg = plain[0]
        out.append(EnvConfig(cfg, "production", cfg.source.path.replace("\\", "/").rsplit("/", 1)[-1], True))
    out.sort(key=lambda e: (_ORDER.get(e.env, 2), e.inferred, e.name))
    return [e for e in out if e.cfg is not None]


def primary(envs: list[EnvConfig]) -> EnvConfig | None:
    return envs[0] if envs else None


def production_configs(project: Project) -> list[EnvConfig]:
    return [e for e in environment_configs(project) if e.env == "production"]


def others(envs: list[EnvConfig]) -> tuple[EnvConfig | None, list[EnvConfig]]:
    """(primary, the configs to compare with it: different environment, parsed)."""
    first = primary(envs)
    if first is None:
        return None, []
    return first, [e for e in envs[1:] if e.env != first.env]


def is_production(cfg: FlyConfig, project: Project) -> bool:
    """Whether ``cfg`` is the production config: named so, or the plain config read as production."""
    if canonical(cfg.env) == "production":
        return True
    return any(e.cfg is cfg and e.env == "production" for e in environment_configs(project))
