"""`sudo` is used in a `RUN` instruction.

## What it does
Flags `sudo` (and `sudo -u …`) at the start of a command in a `RUN` instruction of any stage,
including heredoc bodies.

## Why is this bad?
`RUN` already runs as the current `USER` — root unless you switched. `sudo` only works if the
image ships a sudo binary with a password-less rule for the build user, which then stays in
the image as a ready-made privilege escalation for anyone who gets code execution in the
app. It also behaves unpredictably without a TTY and does not apply to shell redirections.

## Severity
Warning: `sudo` in a build step means the image carries sudo or runs it as a non-root user by
mistake; reviewers ask for it to go.

## Example
```dockerfile
USER app
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl
```

Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
USER app
```

## Fix safety
No fix: removing `sudo` is only right once the instruction runs as the user that needs the
privilege (move it before `USER`, or switch `USER` around it).

## References
- hadolint DL3004; checkov CKV2_DOCKER_1; trivy DS-0010; dockle DKL-DI-0001
- CWE-250: Execution with Unnecessary Privileges; CWE-269: Improper Privilege Management
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import basename, run_commands


@rule(code="DKR008", name="sudo-in-run", target="dockerfile", severity="warning",
      tags=("security", "least-privilege"), cwe=(250, 269),
      controls=("CIS-4.1", "SOC2-CC6.1", "SOC2-CC6.3", "REVIEW-B1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for _ins, cmd in run_commands(df):
        argv = cmd.argv
        if argv and basename(argv[0]) == "sudo":
            yield Violation(
                df.span(argv[0].start, argv[0].end),
                "`sudo` in RUN: RUN already runs as the current USER; run this step before switching to a "
                "non-root USER (or wrap it in `USER root` … `USER app`) and drop sudo from the image",
            )
