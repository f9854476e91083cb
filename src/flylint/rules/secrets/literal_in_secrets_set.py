"""`fly secrets set` with a literal value in a script.

## What it does
Flags `fly secrets set NAME=value` (and `flyctl secrets set`) in deploy scripts, workflow
`run:` steps and Dockerfile `RUN` instructions when a value is written literally instead of
coming from a variable (`NAME="$NAME"`), a command substitution or standard input
(`NAME=-`). The value is never printed.

## Why is this bad?
A literal in the script is a secret committed to the repository, and the command line is
also visible in shell history, in `ps` output and in CI logs. `fly secrets import` reads
`NAME=value` lines from standard input, so the values never appear on a command line.

## Severity
Error when the literal looks generated; a literal that may be a default is a warning, and
settings set beside a secret are not reported.

## Example
```bash
fly secrets set --app my-app STRIPE_SECRET_KEY=sk_live_abc123def456
```

Use instead:
```bash
printf 'STRIPE_SECRET_KEY=%s\n' "$STRIPE_SECRET_KEY" | fly secrets import --app my-app
```

## Fix safety
No fix: the value has to be moved to a secret store and rotated.

## References
- `fly secrets import`: https://fly.io/docs/flyctl/secrets-import/
- CWE-214: Invocation of Process Using Visible Sensitive Information; CWE-798
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.secrets import STRONG, WEAK, credential_name, evidence, is_placeholder, scan_value
from flylint.linter.model import Severity, Violation
from flylint.linter.parsers.commands import ScriptModel, fly_subcommand, iter_commands
from flylint.linter.registry import RuleContext, rule


@rule(code="SEC004", name="literal-in-secrets-set", target=("shell", "workflow", "dockerfile"),
      severity="error", tags=("security", "secrets"), cwe=(214, 798),
      controls=("SOC2-CC6.1", "PCI-DSS-8.6.2", "REVIEW-S2"), security_severity=8.0)
def check(model: ScriptModel, ctx: RuleContext) -> Iterator[Violation]:
    for site in iter_commands(model):
        cmd = site.command
        if fly_subcommand(cmd) != ["secrets", "set"]:
            continue
        argv = cmd.effective_argv()
        seen_set = False
        for w in argv[1:]:
            if not seen_set:
                seen_set = w.text == "set"
                continue
            if w.text.startswith("-") or "=" not in w.text:
                continue
            name, _, value = w.text.partition("=")
            if w.has_expansion or value in ("", "-") or is_placeholder(value):
                continue
            grade = STRONG if scan_value(value) else evidence(value)
            if grade < STRONG and not (grade == WEAK and credential_name(name)):
                continue  # ENV=prod, LOG_LEVEL=INFO, a public URL: settings, not secrets
            yield Violation(
                site.source.span(w.start, w.end),
                f"`fly secrets set {name}=…` writes the secret literally into the {site.where}"
                + ("" if grade == STRONG else " (a human-chosen value, no sign of a generated key)")
                + f": pass it as {name}=\"${name}\" from the environment, or pipe NAME=value lines to "
                "`fly secrets import`",
                snippet=f"secrets-set:{name}",
                severity=None if grade == STRONG else Severity.WARNING,
            )
