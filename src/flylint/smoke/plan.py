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
