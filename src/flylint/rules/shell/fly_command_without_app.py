"""`fly deploy` (or another app-changing command) without an explicit app.

## What it does
In deploy scripts, flags `fly`/`flyctl` commands that change an app — `deploy`, `scale`,
`secrets` (except `list`), `machine`, `volumes`, `ips`, `certs` (except read-only
subcommands such as `list`/`status`/`show`), `ssh`, `console`, `image update`, `restart` —
when they name neither the app (`--app NAME`, `-a NAME`) nor the config file
(`--config path/fly.toml`, `-c …`). The app also counts as explicit when `FLY_APP` is
exported earlier in the script or set in front of the command (`FLY_APP=web fly deploy`), and
when the script first changes to a fixed directory: an absolute path (`cd /srv/app`), its own
(`cd "$(dirname "$0")"`, `cd "${BASH_SOURCE%/*}"`), the repository root
(`cd "$(git rev-parse --show-toplevel)"`) or a directory held in a named variable
(`cd "$ROOT"`, set by the script or a library it sources).

This is hygiene (info): most deploy scripts are meant to be run from the repository root and
work as written; naming the app makes them safe to run from anywhere.

Workflow `run:` steps are not checked: a CI job starts in the checkout, so the fly.toml it
finds is always the same one.

## Why is this bad?
Without `--app` or `--config`, flyctl uses the `fly.toml` of the current working directory.
Run from another directory (a monorepo root, a sibling service, a developer's shell that
`cd`-ed somewhere else), the same script deploys, scales or changes secrets of a different app,
or of production instead of staging.

## Severity
Info: without --app the command works from the project folder only; naming the app is hygiene.

## Example
```bash
#!/usr/bin/env bash
set -euo pipefail
fly deploy --remote-only
```

Use instead:
```bash
#!/usr/bin/env bash
set -euo pipefail
fly deploy --config "$(dirname "$0")/fly.toml" --remote-only
# or: fly deploy --app my-app-production --remote-only
```

## Fix safety
No fix: only you know which app the script is meant for.

## References
- flyctl global flags `--app`/`-a` and `--config`/`-c`: https://fly.io/docs/flyctl/deploy/
- ShellCheck SC2164 (a failed `cd` leaves the script in the wrong directory)
- CWE-706: Use of Incorrectly-Resolved Name or Reference
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.commands import is_fly
from flylint.linter.parsers.shell import Command, ShellScript
from flylint.linter.registry import RuleContext, rule

APP_CHANGING = {
    "deploy": None, "scale": None, "secrets": {"list", "ls"}, "machine": {"list", "ls", "status"},
    "machines": {"list", "ls", "status"}, "m": {"list", "ls", "status"}, "volumes": {"list", "ls", "show"},
    "volume": {"list", "ls", "show"}, "vol": {"list", "ls", "show"}, "ips": {"list", "ls", "private"},
    "certs": {"list", "ls", "show", "check"}, "ssh": {"log", "issue"}, "console": None, "image": {"show"},
    "restart": None,
}
_SCRIPT_DIR = lazy(r"\$\{?0\b|\$\{?0[%#]|BASH_SOURCE|git rev-parse --show-toplevel|\$\{?PWD\b")
_APP_FLAGS = ("-a", "--app", "-c", "--config")


def subcommand(argv: list) -> tuple[str, str, int]:
    """(command, subcommand, index of the command word) of a fly argv."""
    words = [w.text for w in argv[1:]]
    cmd = sub = ""
    idx = 0
    i = 0
    while i < len(words):
        t = words[i]
        if t.startswith("-"):
            if t in ("-a", "--app", "-c", "--config", "-t", "--access-token", "-o", "--org", "-r", "--region"):
                i += 1  # skip the flag's value
            i += 1
            continue
        if not cmd:
            cmd, idx = t, i + 1
        else:
            sub = t
            break
        i += 1
    return cmd, sub, idx


def names_app(cmd: Command) -> bool:
    if any(a.text.startswith("FLY_APP=") for a in cmd.assignments):
        return True
    argv = cmd.argv
    if argv and argv[0].text == "env" and any(w.text.startswith("FLY_APP=") for w in argv[1:]):
        return True
    for w in cmd.effective_argv()[1:]:
        t = w.text
        if t == "--":
            break
        if t in _APP_FLAGS or t.startswith(("--app=", "--config=")):
            return True
        if re.match(r"^-[ac].", t) and not t.startswith("--"):
            return True
    return False


@rule(code="SH002", name="fly-command-without-app", target="shell", severity="info",
      tags=("reliability", "deploy"), cwe=(706,), controls=("SOC2-CC8.1",))
def check(script: ShellScript, ctx: RuleContext) -> Iterator[Violation]:
    source = script.source
    if source is None:
        return
    pinned_dir = False
    app_exported = False
    dir_vars: set[str] = set()
    for cmd in script.commands:
        argv = cmd.argv
        if not argv and not cmd.assignments:
            continue
        for a in cmd.assignments:
            name, _, value = a.text.partition("=")
            if _SCRIPT_DIR.search(value):
                dir_vars.add(name)
        if argv and argv[0].text in ("export", "declare", "typeset") and not cmd.nested:
            exporting = argv[0].text == "export" or any(
                w.text.startswith("-") and "x" in w.text for w in argv[1:])
            if exporting and any(w.text == "FLY_APP" or w.text.startswith("FLY_APP=") for w in argv[1:]):
                app_exported = True
            for w in argv[1:]:
                name, eq, value = w.text.partition("=")
                if eq and _SCRIPT_DIR.search(value):
                    dir_vars.add(name)
        if argv and argv[0].text in ("cd", "pushd") and len(argv) >= 2 and not cmd.nested:
            target = argv[-1].text
            fixed = target.startswith("/") and not argv[-1].has_expansion
            # a directory the script or its library chose (`cd "$ROOT"`), not the caller's
            chosen = bool(re.fullmatch(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?(/[\w./-]*)?", target))
            if fixed or chosen or _SCRIPT_DIR.search(target) or any(
                    re.search(rf"\$\{{?{re.escape(v)}\b", target) for v in dir_vars):
                pinned_dir = True
        eff = cmd.effective_argv()
        if not eff or not is_fly(eff[0]):
            continue
        command, sub, idx = subcommand(eff)
        if command not in APP_CHANGING:
            continue
        skip = APP_CHANGING[command]
        if skip is not None and sub in skip:
            continue
        if command == "image" and sub != "update":
            continue
        if command == "secrets" and not sub:
            continue
        if pinned_dir or app_exported or names_app(cmd):
            continue
        shown = " ".join(x for x in (eff[0].text, command, sub if skip is not None else "") if x)
        yield Violation(
            source.span(eff[0].start, eff[min(idx, len(eff) - 1)].end),
            f"`{shown}` names no app: flyctl uses the fly.toml of whatever directory the script runs in, so "
            "run from elsewhere it changes a different app; pass --app NAME or --config path/to/fly.toml",
        )
