"""A failed download piped into a filter lets the build go on with an empty result.

## What it does
Flags a `RUN` pipeline that sends a download (`curl URL`, `wget -O- URL`) into a command that
succeeds on empty input (`jq`, `tee`, `sed`, `awk`, `cut`, `tr`, `head`, `tail`, `sort`,
`uniq`, `cat`, `base64`, `xargs`, `envsubst`) when `pipefail` is not on: no
`SHELL [..., "-o", "pipefail", ...]` before it, no `set -o pipefail` earlier in the same `RUN`.

Pipes whose consumer fails on empty input (`tar`, `gunzip`, `gpg --dearmor`, `apt-key add`)
stop the build anyway and are not flagged; pipes into a shell or interpreter are DKR005.

## Why is this bad?
A pipeline's exit status is the last command's. When the download fails (DNS, a timeout, a
rate limit with `curl -f`), `jq` or `tee` read nothing, succeed, and the build carries on:
`~/.ssh/known_hosts` ends up empty, a config file is blank, and the failure shows up later, at
run time, far from its cause. `pipefail` makes the download's failure fail the `RUN`.

## Severity
Warning: without pipefail a failed download lets the build go on with an empty result;
reviewers ask for `set -o pipefail`.

## Example
```dockerfile
FROM node:22.11.0-alpine
RUN curl -s https://api.github.com/meta | jq -r '"github.com " + .ssh_keys[]' >> /etc/ssh/ssh_known_hosts
```

Use instead:
```dockerfile
FROM node:22.11.0-alpine
RUN set -o pipefail && curl -fsS https://api.github.com/meta \
    | jq -r '"github.com " + .ssh_keys[]' >> /etc/ssh/ssh_known_hosts
```
(on Debian-based images, whose `/bin/sh` is dash, use `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`)

## Fix safety
No fix: where bash is not installed the shell cannot simply be switched.

## References
- hadolint DL4006 (set `-o pipefail` before a `RUN` with a pipe); ShellCheck SC3040
- Docker: https://docs.docker.com/build/building/best-practices/#using-pipes
- CWE-252: Unchecked Return Value
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile, Instruction
from flylint.linter.parsers.shell import Command
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._binsh import DASH, sh_family
from flylint.rules.dockerfile._remote import fetches_to_stdout, runs_stdin
from flylint.rules.dockerfile._util import basename, fly_config, is_posix, shell_in_effect

_SILENT_ON_EMPTY = frozenset({"jq", "tee", "sed", "awk", "gawk", "mawk", "cut", "tr", "head", "tail", "sort",
                              "uniq", "cat", "base64", "xargs", "envsubst"})
_PIPEFAIL = lazy(r"\bset\s+(-[A-Za-z]*o\s+|-o\s+)pipefail\b|\bset\s+-[A-Za-z]*\s+-o\s+pipefail\b|-o\s+pipefail")


def _has_pipefail(shell: Instruction | None) -> bool:
    return shell is not None and "pipefail" in " ".join(shell.exec_form or [])


def _pipefail_before(ins: Instruction, offset: int, text: str) -> bool:
    return bool(_PIPEFAIL.search(text[ins.start : offset]))


@rule(code="DKR039", name="download-pipe-without-pipefail", target="dockerfile", severity="warning",
      tags=("correctness", "reliability"), cwe=(252,), controls=("SOC2-CC8.1",))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    cfg = fly_config(df, ctx)
    text = df.source.text
    for stage in df.stages:
        for ins, shell in shell_in_effect(df, stage):
            if ins.keyword != "RUN" or (ins.exec_form is not None and not ins.heredocs):
                continue
            if not is_posix(shell) or _has_pipefail(shell):
                continue
            script = ins.shell()
            for pipeline in script.pipelines():
                hit = _silent_pipe(pipeline)
                if hit is None or _pipefail_before(ins, hit[0].start, text):
                    continue
                fetch, consumer = hit
                tool = basename(fetch.effective_argv()[0])
                sink = basename(consumer.effective_argv()[0])
                advice = ("add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN (`/bin/sh` is "
                          "dash here)" if sh_family(df, stage, ins, cfg) == DASH else
                          "start the RUN with `set -o pipefail &&` (or set it with `SHELL`)")
                word = fetch.effective_argv()[0]
                yield Violation(
                    df.span(word.start, word.end),
                    f"`{tool} … | {sink}`: if the download fails, {sink} reads nothing and succeeds, and the build "
                    f"goes on with an empty result; {advice}"
                    + (", and add `-f` so HTTP errors fail too" if tool == "curl" and not _fails(fetch) else ""),
                )


def _fails(cmd: Command) -> bool:
    """curl already exits non-zero on HTTP errors (``-f``, ``--fail``, ``--fail-with-body``)."""
    return any(w.text.startswith("--fail") or (w.text.startswith("-") and not w.text.startswith("--") and "f" in w.text)
               for w in cmd.effective_argv()[1:])


def _silent_pipe(pipeline: list[Command]) -> tuple[Command, Command] | None:
    for i, cmd in enumerate(pipeline[:-1]):
        if not fetches_to_stdout(cmd):
            continue
        rest = pipeline[i + 1 :]
        if any(runs_stdin(c) for c in rest):
            return None  # DKR005 reports it
        for later in rest:
            argv = later.effective_argv()
            if argv and basename(argv[0]) not in _SILENT_ON_EMPTY:
                return None  # a consumer that fails on empty input stops the pipeline's success
        last = rest[-1].effective_argv()
        if last:
            return cmd, rest[0]
    return None
