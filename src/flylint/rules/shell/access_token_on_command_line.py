"""Fly.io token passed with `--access-token` on the command line.

## What it does
Flags `fly`/`flyctl` commands that pass the API token as an argument, `--access-token TOKEN`,
`--access-token=TOKEN` or `-t TOKEN`, when the token comes from a variable or a workflow
expression (`-t "$FLY_API_TOKEN"`, `-t ${{ secrets.FLY_API_TOKEN }}`). Checked in deploy
scripts, workflow `run:` steps and Dockerfile `RUN`. A literal token on the command line is
`access-token-literal` (error).

## Why is this bad?
Command-line arguments are not secret: every user on the machine can read them in `ps` and
`/proc/<pid>/cmdline` while the command runs, they are written to shell history, and
`set -x`, CI debug logging and process accounting print them. flyctl reads the token from the
`FLY_API_TOKEN` (or `FLY_ACCESS_TOKEN`) environment variable, which none of these show.

## Severity
Warning: a token on the command line is visible in the process list and shell history;
reviewers ask for FLY_API_TOKEN in the environment.

## Example
```bash
fly deploy --app my-app --access-token "$FLY_API_TOKEN"
```

Use instead:
```bash
export FLY_API_TOKEN   # already set by CI; flyctl reads it from the environment
fly deploy --app my-app
```

## Fix safety
No fix: removing the flag is only right when the variable is exported under the name flyctl
reads (`FLY_API_TOKEN`).

## References
- Fly.io access tokens: https://fly.io/docs/security/tokens/
- CWE-214: Invocation of Process Using Visible Sensitive Information
- zizmor/actionlint-style concern: secrets interpolated into `run:` scripts
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.commands import ScriptModel
from flylint.linter.registry import RuleContext, rule
from flylint.rules.shell._token_flag import token_flags


@rule(code="SH003", name="access-token-on-command-line", target=("shell", "workflow", "dockerfile"),
      severity="warning", tags=("security", "secrets"), cwe=(214,),
      controls=("SOC2-CC6.1", "PCI-DSS-8.6.3", "REVIEW-S2"))
def check(model: ScriptModel, ctx: RuleContext) -> Iterator[Violation]:
    for tf in token_flags(model):
        value = tf.value
        if value is None or not value.has_expansion:
            continue  # literal: access-token-literal
        start = tf.flag.start
        end = value.end
        yield Violation(
            tf.site.source.span(start, end),
            f"`{tf.name}` passes the Fly.io token "
            f"on the command line of the {tf.site.where}, where `ps`, shell history and `set -x` can show it: export "
            "FLY_API_TOKEN and drop the flag (flyctl reads the variable)",
            snippet=f"access-token-flag:{tf.site.where}",
        )
