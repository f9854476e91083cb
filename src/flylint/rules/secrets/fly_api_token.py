"""Fly.io API token written into a file.

## What it does
Finds Fly.io tokens (macaroons such as `FlyV1 fm2_…`, and `fo1_…` tokens) in fly.toml,
Dockerfiles, deploy scripts and workflows. The token is never printed; messages show a
redacted form.

## Why is this bad?
A Fly.io token is a credential for your organisation: depending on how it was created it can
deploy, read secrets, open SSH sessions and destroy apps. Committed to a repository or a
script it is readable by everyone who can read the code, and it stays in git history after
the line is removed.

## Severity
Error: a Fly.io token has a recognisable format, so the file shows a real credential that gives
access to the organisation.

## Example
```bash
export FLY_API_TOKEN="FlyV1 fm2_…(the rest of the token)"
fly deploy --app my-app
```

Use instead:
```bash
# FLY_API_TOKEN comes from the CI secret store, created with `fly tokens create deploy`
fly deploy --app my-app
```

## Fix safety
No fix: revoke the token (`fly tokens revoke`), create a narrowly scoped deploy token with
`fly tokens create deploy`, and store it in your CI secret store.

## References
- Fly.io access tokens: https://fly.io/docs/security/tokens/
- CWE-798: Use of Hard-coded Credentials
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.secrets import iter_lines_with_secrets
from flylint.linter.model import Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile

FLY_TOKEN_KIND = "Fly.io API token"


@rule(code="SEC002", name="fly-api-token", target=("fly_toml", "dockerfile", "shell", "workflow"),
      severity="error", input="source", tags=("security", "secrets"), cwe=(798,),
      controls=("SOC2-CC6.1", "PCI-DSS-8.6.2", "PCI-DSS-8.3.2", "HIPAA-164.312(a)(1)", "REVIEW-S1"),
                security_severity=9.5)
def check(source: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    for line_start, hit in iter_lines_with_secrets(source.text):
        if hit.kind != FLY_TOKEN_KIND:
            continue
        yield Violation(
            source.span(line_start + hit.start, line_start + hit.end),
            f"Fly.io API token hardcoded in the file ({hit.redacted}): revoke it with `fly tokens revoke` and "
            "pass a deploy token (`fly tokens create deploy`) through the FLY_API_TOKEN environment variable",
            snippet=f"fly-token:{hit.redacted}",
        )
