"""Facts about container images that rules rely on.

- Fly.io's own templates: a config written by ``fly postgres create`` / ``fly config save`` for
  a Fly Postgres app (image ``flyio/postgres*``, or the template's ``/flycheck/*`` checks on port
  5500 and ``pg_tls`` services) carries Fly's defaults, which users are not asked to change.
- Which user a base image runs as when a Dockerfile sets no ``USER``: images known to set a
  non-root user themselves, official images whose entrypoint steps down from root when they
  run their own server, and images known to run as root. Anything else is *unknown*, and a rule
  must say so instead of asserting it.

Image references are compared without registry host, ``library/`` prefix and digest.
"""

from __future__ import annotations

from typing import Any

from flylint.base.lazyre import lazy

FLY_POSTGRES_IMAGES = ("flyio/postgres", "flyio/postgres-flex", "flyio/postgres-standalone")


def build_image(cfg: Any) -> str | None:
    build = cfg.data.get("build") if cfg is not None else None
    image = build.get("image") if isinstance(build, dict) else None
    return image if isinstance(image, str) and image else None


def is_fly_postgres(cfg: Any) -> bool:
    """The config is Fly's own Postgres template (its checks and services are Fly's defaults)."""
    image = build_image(cfg)
    if image is not None and normalise(image).startswith(FLY_POSTGRES_IMAGES):
        return True
    checks = cfg.data.get("checks")
    if isinstance(checks, dict) and checks:
        paths = [c.get("path") for c in checks.values() if isinstance(c, dict)]
        if paths and all(isinstance(p, str) and p.startswith("/flycheck/") for p in paths):
            return True
    return False


# -- who an image runs as -------------------------------------------------------------------
NONROOT = "nonroot"  # the image sets a non-root USER
STEPS_DOWN = "steps-down"  # root, but the entrypoint drops to a service user for its own server
ROOT = "root"  # known to run as root when no USER is set
UNKNOWN = "unknown"

# images whose own Dockerfile ends with a non-root USER
_NONROOT_IMAGES = lazy(  # ~5 ms to compile: only when a Dockerfile's base image is looked up
    r"^(gcr\.io/distroless/[^:]+:(.*-)?nonroot|cgr\.dev/chainguard/[^:]+(:(?!.*-dev$)[^:]*)?"
    r"|.*:(.*-)?(nonroot|rootless|unprivileged)(-.*)?"
    r"|(.*/)?[^/:]+-(nonroot|unprivileged|rootless)(:.*)?|chainguard/[^:]+(:(?!.*-dev$)[^:]*)?"
    r"|nginxinc/nginx-unprivileged(:.*)?|bitnami/.*|tootsuite/mastodon(:.*)?|ghcr\.io/mastodon/mastodon(:.*)?"
    r"|grafana/grafana(-oss|-enterprise)?(:.*)?|prom/.*|quay\.io/prometheus/.*|n8nio/n8n(:.*)?"
    r"|mcr\.microsoft\.com/dotnet/.*-chiseled(-.*)?|memcached(:.*)?|haproxy(:.*)?|sonarqube(:.*)?"
    r"|solr(:.*)?|docker\.elastic\.co/.*|keycloak/keycloak(:.*)?|quay\.io/keycloak/keycloak(:.*)?)$"
)
# official images whose docker-entrypoint.sh re-executes their server as a service user
_STEP_DOWN = {
    "redis": ("redis-server", "redis-sentinel"),
    "postgres": ("postgres",),
    "mongo": ("mongod",),
    "mysql": ("mysqld",),
    "mariadb": ("mariadbd", "mysqld"),
    "rabbitmq": ("rabbitmq-server",),
    "couchdb": ("couchdb",),
    "ghost": ("node",),
}
# official and widely used images that run as root unless told otherwise
_ROOT_IMAGES = frozenset({
    "alpine", "debian", "ubuntu", "busybox", "fedora", "centos", "rockylinux", "almalinux", "amazonlinux",
    "archlinux", "python", "node", "ruby", "golang", "rust", "php", "elixir", "erlang", "openjdk",
    "eclipse-temurin", "amazoncorretto", "ibmjava", "maven", "gradle", "swift", "perl", "julia", "r-base",
    "haskell", "clojure", "dart", "crystallang/crystal", "oven/bun", "denoland/deno", "hexpm/elixir",
    "hexpm/erlang", "nginx", "httpd", "caddy", "traefik", "tomcat", "wordpress", "drupal", "nextcloud",
    "ghcr.io/astral-sh/uv", "quay.io/evl.ms/fullstaq-ruby", "mcr.microsoft.com/dotnet/aspnet",
    "mcr.microsoft.com/dotnet/runtime", "mcr.microsoft.com/dotnet/runtime-deps", "mcr.microsoft.com/dotnet/sdk",
    "nikolaik/python-nodejs", "timberio/vector", "minio/minio", "vaultwarden/server", "caddy/caddy",
    "binwiederhier/ntfy", "livekit/livekit-server", "fideloper/fly-laravel", "litestream/litestream",
    "docker", "buildpack-deps", "registry", "scratch", "varnish", "eclipse-mosquitto", "influxdb", "telegraf",
})


def normalise(ref: str) -> str:
    """``docker.io/library/redis:7@sha256:…`` → ``redis:7`` (lower case)."""
    r = ref.strip().lower().split("@", 1)[0]
    for prefix in ("docker.io/", "index.docker.io/", "registry-1.docker.io/"):
        if r.startswith(prefix):
            r = r[len(prefix):]
    if r.startswith("library/"):
        r = r[len("library/"):]
    return r


def repository(ref: str) -> str:
    """The image name without tag: ``ghcr.io/astral-sh/uv:python3.12`` → ``ghcr.io/astral-sh/uv``."""
    r = normalise(ref)
    last = r.rsplit("/", 1)
    if ":" in last[-1]:
        r = r[: len(r) - len(last[-1])] + last[-1].split(":", 1)[0]
    return r


def user_of(ref: str) -> str:
    """NONROOT, STEPS_DOWN, ROOT or UNKNOWN for an image used without a ``USER`` instruction."""
    r = normalise(ref)
    if _NONROOT_IMAGES.match(r):
        return NONROOT
    repo = repository(ref)
    if repo in _STEP_DOWN:
        return STEPS_DOWN
    if repo in _ROOT_IMAGES:
        return ROOT
    return UNKNOWN


def server_commands(ref: str) -> tuple[str, ...]:
    """The commands for which an official image's entrypoint steps down from root."""
    return _STEP_DOWN.get(repository(ref), ())
