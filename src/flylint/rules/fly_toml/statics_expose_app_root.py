"""`[[statics]]` serves the app's root or source directory.

## What it does
Flags a `[[statics]]` entry whose `guest_path` is `/`, the working directory of the image
(the last `WORKDIR` of the stage Fly runs), a parent of it, a directory the Dockerfile copies
the whole build context into (`COPY . /app`), or a system directory (`/etc`, `/root`,
`/home`, `/usr`, `/var`, `/opt`, `/proc`). When no Dockerfile is available (`[build] image`,
buildpacks) the usual app roots (`/app`, `/code`, `/src`, `/usr/src/app`, `/rails`,
`/opt/app`, `/home/app`, `/srv/app`, `/workspace`, `/var/www/html`) are flagged too.
Entries that serve a Tigris bucket are ignored.

## Why is this bad?
The Fly proxy serves every file under `guest_path` at `url_prefix`, without asking the app.
An app directory holds `.env`, `.git`, `config/master.key`, `database.yml`, SQLite files
and source code; `/` holds all of that plus `/etc` and the rest of the image. Anyone can then
download them with a plain GET (`https://app.fly.dev/.env`). Static files should come from a
directory that holds only built assets, such as `public/` or `static/`.

## Severity
Warning: statics serving the app root publish source and config files; a reviewer asks. Which
files are there is not known, so not an error.

## Example
```toml
[[statics]]
  guest_path = "/app"
  url_prefix = "/"
```

Use instead:
```toml
[[statics]]
  guest_path = "/app/public"
  url_prefix = "/"
```

## Fix safety
No fix: only you know which sub-directory holds the public assets.

## References
- Fly.io statics: https://fly.io/docs/reference/configuration/#the-statics-sections
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
- CWE-552: Files or Directories Accessible to External Parties
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any

from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule

APP_ROOTS = frozenset({"/app", "/code", "/src", "/usr/src/app", "/rails", "/opt/app", "/home/app", "/srv/app",
                       "/workspace", "/var/www/html"})
SYSTEM_DIRS = frozenset({"/etc", "/root", "/home", "/usr", "/var", "/opt", "/proc", "/run", "/tmp", "/bin"})


def _norm(path: str) -> str:
    p = posixpath.normpath(path.strip()) if path.strip() else "/"
    return "/" if p in ("/", "//", ".") else p


def _is_ancestor(parent: str, child: str) -> bool:
    return parent == "/" or child == parent or child.startswith(parent.rstrip("/") + "/")


def image_facts(cfg: FlyConfig, ctx: RuleContext) -> tuple[bool, str | None, set[str]]:
    """(Dockerfile known, final WORKDIR, directories the whole build context is copied to)."""
    pf = ctx.project.dockerfile_for(cfg) if ctx.project is not None else None
    df = pf.dockerfile if pf is not None else None
    if df is None:
        return False, None, set()
    build = cfg.data.get("build")
    target = None
    if isinstance(build, dict):
        t = build.get("build-target", build.get("build_target"))
        target = t if isinstance(t, str) else None
    stage = df.target_stage(target)
    if stage is None:
        return True, None, set()
    from flylint.rules.dockerfile._util import chain_instructions, stage_chain

    workdir: str | None = None
    context_dirs: set[str] = set()
    for ins in chain_instructions(stage_chain(df, stage)):  # inherited stages first
        if ins.keyword == "WORKDIR":
            arg = ins.rest.strip().strip("'\"")
            if not arg or "$" in arg:
                workdir = None
                continue
            workdir = _norm(arg if arg.startswith("/") else posixpath.join(workdir or "/", arg))
        elif ins.keyword in ("COPY", "ADD") and ins.flag("from") is None and ins.exec_form is None:
            parts = ins.rest.split()
            if len(parts) >= 2 and "$" not in parts[-1] and any(p in (".", "./") for p in parts[:-1]):
                dest = parts[-1].strip("'\"")
                if dest.startswith("/"):
                    context_dirs.add(_norm(dest))
                elif workdir is not None:
                    context_dirs.add(_norm(posixpath.join(workdir, dest)))
    return True, workdir, context_dirs


@rule(code="FLY104", name="statics-expose-app-root", target="fly_toml", severity="warning",
      tags=("security", "exposure"), cwe=(538, 552), controls=("SOC2-CC6.1", "PCI-DSS-2.2.6", "GDPR-32(1)(b)"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    statics = cfg.get(("statics",))
    entries: list[tuple[tuple, dict[str, Any]]] = []
    if isinstance(statics, list):
        entries = [(("statics", i), s) for i, s in enumerate(statics) if isinstance(s, dict)]
    elif isinstance(statics, dict):
        entries = [(("statics",), statics)]
    if not entries:
        ctx.not_applicable("no [[statics]]")
        return
    facts: tuple[bool, str | None, set[str]] | None = None
    for path, entry in entries:
        guest = entry.get("guest_path")
        if not isinstance(guest, str) or entry.get("tigris_bucket"):
            continue
        if "$" in guest:
            continue
        gp = _norm(guest)
        if facts is None:
            facts = image_facts(cfg, ctx)
        reason = _reason(gp, facts)
        if reason is None:
            continue
        prefix = entry.get("url_prefix", "/")
        kpath = path + ("guest_path",)
        span = cfg.entry_span(kpath) if cfg.has_position(kpath) else cfg.key_span(path)
        suggestion = "/public" if gp == "/" else f"{gp.rstrip('/')}/public"
        yield Violation(
            span,
            f'[[statics]] guest_path = "{guest}" serves {reason} at url_prefix "{prefix}": the proxy hands out '
            "every file in it (.env, .git, source, keys) to anyone; point guest_path at the directory of built "
            f'public assets (for example "{suggestion}")',
        )


def _reason(gp: str, facts: tuple[bool, str | None, set[str]]) -> str | None:
    known, workdir, context_dirs = facts
    if gp == "/":
        return "the whole filesystem of the image"
    if workdir is not None and workdir != "/" and _is_ancestor(gp, workdir):
        return "the app's working directory" if gp == workdir else f"a parent of the app's working directory {workdir}"
    for d in context_dirs:
        if d != "/" and _is_ancestor(gp, d):
            return "the directory the Dockerfile copies the whole build context into"
    if gp in SYSTEM_DIRS:
        return "a system directory"
    if not known and gp in APP_ROOTS:
        return "what is usually the app's root directory"
    return None
