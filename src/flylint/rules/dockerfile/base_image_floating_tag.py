"""A base image is pinned to a floating tag: a name or a release line, not a release.

## What it does
Flags a `FROM` image (in any stage) whose tag is *floating*, that is, a tag its publisher
moves to new content by design:

- a tag without any digit: `nonroot`, `alpine`, `slim`, `lts`, `stable`, `edge`,
  `bookworm-slim`, `main` … (it names "the current one" of something), for any image;
- for the images whose release tags flylint knows, a tag whose version is shorter than a
  release: `node:22-alpine`, `python:3.12-slim`, `golang:1.23`, `nginx:1.27-alpine`,
  `alpine:3.20`, `postgres:17`, `ubuntu:24.04` (Ubuntu's fixed tags are dated: `noble-20241015`),
  `debian:12` (fixed: `12.8` or `bookworm-20241016`), and every tag of `gcr.io/distroless/*`
  (distroless publishes no version tags at all).

A full release is three numbers for node, python, golang, ruby, nginx, alpine, redis, mysql,
mariadb, php, rust, elixir, erlang, caddy, haproxy, httpd, memcached, mongo, rabbitmq,
traefik, busybox, bun, deno and eclipse-temurin; two for postgres and Fly's postgres images
(`17.2`); Elixir, OTP and Debian date together for `hexpm/elixir`. For other images only
digit-less tags are flagged: a tag with numbers may well be a release (`myorg/base:2024.11`),
and flylint does not guess. An image pinned by digest (`@sha256:…`) is never flagged, nor
`scratch`, a stage name, or a tag from an `ARG` whose value is not known. A missing tag and
`latest` are DKR002's.

## Why is this bad?
`node:22-alpine` is `node:22.11.0-alpine` today and `node:22.12.0-alpine` after the next
release; `distroless/static-debian12:nonroot` is rebuilt whenever Debian ships an update. The
same commit then builds a different image from one day to the next, a regression arrives
without a change in the repository, and a rollback does not roll the base image back. Full
version tags are still rebuilt for security fixes now and then; only a digest is immutable,
which is why the message offers both.

## Severity
Info: a floating tag such as `node:22` is a reasonable choice for many projects; pinning a
release is hygiene (off by default).

## Example
```dockerfile
FROM golang:1.23-bookworm AS build
FROM gcr.io/distroless/static-debian12:nonroot
```

Use instead:
```dockerfile
FROM golang:1.23.3-bookworm AS build
FROM gcr.io/distroless/static-debian12:nonroot@sha256:<digest from `crane digest` or `docker buildx imagetools inspect`>
```

## Fix safety
No fix: the release or digest to pin is a decision, and it is not known offline.

## References
- hadolint DL3006/DL3007 and checkov CKV_DOCKER_7 stop at a missing tag and `latest`;
  trivy DS-0001 likewise. This rule covers the moving tags they accept.
- CIS Docker Benchmark 4.2 (use trusted, known base images); CWE-1357
- Docker: https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import fly_config, is_stage_reference, resolved_image, split_image, word_span

_THREE = r"v?\d+\.\d+\.\d+(?:-?(?:a|b|rc|alpha|beta)\.?\d+)?"
#: repository (without registry host and library/) -> what a release tag starts with
_RELEASE: dict[str, str] = {
    **dict.fromkeys((
        "node", "python", "golang", "ruby", "nginx", "nginxinc/nginx-unprivileged", "alpine", "redis", "mysql",
        "mariadb", "php", "rust", "elixir", "caddy", "haproxy", "httpd", "memcached", "mongo", "rabbitmq",
        "traefik", "busybox", "oven/bun", "denoland/deno",
    ), _THREE),
    "erlang": r"\d+\.\d+(?:\.\d+)+",
    "eclipse-temurin": r"\d+\.\d+\.\d+(?:_\d+)?",
    "postgres": r"\d+\.\d+(?:\.\d+)?",
    "flyio/postgres-flex": r"\d+\.\d+(?:\.\d+)?",
    "flyio/postgres": r"\d+\.\d+(?:\.\d+)?",
    "hexpm/elixir": (r"\d+\.\d+\.\d+-erlang-\d+(?:\.\d+)+-"
                     r"(?:debian-[a-z]+-\d{8}|ubuntu-[a-z]+-\d{8}|alpine-\d+\.\d+\.\d+)"),
    "debian": r"(?:\d+\.\d+|[a-z]+-\d{8})",
    "ubuntu": r"[a-z]+-\d{8}(?:\.\d+)?",
}
#: how a release tag of the image looks, for the message (the rest: three numbers, x.y.z)
_SHAPE = {
    "erlang": "three or more numbers (27.1.2)", "eclipse-temurin": "a full JDK version (21.0.5_11)",
    "postgres": "two numbers (17.2)", "flyio/postgres-flex": "two numbers (17.2)", "flyio/postgres": "two numbers",
    "hexpm/elixir": "Elixir, OTP and OS release together (1.17.3-erlang-27.1.2-debian-bookworm-20241016)",
    "debian": "a point release (12.8) or a dated codename (bookworm-20241016)",
    "ubuntu": "a dated codename (noble-20241015)",
}
_PATTERNS: dict[str, re.Pattern[str]] = {}
_LEADING_VERSION = lazy(r"^v?\d+(?:\.\d+)*")
_HOSTS = ("docker.io/", "index.docker.io/", "registry-1.docker.io/")


def repository(name: str) -> str:
    repo = name.strip().lower()
    for host in _HOSTS:
        if repo.startswith(host):
            repo = repo[len(host):]
    return repo[len("library/"):] if repo.startswith("library/") else repo


def _pinned(repo: str, tag: str) -> bool:
    pattern = _PATTERNS.get(repo)
    if pattern is None:  # compiled on first use: most runs never see most of these images
        pattern = _PATTERNS[repo] = re.compile(rf"(?:{_RELEASE[repo]})(?:[-_+.].*)?", re.IGNORECASE)
    return bool(pattern.fullmatch(tag))


def floating(name: str, tag: str) -> str | None:
    """Why ``name:tag`` floats (for the message), or ``None`` when it names a release."""
    repo = repository(name)
    if repo.startswith("gcr.io/distroless/"):
        return "distroless images have no version tags: every tag moves with each rebuild"
    if not any(c.isdigit() for c in tag):
        return "the tag has no version number, so it names whatever release is current"
    if repo not in _RELEASE:
        return None
    if _pinned(repo, tag):
        return None
    shape = f"a {repo} release tag is {_SHAPE.get(repo, 'three numbers (x.y.z)')}"
    m = _LEADING_VERSION.match(tag)
    if m:
        line = m.group(0)
        return f"`{line}` is a release line, not a release: it moves to each new {line}.x ({shape})"
    return f"the tag names a moving alias, not a release ({shape})"


# Opt-in hygiene (it fires on most real projects): not mapped to a compliance control, because
# reports run every mapped rule whatever the selection.
@rule(code="DKR050", name="base-image-floating-tag", target="dockerfile", severity="info",
      tags=("supply-chain", "reproducibility"), cwe=(1357,), default_enabled=False)
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    for stage in df.stages:
        if is_stage_reference(df, stage):
            continue
        image = resolved_image(df, stage, cfg)
        if image is None or not image.strip() or image.strip().lower() == "scratch":
            continue
        if any(other.index < stage.index and other.alias and other.alias.lower() == image.lower()
               for other in df.stages):
            continue  # `FROM ${ARG}` naming an earlier stage
        name, tag, digest = split_image(image.strip())
        if digest or not tag or tag.lower() == "latest":
            continue  # pinned by digest, or DKR002's case
        why = floating(name, tag)
        if why is None:
            continue
        via = f" (from `{stage.image}`)" if stage.image != image else ""
        advice = ("add `@sha256:<digest>`" if repository(name).startswith("gcr.io/distroless/")
                  else "pin a full release tag or add `@sha256:<digest>`")
        start, end = word_span(stage.from_instruction, 0)
        yield Violation(
            df.span(start, end),
            f"`{image}`{via} is a floating tag: {why}; {advice} so every build starts from the same image",
        )
