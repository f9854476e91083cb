"""Database, cache, SSH or admin port exposed through the Fly proxy.

## What it does
Flags `[[services]]` whose public `port` or `internal_port` is the well-known port of a
service that should only be reached over the private network: PostgreSQL (5432, 5433), MySQL
(3306), Microsoft SQL Server (1433), Redis (6379), Memcached (11211), MongoDB (27017),
CockroachDB (26257), Cassandra (9042), etcd (2379, 2380), Elasticsearch (9200, 9300), RabbitMQ
(5672, 15672), CouchDB (5984), Consul (8500), Neo4j (7474, 7687), the Docker Engine API (2375,
2376) and SSH (22). Prometheus (9090), Pushgateway (9091), node_exporter (9100) and InfluxDB
(8086) ports are ambiguous (many apps listen on 9090), so they are flagged only when the public
port and the internal port are both that number. An `[http_service]` is flagged when its
`internal_port` is one of the HTTP-speaking admin APIs above (Docker, Elasticsearch, RabbitMQ
management, CouchDB, Consul, Neo4j browser).

A `[[services]]` entry with `[[services.ports]]` is served by the Fly proxy on every IP address
the app has. Apps get a public IPv4/IPv6 on their first deploy unless created with
`--flycast`/`--no-public-ips`, so the rule assumes the service is public. A service that uses
the `http` handler in front of a non-HTTP port (say `internal_port = 5432` behind
`handlers = ["http"]`) is not flagged: the proxy cannot speak the database protocol, so nothing
useful is exposed. The `pg_tls` services of Fly's own Postgres template (`/flycheck/*` checks,
image `flyio/postgres*`) are not flagged: `fly postgres create` gives the app private addresses
only, and those services are how Flycast reaches it.

## Why is this bad?
Databases, caches and admin APIs are built to sit behind a firewall: Redis, Memcached, etcd and
the Docker API have no authentication by default, and the others expose login prompts to
password guessing and to every vulnerability in their wire protocol. Internet-wide scanners find
such ports within minutes. On Fly.io other apps in the organisation reach them over the private
network (`<app>.internal` for 6PN, `<app>.flycast` through the proxy with a private IP), and
people reach them with `fly proxy` or `fly ssh console` over WireGuard.

## Severity
Warning: a database, cache or admin port on the public proxy is an exposure reviewers ask about
on most apps; the service may be authenticated or meant to be public, so not an error.

## Example
```toml
[[services]]
  internal_port = 6379
  protocol = "tcp"
  [[services.ports]]
    port = 6379
```

Use instead:
```toml
# no public port: other apps connect to redis://my-redis.internal:6379
# (or keep the service and use a private Flycast IP: `fly ips allocate-v6 --private`,
#  then `fly ips release` the public addresses)
```

## Fix safety
No fix: removing a port may cut off clients; decide between the private network, a Flycast
address and a deliberately public, authenticated endpoint. If the port is meant to be public
(a git server's SSH, Postgres with `pg_tls` for an external tool), suppress the finding with a
reason.

## References
- Fly.io private networking: https://fly.io/docs/networking/private-networking/
- Flycast (private services through the proxy): https://fly.io/docs/networking/flycast/
- Fly.io services and ports: https://fly.io/docs/reference/configuration/#the-services-sections
- checkov CKV_DOCKER_1 and trivy DS-0004 (port 22 exposed); CIS Docker Benchmark 5.8
- CWE-668: Exposure of Resource to Wrong Sphere; CWE-306: Missing Authentication for Critical Function
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from flylint.fly.images import is_fly_postgres
from flylint.fly.values import decimal_int
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

# port -> (what listens there, speaks HTTP, ambiguous)
KNOWN_PORTS: dict[int, tuple[str, bool, bool]] = {
    22: ("SSH", False, False),
    1433: ("Microsoft SQL Server", False, False),
    2375: ("the Docker Engine API (unencrypted)", True, False),
    2376: ("the Docker Engine API", True, False),
    2379: ("etcd", True, False),
    2380: ("etcd peer traffic", False, False),
    3306: ("MySQL", False, False),
    5432: ("PostgreSQL", False, False),
    5433: ("PostgreSQL", False, False),
    5672: ("RabbitMQ (AMQP)", False, False),
    5984: ("CouchDB", True, False),
    6379: ("Redis", False, False),
    7474: ("the Neo4j browser", True, False),
    7687: ("Neo4j (Bolt)", False, False),
    8500: ("the Consul HTTP API", True, False),
    9042: ("Cassandra", False, False),
    9200: ("the Elasticsearch REST API", True, False),
    9300: ("Elasticsearch transport", False, False),
    11211: ("Memcached", False, False),
    15672: ("the RabbitMQ management UI", True, False),
    26257: ("CockroachDB", False, False),
    27017: ("MongoDB", False, False),
    8086: ("InfluxDB", True, True),
    9090: ("Prometheus", True, True),
    9091: ("the Prometheus Pushgateway", True, True),
    9100: ("node_exporter metrics", True, True),
}


def as_port(value: Any) -> int | None:
    """A port number as flyctl reads it (ints, numeric strings, truncated floats)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return decimal_int(value)  # surrounding spaces: not a number for flyctl
    return None


def _handlers(port: dict[str, Any]) -> list[str]:
    handlers = port.get("handlers")
    if not isinstance(handlers, list):
        return []
    return [str(h).lower() for h in handlers]


@rule(code="FLY100", name="private-port-exposed", target="fly_toml", severity="warning",
      tags=("security", "network"), cwe=(668, 306),
      controls=("SOC2-CC6.6", "PCI-DSS-1.3.1", "PCI-DSS-1.4.2", "HIPAA-164.312(a)(1)", "GDPR-32(1)(b)"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    fly_postgres = is_fly_postgres(cfg)
    for spath, svc in cfg.services():
        internal = as_port(svc.get("internal_port"))
        for ppath, port in cfg.sections("ports", spath):
            found = _classify(internal, port)
            if found is None:
                continue
            if fly_postgres and "pg_tls" in _handlers(port):
                continue  # Fly Postgres serves Flycast here; `fly postgres create` allocates no public IP
            number, label, via_internal = found
            public = _public_label(port)
            if via_internal and cfg.has_position(spath + ("internal_port",)):
                span = cfg.entry_span(spath + ("internal_port",))
            elif cfg.has_position(ppath + ("port",)):
                span = cfg.entry_span(ppath + ("port",))
            else:
                span = cfg.key_span(ppath)
            if via_internal:
                what = f"{label} (internal_port = {internal}) on public {public}"
            else:
                what = f"{public} ({label})" + (f" with internal_port = {internal}" if internal is not None else "")
            yield Violation(
                span,
                f"[[services]] exposes {what}: reachable from the internet "
                "unless the app has only a private Flycast IP (check with `fly ips list`); connect over the "
                "private network "
                f"({_app(cfg)}.internal, or Flycast via `fly ips allocate-v6 --private`) and remove the public port",
                snippet=f"exposed:{number}:{public}",
            )
    hs = cfg.http_service
    if hs is not None:
        internal = as_port(hs.get("internal_port"))
        info = KNOWN_PORTS.get(internal) if internal is not None else None
        if info is not None and info[1] and not info[2]:
            path = ("http_service", "internal_port")
            span = cfg.entry_span(path) if cfg.has_position(path) else cfg.key_span(("http_service",))
            yield Violation(
                span,
                f"[http_service] publishes {info[0]} (internal_port = {internal}) on ports 80 and 443: admin "
                f"APIs belong on the private network ({_app(cfg)}.internal:{internal}); reach it with "
                "`fly proxy` instead of a public service",
                snippet=f"exposed:{internal}:http_service",
            )


def _classify(internal: int | None, port: dict[str, Any]) -> tuple[int, str, bool] | None:
    """(port number, label, matched on internal_port) for a sensitive service, else None."""
    handlers = _handlers(port)
    http = "http" in handlers
    public = as_port(port.get("port"))
    if internal is not None and internal in KNOWN_PORTS:
        label, speaks_http, ambiguous = KNOWN_PORTS[internal]
        if (speaks_http or not http) and (not ambiguous or public == internal):
            return internal, label, True
    if public is not None and public in KNOWN_PORTS:
        label, speaks_http, ambiguous = KNOWN_PORTS[public]
        if not ambiguous and (speaks_http or not http):
            return public, label, False
    start, end = as_port(port.get("start_port")), as_port(port.get("end_port"))
    if public is None and start is not None and end is not None and 0 < end - start <= 1000:
        for number in range(start, end + 1):
            info = KNOWN_PORTS.get(number)
            if info is not None and not info[2] and (info[1] or not http):
                return number, info[0], False
    return None


def _public_label(port: dict[str, Any]) -> str:
    public = as_port(port.get("port"))
    if public is not None:
        return f"port {public}"
    start, end = as_port(port.get("start_port")), as_port(port.get("end_port"))
    if start is not None and end is not None:
        return f"ports {start}-{end}"
    return "a port"


def _app(cfg: FlyConfig) -> str:
    return cfg.app or "<app>"
