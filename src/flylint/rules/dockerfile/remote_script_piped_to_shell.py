"""A `RUN` downloads a script and executes it without checking what it got.

## What it does
Flags `RUN` commands that feed a download straight into an interpreter:
`curl … | sh`, `wget -qO- … | sudo bash -s --`, `curl … | python3 -` (an interpreter reading
the program from stdin), `sh -c "$(curl …)"`, `eval "$(curl …)"`, `bash <(curl …)` and
`source <(curl …)`. A pipe into a program that only reads data (`curl … | tar xz`,
`curl … | python3 -c 'import json …'`, `curl … | gpg --dearmor`) is not flagged, and neither is
a download to a file that is checked before it runs. Heredoc `RUN <<EOF` bodies are checked
too; every stage is checked, since a compromised builder poisons what it builds.

## Why is this bad?
Whatever the server (or anyone between you and it) returns is executed as root in the build.
There is no record of what ran, a truncated download can run half a script, and the next build
may run a different script under the same URL.

## Example
```dockerfile
RUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
```

Use instead:
```dockerfile
RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_22.x \
    && echo "<sha256 of the reviewed script>  /tmp/setup.sh" | sha256sum -c - \
    && bash /tmp/setup.sh && rm /tmp/setup.sh
```
or install from the distribution's signed packages, or `COPY --from=` an official image.

## Fix safety
No fix: the checksum has to come from a reviewed copy of the script.

## References
- Gap in hadolint (DL4006 only asks for pipefail), checkov and trivy (rule-anchors §H)
- CIS Docker Benchmark 4.11 (use only verified packages)
- CWE-494: Download of Code Without Integrity Check
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.parsers.shell import Command, ShellScript
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import (
    SHELL_NAMES,
    basename,
    parse_args,
    posix_shell,
    stage_chain,
)

_INTERPRETERS = lazy(r"^(python[0-9.]*|perl|ruby|node|php[0-9.]*|pwsh|deno|bun)$")
_CURL_ARG = "bcCdDeEFHKmoPQrtTuUwxXyYz"
_WGET_ARG = "OoaAdDeiIlnPQRTtUwYyBhX"


def fetches_to_stdout(cmd: Command) -> bool:
    """True for ``curl``/``wget`` invocations whose download goes to standard output."""
    argv = cmd.effective_argv()
    if not argv:
        return False
    name = basename(argv[0])
    if name == "curl":
        opts, _ = parse_args(argv[1:], _CURL_ARG, ("output", "remote-name-all", "config", "header", "data", "user"))
        return not any(o.name in ("-o", "--output", "-O", "--remote-name", "--remote-name-all") and
                       o.value not in ("-", "/dev/stdout") for o in opts)
    if name == "wget":
        opts, _ = parse_args(argv[1:], _WGET_ARG, ("output-document",))
        return any(o.name in ("-O", "--output-document") and o.value in ("-", "/dev/stdout") for o in opts)
    return False


def runs_stdin(cmd: Command) -> bool:
    """True when ``cmd`` is an interpreter that takes its program from standard input."""
    argv = cmd.effective_argv()
    if not argv:
        return False
    name = basename(argv[0])
    rest = [w.text for w in argv[1:]]
    if name in SHELL_NAMES:
        opts, operands = parse_args(argv[1:], "o", ("rcfile", "init-file"))
        if any(o.name == "-c" for o in opts):
            return False
        return not operands or any(o.name == "-s" for o in opts) or operands[0].text == "-"
    if _INTERPRETERS.match(name):
        return not rest or rest[0] == "-" or (name.startswith("php") and rest[0] == "--")
    return False


def remote_executions(script: ShellScript) -> Iterator[tuple[Command, Command]]:
    """(downloader, executor) pairs in ``script``."""
    cmds = script.commands
    for pipeline in script.pipelines():
        for i, cmd in enumerate(pipeline[:-1]):
            if fetches_to_stdout(cmd):
                for later in pipeline[i + 1 :]:
                    if runs_stdin(later):
                        yield cmd, later
                        break
    for k, cmd in enumerate(cmds):
        argv = cmd.effective_argv()
        if not argv:
            continue
        name = basename(argv[0])
        # sh -c "$(curl …)", eval "$(curl …)", source <(curl …), bash <(curl …)
        subst_words = []
        if name in SHELL_NAMES:
            for j, w in enumerate(argv[1:-1], 1):
                if w.text == "-c" and argv[j + 1].has_substitution:
                    subst_words.append(argv[j + 1])
        elif name == "eval":
            subst_words = [w for w in argv[1:] if w.has_substitution]
        for w in subst_words:
            for inner in cmds:
                if inner.nested and w.start <= inner.start < w.end and fetches_to_stdout(inner):
                    yield inner, cmd
                    break
        if ((name in SHELL_NAMES or name in ("source", "."))
                and cmd.op_after == "(" and any(r.op == "<" and r.target is None for r in cmd.redirects)
                and k + 1 < len(cmds) and fetches_to_stdout(cmds[k + 1])):
            yield cmds[k + 1], cmd


@rule(code="DKR005", name="remote-script-piped-to-shell", target="dockerfile", severity="warning",
      tags=("security", "supply-chain"), cwe=(494,), controls=("CIS-4.11", "SOC2-CC8.1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for stage in df.stages:
        chain = stage_chain(df, stage)
        for ins in stage.instructions:
            if ins.keyword != "RUN" or (ins.exec_form is not None and not ins.heredocs):
                continue
            if not posix_shell(chain, ins):
                continue
            for fetch, run in remote_executions(ins.shell()):
                url = next((w.text for w in fetch.words if re.match(r"(?i)^(https?|ftp)://", w.text)), None)
                what = f"`{url}`" if url else "a download"
                tool = basename(fetch.effective_argv()[0])
                runner = basename(run.effective_argv()[0])
                start, end = min(fetch.start, run.start), max(fetch.end, run.end)
                yield Violation(
                    df.span(start, end),
                    f"{tool} output ({what}) is executed by {runner} without any integrity check; download "
                    "it to a file, verify its sha256 (`sha256sum -c`) and then run it, or install a signed package",
                )
