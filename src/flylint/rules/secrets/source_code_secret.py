"""Secret with a known format in application source code (opt-in).

## What it does
When selected (`--extend-select SEC007`, or `extend-select = ["SEC007"]` in the configuration),
flylint also reads the application source files of a Fly.io project (`*.py`, `*.rb`, `*.js`,
`*.ts`, `*.go`, `*.ex`, `*.php`, `*.java`, `*.rs`, shell scripts and templates …; not minified
or generated files, nor files under vendored, fixture, test, example and documentation folders
or over 256 KiB) and reports values in a known format: Fly.io tokens, GitHub tokens (`ghp_`,
`gho_`, `ghs_`, `github_pat_`), OpenAI and Anthropic keys, SendGrid, Slack, Stripe live keys,
AWS keys, private key blocks, passwords in URLs with a generated password, and the other
formats of detect-secrets. Unlike the env and config rules, a credential-looking variable name
is not enough: source code is full of test values, so only the value's format counts. The
value is never printed.

## Why is this bad?
A key in the code is in every clone, every fork and every image built from the repository, and
it stays in git history after it is removed. On Fly.io the app reads it from the environment,
set with `fly secrets set`.

## Severity
Error: every finding is a secret in a known format with evidence (documentation keys,
placeholder-filled formats and fake key blocks are not reported); the rule is off by default
because reading source code is outside what most runs want from a deployment linter.

## Example
```python
stripe.api_key = "sk_live_51H8xY2eZvKYlo2C0aBcDeFgHiJkLmNoPq"
```

Use instead:
```python
stripe.api_key = os.environ["STRIPE_SECRET_KEY"]  # fly secrets set STRIPE_SECRET_KEY=…
```

## Fix safety
No fix: the secret must be rotated and moved to `fly secrets` by a person.

## References
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- detect-secrets: https://github.com/Yelp/detect-secrets
- gitleaks, trufflehog (general secret scanners for source code)
- CWE-798: Use of Hard-coded Credentials
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile
from flylint.rules.secrets._files import file_secrets

ADVICE = "rotate it and read it from the environment, set with `fly secrets set`"


@rule(code="SEC007", name="source-code-secret", target="source_file", severity="error", input="source",
      tags=("security", "secrets"), cwe=(798,), default_enabled=False, security_severity=8.5)
def check(source: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    name = os.path.basename(source.path)
    for s in file_secrets(source, by_name=False):
        yield Violation(
            source.span(s.start, s.end),
            f"{s.kind} ({s.redacted}) hardcoded in source file {name}: {ADVICE}",
            snippet=f"{s.kind}:{s.redacted}",
        )
