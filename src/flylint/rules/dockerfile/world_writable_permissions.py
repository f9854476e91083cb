"""Files or directories in the image are made writable by every user.

## What it does
Flags, in the stage Fly runs and the stages it is built `FROM`: `chmod` with a mode that gives
"others" write permission (`777`, `666`, `-R 777`, `o+w`, `a+w`, `a=rwx` …), `mkdir -m`/`install
-m` with such a mode, and `COPY`/`ADD --chmod=` with one. Modes with the sticky bit (`1777`,
the usual mode of `/tmp`) and modes set through variables are not flagged.

## Why is this bad?
World-writable files let any process in the Machine — including one that an attacker started
through a bug in a dependency running as an unprivileged user — rewrite application code,
configuration or scripts that a more privileged process later runs. It is usually a shortcut
for a permission problem that `chown` or `COPY --chown` solves properly.

## Severity
Warning: world-writable files let any process in the Machine change the app; a reviewer asks
for narrower permissions. Not shown to be exploitable, so not an error.

## Example
```dockerfile
RUN chmod -R 777 /app
```

Use instead:
```dockerfile
COPY --chown=app:app . /app
RUN chmod -R u=rwX,go=rX /app
```

## Fix safety
No fix: the right owner and mode depend on which user writes where.

## References
- CIS Docker Benchmark 4.8 (setuid/setgid and file permissions), dockle CIS-DI-0008
- CWE-732: Incorrect Permission Assignment for Critical Resource
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.parsers.shell import Word
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import basename, fly_config, parse_args, run_chain, run_commands

_OCTAL = lazy(r"^[0-7]{3,4}$")
_CLAUSE = lazy(r"^([ugoa]*)([-+=][rwxXstugo]*)+$")


def world_writable(mode: str) -> bool:
    """True for octal or symbolic modes that give others write access (sticky bit excepted)."""
    mode = mode.strip()
    if _OCTAL.match(mode):
        value = int(mode, 8)
        return bool(value & 0o002) and not value & 0o1000
    if "$" in mode:
        return False
    for clause in mode.split(","):
        m = re.match(r"^([ugoa]*)(.*)$", clause)
        if not m or not _CLAUSE.match(clause):
            continue
        who, ops = m.group(1), m.group(2)
        if not who or not ("o" in who or "a" in who):
            continue
        for op in re.findall(r"[+=][rwxXstugo]*", ops):
            if "w" in op and "t" not in op:
                return True
    return False


@rule(code="DKR010", name="world-writable-permissions", target="dockerfile", severity="warning",
      tags=("security", "least-privilege"), cwe=(732,), controls=("SOC2-CC6.1",))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    chain = run_chain(df, ctx, fly_config(df, ctx))
    for stage in chain:
        for ins in stage.instructions:
            if ins.keyword in ("COPY", "ADD"):
                flag = ins.flag("chmod")
                if flag is not None and flag.value and world_writable(flag.value.strip("\"'")):
                    yield Violation(df.span(flag.start, flag.end),
                                    f"`{ins.keyword} --chmod={flag.value}` makes the files writable by every user; "
                                    "use `--chown=<app user>` with a mode such as 755/644")
    for _ins, cmd in run_commands(df, chain):
        argv = cmd.effective_argv()
        if not argv:
            continue
        name = basename(argv[0])
        if name == "chmod":
            _opts, operands = parse_args(argv[1:], "", ("reference",))
            if operands and world_writable(operands[0].text):
                yield _violation(df, operands[0], name, operands[0].text)
        elif name in ("mkdir", "install"):
            opts, _ = parse_args(argv[1:], "mgoS" if name == "install" else "m", ("mode", "owner", "group"))
            for o in opts:
                if o.name in ("-m", "--mode") and o.value is not None and world_writable(o.value):
                    yield _violation(df, o.word, f"{name} -m", o.value)


def _violation(df: Dockerfile, word: Word, tool: str, mode: str) -> Violation:
    return Violation(df.span(word.start, word.end),
                     f"`{tool} {mode}` makes files writable by every user in the Machine; give ownership to the "
                     "app user (`chown`/`COPY --chown`) and use a mode such as 755 or u=rwX,go=rX")
