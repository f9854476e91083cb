"""Env file (`.env`, `.env.production` …) with real secret values in the project.

## What it does
Reads the env files found in the project (`.env` and `.env.<name>`; files that git ignores
are not found, and `.env.example`, `.env.sample`, `.env.template`, `.env.dist` and other
placeholder files are not read) and reports each value that is a real secret with evidence:

- a value in a known format: Fly.io tokens (`FlyV1 fm2_…`, `fo1_…`), GitHub tokens
  (`ghp_`, `gho_`, `ghs_`, `github_pat_`), OpenAI (`sk-proj-…`, `sk-…`) and Anthropic keys,
  SendGrid (`SG.…`), Slack (`xoxb-`, `xoxp-`, webhooks), Stripe live keys, AWS keys, private
  key blocks, passwords in URLs, and the other formats of detect-secrets;
- a credential-named variable (`SECRET_KEY_BASE`, `STRIPE_SECRET_KEY`, `DB_PASSWORD`) whose
  value looks machine-generated (random mixed characters, long hex).

Placeholders (`changeme`, `<token>`, `${OTHER}`), human-chosen words (`postgres`), URLs on
`localhost` or a compose service's default password, public-by-design keys
(`NEXT_PUBLIC_*`, publishable and anonymous keys) and fake key blocks stay silent. Env files
meant for tests (`.env.test`, `.env.testing`, `.env.ci`, `.env.e2e`, `.env.spec`) hold
fixtures: only known-format secrets are reported there. The value is never printed.

## Why is this bad?
An env file in the repository is a secret store anyone with read access to the code can open,
and its values stay in git history after the file is deleted. If the Docker build context
includes it, `COPY . .` bakes it into the image as well. Fly.io injects secrets at boot
from `fly secrets`; the file belongs in `.gitignore` and `.dockerignore`.

## Severity
Error: every finding is a real secret shown with evidence (a known token format, or a
credential-named value that looks machine-generated); human-chosen words and placeholders are
not reported at all.

## Example
```bash
# .env (committed)
SECRET_KEY_BASE=8f0c2a9d4b7e6f1a3c5d9e0b2a4c6e8f1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a
```

Use instead:
```bash
fly secrets import < .env            # once, from a copy that is not committed
git rm --cached .env && echo .env >> .gitignore && echo .env >> .dockerignore
```

## Fix safety
No fix: the values must be rotated, and the file removed from git and its history.

## References
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- `fly secrets import`: https://fly.io/docs/flyctl/secrets-import/
- detect-secrets: https://github.com/Yelp/detect-secrets
- GitHub secret scanning supported patterns: https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns
- CWE-798: Use of Hard-coded Credentials; CWE-312: Cleartext Storage of Sensitive Information
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.registry import RuleContext, rule
from flylint.linter.source import SourceFile
from flylint.rules.secrets._files import file_secrets

_TEST_VARIANT = re.compile(r"(?i)^\.env\.(?:[\w-]+[.\-_])?(test|testing|tests|ci|e2e|spec|jest|vitest|cypress|"
                           r"playwright)(?:[.\-_][\w.-]+)?$")
ADVICE = ("rotate it, load it with `fly secrets import`, and keep the file out of git (`git rm --cached`, "
          ".gitignore) and out of the image (.dockerignore)")


@rule(code="SEC005", name="env-file-secret", target="env_file", severity="error", input="source",
      tags=("security", "secrets"), cwe=(798, 312),
      controls=("CIS-4.10", "SOC2-CC6.1", "PCI-DSS-8.6.2", "PCI-DSS-8.3.2", "HIPAA-164.312(a)(1)",
                "GDPR-32(1)(b)", "REVIEW-S1"),
      security_severity=8.5)
def check(source: SourceFile, ctx: RuleContext) -> Iterator[Violation]:
    name = os.path.basename(source.path)
    by_name = not _TEST_VARIANT.match(name)
    for s in file_secrets(source, by_name=by_name):
        what = f"{s.kind} ({s.redacted})" if s.kind else f"a value that looks generated ({s.redacted})"
        where = f"{s.key} holds {what}" if s.key else f"{what} is written"
        yield Violation(
            source.span(s.start, s.end),
            f"{where} in env file {name}: {ADVICE}",
            snippet=f"{s.key}:{s.kind}:{s.redacted}",
        )
