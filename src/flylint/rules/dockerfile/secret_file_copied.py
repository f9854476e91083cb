"""A file that holds secrets is copied into the image.

## What it does
Flags `COPY`/`ADD` sources in the stage Fly runs (or the stages it is built `FROM`) that name a
secret-bearing file or directory: `.env` and `.env.<environment>` (not `.env.example`,
`.sample`, `.template`, `.dist`), `secrets.env`, SSH keys (`id_rsa`, `id_ed25519`, …), `*.key`,
`*.p12`/`*.pfx`, private-key `.pem` files (`privkey.pem`, `tls-key.pem`), `credentials.json`,
service-account and `client_secret*.json` files, `.netrc`, `.pypirc`, `.git-credentials`, and the
`.ssh`, `.aws`, `.gnupg` and `.docker` directories. `COPY --from` another stage is not checked.

## Why is this bad?
Everything copied into a layer stays in the image, even if a later step deletes it. Anyone
who can pull the image gets the keys, and they outlive the image: a rotated key in fly secrets
does not rotate the one baked into last month's image.

## Severity
Warning: a secrets file copied into the image is readable by anyone with the image; the file's
content is not checked, so not an error.

## Example
```dockerfile
COPY .env config/master.key ./
```

Use instead:
```bash
fly secrets import < .env
fly secrets set RAILS_MASTER_KEY="$(cat config/master.key)"
```

## Fix safety
No fix: the values have to move to `fly secrets` (run time) or build secrets (build time).

## References
- trivy DS-0031 (secret files); dockle CIS-DI-0010; CIS Docker Benchmark 4.10
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import copy_sources, fly_config, is_url, run_chain, secret_file_kind


@rule(code="DKR025", name="secret-file-copied", target="dockerfile", severity="warning",
      tags=("security", "secrets"), cwe=(538,), controls=("CIS-4.10", "SOC2-CC6.1", "PCI-DSS-8.6.3", "REVIEW-S1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for stage in run_chain(df, ctx, fly_config(df, ctx)):
        for ins in stage.instructions:
            if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None:
                continue
            sources, _dest = copy_sources(ins)
            for src in sources:
                if is_url(src.text) or "$" in src.text:
                    continue
                kind = secret_file_kind(src.text)
                if kind is None:
                    continue
                yield Violation(
                    df.span(src.start, src.end),
                    f"{ins.keyword} `{src.text}` bakes {kind} into the image, where anyone who can pull it can read "
                    "it; use `fly secrets` at run time or `--mount=type=secret` at build time",
                )
