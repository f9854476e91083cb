"""A literal Fly.io token written after `--access-token`.

## What it does
Flags `fly`/`flyctl` commands in deploy scripts, workflow `run:` steps and Dockerfile `RUN`
whose `--access-token`/`-t` value is written literally in the file (not a variable, a command
substitution or a placeholder such as `<token>`). Values in the `FlyV1 fm2_…` token format are
already reported by `fly-api-token` and are skipped here; this rule catches the rest (older
personal tokens, tokens with stripped prefixes). The token is never printed.

## Why is this bad?
The token is committed with the script: everyone who can read the repository, its forks and its
history can deploy, read secrets and destroy apps in the organisation until it is revoked. It is
also visible in `ps` and shell history whenever the script runs.

## Severity
Error: the script shows a real Fly.io token written literally on the command line.

## Example
```bash
flyctl deploy --app my-app -t 3b8a1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d
```

Use instead:
```bash
# FLY_API_TOKEN comes from the CI secret store (fly tokens create deploy)
flyctl deploy --app my-app
```

## Fix safety
No fix: revoke the token (`fly tokens revoke`) and create a new deploy token.

## References
- Fly.io access tokens: https://fly.io/docs/security/tokens/
- CWE-798: Use of Hard-coded Credentials; CWE-214
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.secrets import is_placeholder, redact, scan_value
from flylint.linter.model import Violation
from flylint.linter.parsers.commands import ScriptModel
from flylint.linter.registry import RuleContext, rule
from flylint.rules.shell._token_flag import token_flags


@rule(code="SH004", name="access-token-literal", target=("shell", "workflow", "dockerfile"),
      severity="error", tags=("security", "secrets"), cwe=(798, 214),
      controls=("SOC2-CC6.1", "PCI-DSS-8.6.2", "HIPAA-164.312(a)(1)", "CIS-4.10", "REVIEW-S2"), security_severity=9.0)
def check(model: ScriptModel, ctx: RuleContext) -> Iterator[Violation]:
    for tf in token_flags(model):
        value = tf.value
        text = tf.text.strip()
        if value is None or value.has_expansion or not text or is_placeholder(text):
            continue
        if len(text) < 8 or any(h.kind == "Fly.io API token" for h in scan_value(text)):
            continue  # too short to be a token / reported by fly-api-token
        yield Violation(
            tf.site.source.span(value.start, value.end),
            f"a Fly.io token is written literally after `{tf.name}` "
            f"({redact(text)}): revoke it with `fly tokens revoke`, create a deploy token and pass it through the "
            "FLY_API_TOKEN environment variable",
            snippet=f"access-token-literal:{redact(text)}",
        )
