"""Package-manager caches are left in the image layer that created them.

## What it does
Flags a `RUN` in the stage Fly runs (or the stages it is built `FROM`) that
- runs `apt-get update` and installs packages but does not remove `/var/lib/apt/lists` in the
  same `RUN`;
- installs with yum/dnf/microdnf/tdnf without `<tool> clean all` (or removing
  `/var/cache/<tool>`) in the same `RUN`;
- installs with zypper without `zypper clean` in the same `RUN`.
A `RUN --mount=type=cache` on those directories counts as clean. Builder stages are not checked.

## Why is this bad?
Each `RUN` is a layer: files deleted in a later `RUN` still ship in the earlier one. Package
indexes are tens of megabytes that every Machine downloads on each deploy, and stale indexes
in the image mislead anyone who runs the package manager later.

## Severity
Info: a package cache left in a layer only makes the image larger: image-size hygiene.

## Example
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
No fix: where the cleanup belongs in a long `RUN` is for the author to decide.

## References
- hadolint DL3009 (apt), DL3032 (yum), DL3040 (dnf), DL3036 (zypper); trivy DS-0015, DS-0019,
  DS-0020, DS-0027; dockle DKL-DI-0005
- CWE-1104
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import cache_mounted, pkg_call, removes
from flylint.rules.dockerfile._util import fly_config, run_chain, run_scripts

_INSTALLS = {"install", "upgrade", "dist-upgrade", "full-upgrade", "update", "reinstall", "groupinstall",
             "localinstall", "in", "up", "dup", "patch"}


@rule(code="DKR016", name="package-cache-not-cleaned", target="dockerfile", severity="info",
      tags=("image-size",), cwe=(1104,), controls=("CIS-4.3",))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins, commands in run_scripts(df, run_chain(df, ctx, fly_config(df, ctx))):
        calls = [(c, p) for c in commands if (p := pkg_call(c)) is not None]
        apt_update = next((c for c, p in calls if p.family == "apt" and p.sub == "update"), None)
        apt_install = any(p.family == "apt" and p.sub in ("install", "upgrade", "dist-upgrade", "full-upgrade")
                          for _, p in calls)
        if apt_update is not None and apt_install and not removes(commands, "/var/lib/apt/lists") \
                and not cache_mounted(ins, "/var/lib/apt"):
            yield Violation(df.span(apt_update.start, apt_update.end),
                            "this RUN downloads apt package lists but never removes them; end it with "
                            "`&& rm -rf /var/lib/apt/lists/*`")
        for tool in ("yum", "dnf", "microdnf", "tdnf"):
            install = next((c for c, p in calls if p.tool == tool and p.sub in _INSTALLS), None)
            if install is None:
                continue
            cleaned = any(p.family == "rpm" and p.sub == "clean" for _, p in calls)
            if not cleaned and not removes(commands, f"/var/cache/{tool}", "/var/cache/yum", "/var/cache/dnf") \
                    and not cache_mounted(ins, f"/var/cache/{tool}"):
                yield Violation(df.span(install.start, install.end),
                                f"this RUN leaves the {tool} cache in the image; end it with `&& {tool} clean all`")
        zyp = next((c for c, p in calls if p.family == "zypper" and p.sub in _INSTALLS), None)
        if zyp is not None and not any(p.family == "zypper" and p.sub in ("clean", "cc") for _, p in calls) \
                and not removes(commands, "/var/cache/zypp") and not cache_mounted(ins, "/var/cache/zypp"):
            yield Violation(df.span(zyp.start, zyp.end),
                            "this RUN leaves the zypper cache in the image; end it with `&& zypper clean --all`")
