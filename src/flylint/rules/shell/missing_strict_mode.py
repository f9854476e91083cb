"""Deploy script keeps going after a command fails.

## What it does
Flags a deploy script that does not turn on the shell's error handling:

- `errexit` (`set -e`): stop at the first failing command;
- `nounset` (`set -u`): treat an unset variable as an error instead of an empty string;
- `pipefail` (`set -o pipefail`): a pipeline fails when any part fails. Required only for
  bash, zsh and ksh scripts that contain a pipeline; POSIX `sh` (dash) may not have it, so
  for `#!/bin/sh` scripts the rule asks for `set -eu` only.

Each option is asked for only when the script needs it, and the message says why:

- `errexit` when a command that can fail (anything but `echo`, `export` and the like) is
  followed by more commands without `&&`, `||`, an `if` or a `$?` check — a one-line script
  whose only command is the deploy already exits with flyctl's status;
- `nounset` when a fly command expands a variable that the script never assigns, reads or tests
  (`[ -n "$APP" ]`, `${APP:-…}`), or a positional parameter without a `$#` check;
- `pipefail` (bash, zsh, ksh) when a fly command feeds a pipeline (`fly status | jq`,
  `fly deploy | tee log`), whose status would otherwise be the last command's.

A script that turns on `nounset` or `pipefail` but not `errexit` has chosen to handle failures
itself and is not asked for `-e`; variables are not judged in a script that sources another
file, which may set them.

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

## Severity
Warning: a deploy script that keeps going after a failure can report success for a failed
deploy; reviewers ask for `set -e` on most scripts. A script whose last command is the deploy
is not reported.

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
from flylint.linter.parsers.shell import Command, ShellScript
from flylint.linter.registry import RuleContext, rule
from flylint.rules.shell._common import (
    BASH_LIKE,
    parse_set,
    set_commands,
    shebang_flags,
    shell_of,
)

_WHY = {
    "errexit": "if {} fails the script goes on to the next command and its exit status is lost",
    "nounset": 'an unset {} silently expands to "" in a fly command (`--app ""` uses whatever fly.toml is nearby)',
    "pipefail": "in {} the pipeline's status is the last command's, so flyctl's failure is hidden",
}
# commands whose failure changes nothing that follows
_HARMLESS = frozenset({
    "echo", "printf", "true", ":", "read", "set", "shopt", "trap", "exit", "return", "local", "declare", "typeset",
    "readonly", "export", "unset", "sleep", "clear", "fi", "done", "esac", "then", "else", "{", "}", "do", "wait",
})
_CONDITION = frozenset({"if", "elif", "while", "until", "!"})
_ENV_GIVEN = lazy(r"^(HOME|PATH|PWD|OLDPWD|USER|SHELL|HOSTNAME|TERM|TMPDIR|CI|GITHUB_\w+|RUNNER_\w+|"
                  r"FLY_API_TOKEN|FLY_ACCESS_TOKEN|BASH_SOURCE|BASH_\w+|RANDOM|LINENO|SECONDS|UID|EUID|PPID|IFS)$")
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
    # ask only for what this script needs, with the evidence found in it
    # a script that turns on nounset or pipefail but not errexit handles failures itself, on purpose
    chosen = any(sc.on & {"nounset", "pipefail"} for sc in sets) and "errexit" not in on
    sources = any(c.argv and c.argv[0].text in ("source", ".") for c in script.commands)
    evidence = {
        "errexit": None if chosen else _unchecked_failure(script),
        "nounset": None if sources else _unset_in_fly_command(script),  # a sourced file may set them
        "pipefail": _masked_fly_failure(script) if bash_like else None,
    }
    missing = [n for n, found in evidence.items() if found and n not in on]
    if not missing:
        return
    flags = "-euo pipefail" if bash_like else "-eu"
    shown = {"errexit": "-e", "nounset": "-u", "pipefail": "-o pipefail"}
    missing_text = ", ".join(f"{shown[m]} ({m})" for m in missing)
    why = "; ".join(_WHY[m].format(evidence[m]) for m in missing)
    existing = next((sc for sc in sets if sc.on & {"errexit", "nounset", "pipefail"}), None)
    text = source.text
    if existing is not None:
        cmd = existing.command
        span = source.span(cmd.start, cmd.end)
        fix = None
        if existing.simple:
            letters = ["e", "u"] + [c for c in existing.letters if c not in ("e", "u")]
            longs = [n for n in existing.long_on if n not in ("errexit", "nounset", "pipefail")]
            want_pipefail = "pipefail" in existing.on or (bash_like and "pipefail" in missing)
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


def _name(cmd: Command) -> str:
    from flylint.linter.parsers.commands import fly_subcommand

    argv = cmd.effective_argv()
    if not argv:
        return ""
    head = argv[0].text.rsplit("/", 1)[-1]
    sub = fly_subcommand(cmd)
    return " ".join([head, *sub]) if sub else head


def _unchecked_failure(script: ShellScript) -> str | None:
    """A command whose failure goes unnoticed: not guarded, not the last, and not harmless.

    A fly command is named in preference to others (it is what the rule is about)."""
    top = [c for c in script.commands if not c.nested and (c.words or c.assignments)]
    work = [c for c in top
            if not (c.words and c.words[0].text in _HARMLESS and not c.assignments and len(c.words) == 1)]
    if not work:
        return None
    last = work[-1]
    found: list[str] = []
    for i, cmd in enumerate(top):
        if cmd is last or cmd.op_after in ("&&", "||", "|", "|&"):
            continue
        head = i
        while head > 0 and top[head - 1].op_after in ("|", "|&"):
            head -= 1  # the end of a pipeline stands for the whole pipeline
        first = top[head].words[0].text if top[head].words else ""
        if first in _CONDITION or parse_set(cmd):
            continue
        name = " | ".join(_name(c) for c in top[head : i + 1])
        if not cmd.words:  # an assignment: matters only when it runs a command
            if not any(w.has_substitution for w in cmd.assignments):
                continue
            name = cmd.assignments[0].text.split("=", 1)[0] + "=$(…)"
        elif head == i and name in _HARMLESS and not any(w.has_substitution for w in cmd.words):
            continue
        following = top[i + 1 : i + 2]
        if following and "$?" in script.text[following[0].start : following[0].end]:
            continue  # the status is checked right away
        found.append(f"`{name}`")
    return next((n for n in found if n.startswith(("`fly ", "`flyctl "))), found[0] if found else None)


def _assigned(script: ShellScript) -> set[str]:
    names: set[str] = set()
    for cmd in script.commands:
        for w in cmd.assignments:
            names.add(w.text.split("=", 1)[0].rstrip("+"))
        argv = cmd.effective_argv()
        if not argv:
            continue
        head = argv[0].text
        if head in ("export", "local", "declare", "typeset", "readonly", "read", "for", "getopts", "mapfile",
                    "readarray"):
            for w in argv[1:]:
                if not w.text.startswith("-"):
                    names.add(w.text.split("=", 1)[0])
    for m in re.finditer(r"\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b", script.text):
        names.add(m.group(1))
    return names


def _unset_in_fly_command(script: ShellScript) -> str | None:
    """A variable expanded in a fly command's arguments that nothing in the script sets or checks."""
    from flylint.linter.parsers.commands import fly_subcommand

    assigned = _assigned(script)
    text = script.text
    checked = set(re.findall(r"-[nz]\s+\"?\$\{?([A-Za-z_][A-Za-z0-9_]*)", text))
    checked |= set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=?+]", text))
    positional_checked = "$#" in text
    for cmd in script.commands:
        if not fly_subcommand(cmd):
            continue
        for w in cmd.effective_argv()[1:]:
            for m in re.finditer(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*|[0-9])\}|([A-Za-z_][A-Za-z0-9_]*|[0-9]))",
                                 text[w.start : w.end]):
                var = m.group(1) or m.group(2)
                if var.isdigit():
                    if var != "0" and not positional_checked and f"${{{var}:" not in text:
                        return f"${var}"
                    continue
                if var in assigned or var in checked or _ENV_GIVEN.match(var):
                    continue
                return f"${var}"
    return None


def _masked_fly_failure(script: ShellScript) -> str | None:
    """A pipeline in which a fly command is not the last part (``fly status | jq``)."""
    from flylint.linter.parsers.commands import fly_subcommand

    group: list[Command] = []
    for cmd in script.commands:
        if group and cmd.nested != group[-1].nested:
            group = []
        group.append(cmd)
        if cmd.op_after in ("|", "|&"):
            continue
        if group[-1].op_after == "||":
            group = []
            continue  # `… | … || true`: the failure is tolerated on purpose
        for part in group[:-1]:
            if fly_subcommand(part):
                return "`" + " | ".join(_name(c) for c in group) + "`"
        group = []
    return None
