"""A package install in `RUN` waits for a "Do you want to continue?" answer that never comes.

## What it does
Flags, in every stage, `apt-get`/`apt` `install`, `upgrade`, `dist-upgrade`, `remove`, `purge`,
`autoremove` and `build-dep` without `-y`/`--yes`/`--assume-yes` (or `-qq`, which implies it, or
`-o APT::Get::Assume-Yes=true`); yum/dnf/tdnf `install`, `update`, `upgrade`, `remove`, … without
`-y`/`--assumeyes`; and zypper `install`/`update`/`remove`/`patch` without `-n`
(`--non-interactive`) or `-y`. A command fed by `yes |`, and Dockerfiles that set `Assume-Yes`
or `assumeyes` in a configuration file, are left alone.

`install` and `remove` ask on every real run, so the build fails: an error. `autoremove`,
`upgrade` and `update` ask only when the image has something to remove or upgrade, so the build
breaks some day rather than today: a warning.

## Why is this bad?
`docker build` runs without a terminal. As soon as the install needs an extra package,
apt-get prints "Do you want to continue? [Y/n] Abort." and the build — and with it
`fly deploy` — fails.

## Severity
Error: without `-y` the install waits for an answer no build gives it and aborts, so the build
and the deploy fail.

## Example
```dockerfile
RUN apt-get update && apt-get install --no-install-recommends curl
```

Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety
Safe: the fix adds `-y` (`-n` for zypper), which only answers the confirmation prompt.

## References
- hadolint DL3014 (apt-get), DL3030 (yum), DL3034 (zypper), DL3038 (dnf); trivy DS-0021
- CWE-1188: Initialization of a Resource with an Insecure Default
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Applicability, Edit, Fix, Severity, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import PkgCall, pkg_call
from flylint.rules.dockerfile._util import basename, run_scripts

_APT_SUBS = {"install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove", "build-dep",
             "reinstall"}
_RPM_SUBS = {"install", "update", "upgrade", "remove", "erase", "reinstall", "downgrade", "groupinstall",
             "localinstall", "distro-sync", "autoremove", "group", "module"}
_ZYPPER_SUBS = {"install", "in", "update", "up", "remove", "rm", "patch", "dist-upgrade", "dup", "source-install",
                "si"}
_ASSUME = lazy(r"(?i)^APT::Get::Assume-Yes\s*=\s*\"?(1|true|yes)\"?$")


def _interactive(call: PkgCall) -> bool:
    words = [o.word.text for o in call.opts]
    if call.family == "apt":
        if call.sub not in _APT_SUBS:
            return False
        if call.has("-y", "--yes", "--assume-yes", "--force-yes"):
            return False
        if sum(1 for o in call.opts if o.name == "-q") >= 2 or any(w in ("-q=2", "--quiet=2") for w in words):
            return False
        return not any(_ASSUME.match(v) for v in call.opt_values("-o", "--option"))
    if call.family == "rpm" and call.tool in ("yum", "dnf", "tdnf"):
        return call.sub in _RPM_SUBS and not call.has("-y", "--assumeyes")
    if call.family == "zypper":
        return call.sub in _ZYPPER_SUBS and not call.has("-n", "--non-interactive", "-y", "--no-confirm")
    return False


# subcommands that prompt only when the package state gives them work to do
_SOMETIMES = {"autoremove": "remove", "upgrade": "upgrade", "dist-upgrade": "upgrade", "full-upgrade": "upgrade",
              "update": "update", "patch": "patch"}


@rule(code="DKR019", name="package-install-without-yes", target="dockerfile", severity="error", fix="safe",
      tags=("correctness",), cwe=(1188,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    lowered = df.source.text.lower()
    if "assume-yes" in lowered.replace("--assume-yes", "") or "assumeyes=" in lowered.replace(" ", ""):
        return  # answered by a configuration file the Dockerfile writes
    for ins, _commands in run_scripts(df):
        for pipeline in ins.shell().pipelines():
            for i, cmd in enumerate(pipeline):
                call = pkg_call(cmd)
                if call is None or call.sub_word is None or not _interactive(call):
                    continue
                if i > 0 and basename(pipeline[i - 1].effective_argv()[0] if pipeline[i - 1].effective_argv()
                                      else "") == "yes":
                    continue
                if call.family == "zypper":
                    edit = Edit(call.tool_word.end, call.tool_word.end, " -n")
                    flag = "-n"
                else:
                    edit = Edit(call.sub_word.end, call.sub_word.end, " -y")
                    flag = "-y"
                if call.sub in _SOMETIMES:  # prompts only when there is something to remove or upgrade
                    yield Violation(
                        df.span(call.tool_word.start, call.sub_word.end),
                        f"`{call.tool} {call.sub}` without {flag} asks for confirmation whenever it has something to "
                        f"{_SOMETIMES[call.sub]}, and with no terminal the build then aborts; add {flag}",
                        Fix(f"Add {flag}", (edit,), Applicability.SAFE),
                        severity=Severity.WARNING,
                    )
                    continue
                yield Violation(
                    df.span(call.tool_word.start, call.sub_word.end),
                    f"`{call.tool} {call.sub}` without {flag} asks for confirmation, and with no terminal the build "
                    f"aborts; add {flag}",
                    Fix(f"Add {flag}", (edit,), Applicability.SAFE),
                )
