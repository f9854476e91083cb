"""`apt` is used in a `RUN` where the scriptable `apt-get` is meant.

## What it does
Flags `apt install`, `apt update`, `apt remove`, `apt purge`, `apt autoremove`, `apt upgrade`,
`apt full-upgrade` and `apt clean` in `RUN` instructions of any stage.

## Why is this bad?
`apt` is the interactive front end: its output and behaviour may change between releases and
it warns "apt does not have a stable CLI interface. Use with caution in scripts." `apt-get` is
the stable interface meant for scripts and Dockerfiles.

## Severity
Info: `apt` works in builds but warns that its interface is not stable for scripts: style.

## Example
```dockerfile
RUN apt update && apt install -y --no-install-recommends curl
```

Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety
Safe for `install`, `update`, `remove`, `purge`, `autoremove` and `clean`, which behave the same
in `apt-get`. `apt upgrade`/`full-upgrade` are flagged without a fix: `apt upgrade` may install
new packages, which `apt-get upgrade` never does.

## References
- hadolint DL3027; checkov CKV_DOCKER_9
- CWE-1104
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import run_commands

_SAME = {"install", "update", "remove", "purge", "autoremove", "clean", "autoclean"}
_DIFFERENT = {"upgrade", "full-upgrade", "dist-upgrade"}


@rule(code="DKR022", name="apt-instead-of-apt-get", target="dockerfile", severity="info", fix="safe",
      tags=("best-practice",), cwe=(1104,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for _ins, cmd in run_commands(df):
        call = pkg_call(cmd)
        if call is None or call.tool != "apt" or call.sub_word is None:
            continue
        if call.sub not in _SAME and call.sub not in _DIFFERENT:
            continue
        word = call.tool_word
        fix = None
        if call.sub in _SAME and word.text == "apt":
            fix = Fix("Use apt-get", (Edit(word.start, word.end, "apt-get"),), Applicability.SAFE)
        target = "apt-get dist-upgrade" if call.sub == "full-upgrade" else f"apt-get {call.sub}"
        yield Violation(
            df.span(word.start, call.sub_word.end),
            f"`apt {call.sub}` is meant for interactive use and has no stable CLI; use `{target}` in Dockerfiles",
            fix,
        )
