"""The smoke-test plan: what ``flylint smoke`` checks for each environment of an app.

``flylint smoke --plan [PATH]`` derives one entry per fly config of the project (``fly.toml``,
``fly.<env>.toml`` …): the app's URL ``https://<app>.fly.dev``, the health path from the
config's HTTP checks, and the four checks with their thresholds. ``flylint recommend`` lists
the same entries as ``test_specifications``. Nothing here opens a connection.
"""

from __future__ import annotations

import shlex
from typing import Any

DEFAULT_TIMEOUT = 5.0  # seconds per request
DEFAULT_REQUESTS = 20  # latency samples
DEFAULT_P95_MS = 100.0
DEFAULT_CERT_DAYS = 14  # a certificate expiring sooner fails the TLS check
DEFAULT_HEALTH_PATH = "/health"
REDIRECT_CODES = (301, 302, 307, 308)


def plan_entry(app: str, environment: str, *, config: str | None = None, health_path: str = DEFAULT_HEALTH_PATH,
               health_source: str | None = None, timeout: float = DEFAULT_TIMEOUT,
               requests: int = DEFAULT_REQUESTS, p95_ms: float = DEFAULT_P95_MS,
               host: str | None = None) -> dict[str, Any]:
    """One environment's plan: the URL, the four checks and the command that runs them."""
    host = host or f"{app}.fly.dev"
    url = f"https://{host}"
    health_url = url + health_path
    entry: dict[str, Any] = {"environment": environment, "app": app}
    if config:
        entry["config"] = config
    entry["url"] = url
    entry["health_path"] = health_path
    if health_source:
        entry["health_path_from"] = health_source
    entry["checks"] = [
        {"name": "health", "request": f"GET {health_url}",
         "expect": f"a 2xx answer within {_num(timeout)} s"},
        {"name": "https-redirect", "request": f"GET http://{host}/",
         "expect": f"{', '.join(map(str, REDIRECT_CODES))} with a Location starting with https://"},
        {"name": "tls", "host": host,
         "expect": f"a certificate valid for {host} that expires in more than {DEFAULT_CERT_DAYS} days"},
        {"name": "latency", "request": f"{requests} × GET {health_url}, one after another",
         "expect": f"p95 ≤ {_num(p95_ms)} ms"},
    ]
    argv = ["flylint", "smoke", url, "--health-path", health_path]
    if timeout != DEFAULT_TIMEOUT:
        argv += ["--timeout", _num(timeout)]
    if requests != DEFAULT_REQUESTS:
        argv += ["--requests", str(requests)]
    if p95_ms != DEFAULT_P95_MS:
        argv += ["--p95", _num(p95_ms)]
    entry["command"] = shlex.join(argv)
    return entry


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class PlanError(Exception):
    """No plan can be made for the path (the message says why)."""


def _health(cfg: Any) -> tuple[str | None, str | None]:
    """(path, where it was read) from the first HTTP check that has a path; public checks first."""
    refs = [c for c in cfg.checks() if c.is_http and isinstance(c.data.get("path"), str)]
    refs.sort(key=lambda c: c.kind == "top")  # [checks] run on the machine, the others through the proxy
    if not refs:
        return None, None
    ref = refs[0]
    return str(ref.data["path"]), f"{cfg.source.display_path}: {ref.label}.path"


def project_plan(path: str) -> dict[str, Any]:
    """The smoke plan for every fly config under ``path`` (a directory or one config file)."""
    import os

    from flylint.linter.config import Settings
    from flylint.linter.discover import PathNotFound, discover
    from flylint.linter.parsers import ParseError
    from flylint.linter.parsers.fly_toml import environment_of, parse_fly_config
    from flylint.linter.source import SourceFile, UnreadableFile, display_path

    try:
        found = [c for c in discover([path], Settings()) if c.kind == "fly_toml"]
    except PathNotFound:
        raise PlanError(f"{path}: no such file or directory") from None
    if not found:
        raise PlanError(f"no fly config (fly.toml, fly.<env>.toml …) under {path}")
    configs: list[tuple[str, Any, str | None]] = []
    for cand in found:
        name = os.path.basename(cand.path)
        try:
            src = SourceFile.read(cand.path, "fly_toml")
        except UnreadableFile as exc:
            configs.append((name, None, f"{display_path(cand.path)}: cannot read: {exc}"))
            continue
        try:
            cfg = parse_fly_config(src)
        except ParseError as exc:
            configs.append((name, None, f"{src.display_path}:{exc.line}:{exc.column}: {exc.message}"))
            continue
        except (ValueError, RecursionError):
            configs.append((name, None, f"{src.display_path}: does not parse (`flylint check` shows where)"))
            continue
        configs.append((name, cfg, None))
    named = {environment_of(name) for name, _, _ in configs}
    entries: list[dict[str, Any]] = []
    for name, cfg, problem in configs:
        env = environment_of(name) or ("production" if "production" not in named else "default")
        if cfg is None:
            entries.append({"environment": env, "config": name, "skipped": problem})
            continue
        shown = cfg.source.display_path
        app = cfg.app
        if not app:
            entries.append({"environment": env, "config": shown,
                            "skipped": "no `app` in the config (it is given with --app at deploy time); "
                                       "run `flylint smoke https://<app>.fly.dev` yourself"})
            continue
        if not cfg.is_public():
            entries.append({"environment": env, "app": app, "config": shown,
                            "skipped": "no public service ([http_service] or [[services]] with ports): "
                                       "reachable on the private network only"})
            continue
        health, where = _health(cfg)
        entries.append(plan_entry(app, env, config=shown, health_path=health or "/",
                                  health_source=where or "none: no HTTP health check in the config, / is used"))
    order = {"dev": 0, "development": 0, "staging": 2, "production": 3}
    entries.sort(key=lambda e: (order.get(str(e.get("environment")), 1), str(e.get("config"))))
    return {"project": path, "plan": entries}

