"""Configuration file the project ships (`*.yml`, `*.json`, `*.toml`, `*.ini`, `*.properties`) with a real secret.

## What it does
Reads the configuration files of the project — YAML, JSON, TOML, INI and Java properties files
outside `node_modules`, vendored, generated, test-fixture, example and documentation folders;
not lockfiles (`package-lock.json`, `pnpm-lock.yaml` …), minified files, `*.example.*`,
`*.sample.*` or `*.template.*` files, nor files over 256 KiB — and reports each value that is a
real secret with evidence:

- a value in a known format: Fly.io tokens, GitHub tokens (`ghp_`, `gho_`, `ghs_`,
  `github_pat_`), OpenAI and Anthropic keys, SendGrid, Slack, Stripe live keys, AWS keys,
  private key blocks (a service-account JSON's `private_key`), passwords in URLs, and the other
  formats of detect-secrets;
- a credential-named key (`client_secret`, `secret_key_base`, `jwt.secret`, `password`) whose
  value looks machine-generated.

Placeholders, human-chosen words (`postgres` in a compose file), values built from variables
(`${DB_PASSWORD}`), encrypted values (SOPS `ENC[…]`, ansible-vault), public-by-design keys,
integrity hashes and fake key blocks stay silent. fly configs and workflows have their own
rules (`hardcoded-secret`, `secret-in-env`). The value is never printed.

## Why is this bad?
A configuration file is committed and usually copied into the image with the rest of the
code, so its secrets are readable by everyone with access to the repository or the image, and
they stay in git history after the line is removed. On Fly.io, secrets are set with
`fly secrets set` and read from the environment at run time.

## Severity
Error: every finding is a real secret shown with evidence (a known token format, or a
credential-named value that looks machine-generated); human-chosen words and placeholders are
not reported at all.

## Example
```yaml
# config/production.yml
stripe:
  secret_key: sk_live_51H8xY2eZvKYlo2C0aBcDeFgHiJkLmNoPq
```

Use instead:
```yaml
stripe:
  secret_key: ${STRIPE_SECRET_KEY}   # set with `fly secrets set STRIPE_SECRET_KEY=…`
```

## Fix safety
No fix: the secret must be rotated and moved to `fly secrets` by a person.

## References
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- detect-secrets: https://github.com/Yelp/detect-secrets
- checkov CKV_SECRET_*; trivy secret scanning; gitleaks
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


@rule(code="SEC006", name="config-file-secret", target="config_file", severity="error", input="source",
      tags=("security", "secrets"), cwe=(798,),
      controls=("CIS-4.10", "SOC2-CC6.1", "PCI-DSS-8.6.2", "PCI-DSS-8.3.2", "HIPAA-164.312(a)(1)",
                "GDPR-32(1)(b)", "REVIEW-S1"),
      security_severity=8.5)
def check(source: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    name = os.path.basename(source.path)
    if "kind: SealedSecret" in source.text or "\nsops:" in source.text or '"sops":' in source.text:
        return  # encrypted for the repository on purpose
    for s in file_secrets(source, by_name=True):
        what = s.kind or "a literal that looks generated"
        where = f"{s.key} holds {what}" if s.key else f"{what} is written"
        yield Violation(
            source.span(s.start, s.end),
            f"{where} ({s.redacted}) in config file {name}: {ADVICE}",
            snippet=f"{s.key}:{s.kind}:{s.redacted}",
        )
