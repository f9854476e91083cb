"""Deploy script keeps going after a command fails.

## What it does
Flags a deploy script that does not turn on the shell's error handling:

- `errexit` (`set -e`): stop at the first failing command;
- `nounset` (`set -u`): treat an unset variable as an error instead of an empty string;
- `pipefail` (`set -o pipefail`): a pipeline fails when any part fails. Required only for
  bash, zsh and ksh scripts that contain a pipeline; POSIX `sh` (dash) may not have it, so
  for `#!/bin/sh` scripts the rule asks for `set -eu` only.

The options count when set anywhere at the top level of the script (`set -euo pipefail`,
`set -e` plus `set -o pipefail` plus `set -u`, long names such as `set -o errexit`) or in the
shebang (`#!/bin/bash -eu`). A script that sources a shared library (`source lib/common.sh`)
is not checked, since the library usually sets them.

## Why is this bad?
Without `set -e` a failed `fly deploy`, `fly secrets set` or build step is only a line in the
log: the script carries on (tagging a release, migrating, announcing success) and exits 0, so
CI reports a green deploy that did not happen. Without `set -u` a typo or a missing variable
turns `fly deploy --app "$APP"` into `--app ""`, and flyctl falls back to whatever fly.toml
sits in the current directory. Without `pipefail`, `fly deploy | tee deploy.log` succeeds
whenever `tee` does.

## Example
```bash
#!/usr/bin/env bash
fly deploy --app "$APP" | tee deploy.log
./notify-slack.sh "deployed $APP"
```

Use instead:
```bash
#!/usr/bin/env bash
set -euo pipefail
fly deploy --app "$APP" | tee deploy.log
./notify-slack.sh "deployed $APP"
```

## Fix safety
Unsafe: the fix adds `set -euo pipefail` (`set -eu` for POSIX sh) after the shebang and the
comment header, or rewrites an existing `set -e` line. Commands that are expected to fail
(`grep` with no match, `test` at the end of a function) and unset optional variables (`$1`)
then stop the script, so review them (`cmd || true`, `${1:-default}`).

## References
- Bash manual, The Set Builtin: https://www.gnu.org/software/bash/manual/html_node/The-Set-Builtin.html
- ShellCheck SC3040 (pipefail in POSIX sh), SC2311/SC2312 (masked exit codes, optional checks)
- hadolint DL4006 (pipefail in Dockerfile RUN)
- CWE-754: Improper Check for Unusual or Exceptional Conditions
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.shell import ShellScript
from flylint.linter.registry import RuleContext, rule
from flylint.rules.shell._common import (
    BASH_LIKE,
    has_pipeline,
    parse_set,
    set_commands,
    shebang_flags,
    shell_of,
)

_WHY = {
    "errexit": "a failed fly command does not stop the script, which still exits 0",
    "nounset": 'an unset variable silently expands to "" (`--app ""` deploys whatever fly.toml is nearby)',
    "pipefail": "a failure inside a pipeline is ignored",
}
_LIBRARY = lazy(r"(lib|common|util|helper|function|strict|shared)", re.IGNORECASE)


@rule(code="SH001", name="missing-strict-mode", target="shell", severity="warning", fix="unsafe",
      tags=("reliability", "deploy"), cwe=(754,), controls=("SOC2-CC8.1", "REVIEW-B4"))
def check(script: ShellScript, ctx: RuleContext) -> Iterator[Violation]:
    source = script.source
    if source is None or _sources_library(script):
        return
    shell = shell_of(script)
    if shell not in BASH_LIKE and shell not in ("sh", "dash", "ash", "busybox"):
        return  # fish, python …: not a POSIX-style shell
    bash_like = shell in BASH_LIKE
    on, _ = shebang_flags(script)
    sets = set_commands(script)
    for sc in sets:
        on |= sc.on
    need = ["errexit", "nounset"]
    if bash_like and has_pipeline(script):
        need.append("pipefail")
    missing = [n for n in need if n not in on]
    if not missing:
        return
    flags = "-euo pipefail" if bash_like else "-eu"
    shown = {"errexit": "-e", "nounset": "-u", "pipefail": "-o pipefail"}
    missing_text = ", ".join(f"{shown[m]} ({m})" for m in missing)
    why = "; ".join(_WHY[m] for m in missing)
    existing = next((sc for sc in sets if sc.on & {"errexit", "nounset", "pipefail"}), None)
    text = source.text
    if existing is not None:
        cmd = existing.command
        span = source.span(cmd.start, cmd.end)
        fix = None
        if existing.simple:
            letters = ["e", "u"] + [c for c in existing.letters if c not in ("e", "u")]
            longs = [n for n in existing.long_on if n not in ("errexit", "nounset", "pipefail")]
            want_pipefail = "pipefail" in existing.on or (bash_like and "pipefail" in need)
            new = "set -" + "".join(letters) + ("o pipefail" if want_pipefail else "")
            new += "".join(f" -o {n}" for n in longs)
            fix = Fix(f"Replace with `{new}`", (Edit(cmd.start, cmd.end, new),), Applicability.UNSAFE)
        message = f"`{text[cmd.start:cmd.end]}` leaves out {missing_text}: {why}; use `set {flags}`"
        yield Violation(span, message, fix)
        return
    pos = _insert_at(text, bool(script.shebang))
    insert = f"set {flags}\n"
    if pos > 0 and text[pos - 1] != "\n":
        insert = "\n" + insert.rstrip("\n")
    fix = Fix(f"Insert `set {flags}`", (Edit(pos, pos, insert),), Applicability.UNSAFE)
    shebang_note = f" ({script.shebang})" if script.shebang else ""
    first = next((c for c in script.commands if not c.nested and (c.words or c.assignments)), None)
    if first is None:
        return
    yield Violation(
        source.span(first.start, first.end),
        f"deploy script{shebang_note} does not set {missing_text}: {why}; add `set {flags}` before the first command",
        fix,
    )


def _insert_at(text: str, has_shebang: bool) -> int:
    """Offset after the shebang and the comment header that follows it."""
    pos = 0
    if has_shebang:
        nl = text.find("\n")
        if nl == -1:
            return len(text)
        pos = nl + 1
    while pos < len(text):
        nl = text.find("\n", pos)
        line = text[pos : len(text) if nl == -1 else nl]
        if not line.lstrip().startswith("#"):
            break
        if nl == -1:
            return len(text)
        pos = nl + 1
    return pos


def _sources_library(script: ShellScript) -> bool:
    for cmd in script.commands:
        if cmd.nested:
            continue
        argv = cmd.argv
        if len(argv) >= 2 and argv[0].text in ("source", ".") and not parse_set(cmd):
            target = argv[1].text.rsplit("/", 1)[-1]
            if _LIBRARY.search(target) and not target.endswith(".env"):
                return True
    return False
