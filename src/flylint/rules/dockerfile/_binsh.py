"""Which program `/bin/sh` is when a RUN line runs (not a rule: shared by the shell-syntax rules).

A shell-form ``RUN`` runs ``/bin/sh -c`` unless a ``SHELL`` instruction says otherwise, and
``/bin/sh`` is whatever the base image links there:

- Debian and Ubuntu (and the official language images built on them: ``node``, ``python``,
  ``ruby``, ``golang``, ``rust``, ``php``, ``elixir`` …, unless the tag says ``alpine``): dash,
  a strict POSIX shell without ``[[``, ``source``, arrays, brace expansion, here-strings,
  ``function``, ``${var//a/b}``, ``${var:1:2}``, ``==`` in ``[``, or ``echo -e``;
- Alpine (busybox ash): POSIX plus some bash extensions (``[[``, ``source``, ``${var//a/b}``,
  ``echo -e``), but no brace expansion and no arrays;
- Red Hat family, Amazon Linux, Arch, openSUSE: bash, so bash syntax works.

Anything else (a private base image, an ARG that cannot be resolved, distroless) is unknown,
and the rules stay silent.
"""

from __future__ import annotations

from flylint.base.lazyre import lazy
from flylint.linter.parsers.dockerfile import Dockerfile, Instruction, Stage
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.rules.dockerfile._util import (
    inherited,
    on_one_line,
    resolved_image,
    shell_in_effect,
    split_image,
    stage_chain,
)

DASH = "dash"
BUSYBOX = "busybox"

_BASH_IMAGES = lazy(r"(?i)(^|/)(centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|archlinux|"
                    r"opensuse[^/]*|ubi\d*(-[a-z]+)?|ubi|photon|clearlinux|mageia|gentoo/stage3|mysql)$")
_DEBIAN_TAG = lazy(r"(?i)(bookworm|bullseye|buster|stretch|trixie|jammy|noble|focal|bionic|debian|ubuntu)")
_DEBIAN_IMAGES = lazy(
    r"(?i)^(docker\.io/)?(library/)?(debian|ubuntu|buildpack-deps|node|python|ruby|golang|rust|php|elixir|erlang|"
    r"perl|openjdk|eclipse-temurin|amazoncorretto-debian|gcc|haskell|swift|julia|r-base|nginx|httpd|postgres|"
    r"redis|mariadb|rabbitmq|oven/bun|denoland/deno|hexpm/elixir|hexpm/erlang|mcr\.microsoft\.com/dotnet/[a-z-]+|"
    r"mcr\.microsoft\.com/playwright|ghcr\.io/astral-sh/uv|clojure|maven|gradle|crystallang/crystal|dart|"
    r"ghcr\.io/puppeteer/puppeteer|ghcr\.io/cirruslabs/flutter)$")
_ALPINE = lazy(r"(?i)(^|[/:_.-])alpine")
# RUN commands that make /bin/sh another shell: `ln -sf /bin/bash /bin/sh` (options holding s),
# `dpkg-reconfigure … dash`, `update-alternatives … /bin/sh` on one line
_LN_SH = lazy(r"(?i)\bln\s+-([a-z]+)\s+(?:\S*/)?(?:bash|zsh)\s+/bin/sh\b")
_SH_RELINKS = (
    (lazy(r"(?i)dpkg-reconfigure\b"), lazy(r"(?i)\bdash\b")),
    (lazy(r"(?i)update-alternatives\b"), lazy(r"(?i)\s/bin/sh\s")),
)


def _relinks_sh(text: str) -> bool:
    return any("s" in m.group(1).lower() for m in _LN_SH.finditer(text)) or any(
        on_one_line(text, first, then) for first, then in _SH_RELINKS)


def image_family(image: str) -> str | None:
    """``dash``, ``busybox``, ``bash`` or ``None`` (unknown) for an image reference."""
    name, tag, _digest = split_image(image)
    tag = tag or ""
    if _ALPINE.search(name) or _ALPINE.search(":" + tag):
        return BUSYBOX
    if name.lower() in ("busybox", "docker.io/library/busybox", "library/busybox"):
        return BUSYBOX
    if _DEBIAN_TAG.search(tag):
        return DASH
    if _BASH_IMAGES.search(name):
        return "bash"
    if _DEBIAN_IMAGES.match(name):
        return DASH
    return None


def sh_family(df: Dockerfile, stage: Stage, ins: Instruction, cfg: FlyConfig | None) -> str | None:
    """What runs a shell-form ``ins`` of ``stage``: ``dash``, ``busybox``, ``bash`` or ``None``.

    A ``SHELL`` instruction before ``ins`` (in the stage or the stages it is built from) wins;
    an earlier ``RUN`` that relinks ``/bin/sh`` makes it unknown.
    """
    shell_ins, relinked = _state_before(df, stage, ins)
    shell = shell_ins.exec_form if shell_ins is not None else None
    if shell is not None:
        name = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower() if shell else ""
        if name in ("bash", "zsh", "ksh", "mksh"):
            return "bash"
        if name not in ("sh",):
            return None if name != "dash" else DASH
    if relinked:
        return None
    image = resolved_image(df, stage_chain(df, stage)[0], cfg)
    if not image:
        return None
    return image_family(image)


def _relinks(i: Instruction) -> bool:
    return i.keyword == "RUN" and _relinks_sh(i.args + "".join(d.body for d in i.heredocs))


def _state_before(df: Dockerfile, stage: Stage, ins: Instruction) -> tuple[Instruction | None, bool]:
    """(the ``SHELL`` in effect for ``ins``, whether a ``RUN`` before it relinked ``/bin/sh``),
    the stages ``stage`` is built from included. Computed once per stage and memoised on the
    model, so asking for every RUN of a long file stays linear."""
    key = ("binsh-states", stage.index)
    states = df.memo.get(key)
    if states is None:
        relinked = inherited(df, stage, "binsh-relinked", False, lambda acc, i: acc or _relinks(i))
        states = {}
        for i, shell in shell_in_effect(df, stage):
            states[i.start] = (shell, relinked)
            relinked = relinked or _relinks(i)
        df.memo[key] = states
    return states.get(ins.start, (None, False))
