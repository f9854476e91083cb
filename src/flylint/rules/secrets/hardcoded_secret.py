"""Hardcoded secret in a file that is committed or baked into the image.

## What it does
Finds credentials with a recognisable format anywhere in fly.toml, Dockerfiles, deploy
scripts and workflows: cloud and SaaS keys (AWS, Stripe, GitHub, GitLab, Slack, Twilio,
SendGrid, OpenAI, npm, PyPI …, via detect-secrets' format detectors), private keys, JSON Web
Tokens, and passwords embedded in URLs (`postgres://user:password@host/db`). Values built from
variables (`${DB_PASSWORD}`) and obvious placeholders are ignored. Fly.io tokens have their
own rule, `fly-api-token`. The secret itself is never printed: messages show a redacted form
such as `sk_l…(32 chars)`.

## Why is this bad?
Anything in these files ends up in git history, in CI logs and, for `[env]`, `ENV` and `ARG`,
in the image and the Machine config, where anyone with read access to the repository or the
image can use it. Deleting the line later does not help: the value stays in history and must
be rotated.

## Severity
Error when the value is shown to be a secret (a known token format or a value that looks
generated); lowered to warning when the evidence is weaker, and placeholders are not reported.

## Example
```toml
[env]
  DATABASE_URL = "postgres://app:s3cretpassw0rd@db.internal:5432/app"
```

Use instead:
```bash
fly secrets set DATABASE_URL="$DATABASE_URL"   # value comes from your shell or CI secret store
```

## Fix safety
No fix: the secret must be rotated and moved to `fly secrets` by a person.

## References
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- detect-secrets: https://github.com/Yelp/detect-secrets
- CIS Docker Benchmark 4.10; checkov CKV_SECRET_*; trivy DS-0031; hadolint DL3064
- CWE-798: Use of Hard-coded Credentials
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.secrets import iter_lines_with_secrets
from flylint.linter.model import Severity, Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile

FLY_TOKEN_KIND = "Fly.io API token"


@rule(code="SEC001", name="hardcoded-secret", target=("fly_toml", "dockerfile", "shell", "workflow"),
      severity="error", input="source", tags=("security", "secrets"), cwe=(798,),
      controls=("CIS-4.10", "SOC2-CC6.1", "PCI-DSS-8.6.2", "PCI-DSS-8.3.2", "HIPAA-164.312(a)(1)",
                "GDPR-32(1)(b)", "REVIEW-S1"),
      security_severity=9.1)
def check(source: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    for line_start, hit in iter_lines_with_secrets(source.text):
        if hit.kind == FLY_TOKEN_KIND:
            continue
        start, end = line_start + hit.start, line_start + hit.end
        if hit.strong:
            yield Violation(
                source.span(start, end),
                f"{hit.kind} hardcoded in the file ({hit.redacted}): rotate it and load it at run time with "
                "`fly secrets set`/`fly secrets import` (or `fly deploy --build-secret` for builds)",
                snippet=f"{hit.kind}:{hit.redacted}",
            )
        else:
            yield Violation(
                source.span(start, end),
                f"{hit.kind} hardcoded in the file ({hit.redacted}, a human-chosen word rather than a generated "
                "key): move the URL to `fly secrets set` and give the account a generated password",
                snippet=f"{hit.kind}:{hit.redacted}",
                severity=Severity.WARNING,
            )
