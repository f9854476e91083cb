"""`[[files]]` local_path uploads a secrets file into the Machine config.

## What it does
Flags a `[[files]]` entry whose `local_path` names a file that holds credentials by
convention: `.env` and `.env.*` (except `.env.example`/`.sample`/`.template`), private keys
(`*.pem`, `*.key`, `id_rsa`, `id_ed25519`, `*.p12`, `*.pfx`, `*.jks`), `credentials.json`,
`service-account*.json`, `.npmrc`, `.pypirc`, `.netrc`, `.htpasswd`, Rails `master.key`, and
files named `secrets.*`.

## Why is this bad?
At deploy time flyctl reads `local_path`, base64-encodes it and stores it as the file's
`raw_value` in the Machine config. That config is not encrypted like Fly secrets: anyone with
read access to the app sees it in `fly machine status -d` or through the Machines API, and it
is kept in every Machine's config version. `secret_name` writes the same file from an encrypted
Fly secret.

## Severity
Warning: uploading a secrets file into the Machine config stores it in plain text there; the
file's content is not checked, so not an error.

## Example
```toml
[[files]]
  guest_path = "/app/.env"
  local_path = ".env"
```

Use instead:
```toml
# fly secrets set APP_DOTENV="$(base64 -w0 .env)"
[[files]]
  guest_path = "/app/.env"
  secret_name = "APP_DOTENV"
```

## Fix safety
No fix: the file has to be stored as a secret first.

## References
- Fly.io `[[files]]`: https://fly.io/docs/reference/configuration/#the-files-section
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- CWE-312: Cleartext Storage of Sensitive Information; CWE-538
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.fly.dialect import entry as setting_in
from flylint.fly.schema import section_label, show
from flylint.linter.model import Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.rules.fly_toml._files import files_entries

_SECRET_FILE = lazy(
    r"""^(
        \.env(\.(?!example$|sample$|template$|dist$|defaults?$)[\w.\-]+)?
        |[\w.\-]+\.(pem|key|p12|pfx|jks|keystore|ppk)
        |id_(rsa|dsa|ecdsa|ed25519)
        |credentials(\.json)?|service[-_]?account[\w.\-]*\.json|gcp[-_]?key[\w.\-]*\.json
        |\.npmrc|\.pypirc|\.netrc|\.htpasswd|\.pgpass|\.git-credentials
        |secrets?(\.[\w\-]+)+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_PUBLIC = lazy(r"(\.pub$|public|cert|chain|fullchain|\bca\b|\.crt$)", re.IGNORECASE)


@rule(code="FLY106", name="files-local-path-secret", target="fly_toml", severity="warning",
      tags=("security", "secrets"), cwe=(312, 538),
      controls=("SOC2-CC6.1", "PCI-DSS-8.6.3", "GDPR-32(1)(b)", "REVIEW-S2"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for path, entry in files_entries(cfg):
        local = entry.get("local_path")
        if not isinstance(local, str) or not local.strip():
            continue
        name = local.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        if not _SECRET_FILE.match(name) or _PUBLIC.search(name):
            continue
        kpath = path + ("local_path",)
        span = cfg.entry_span(kpath) if cfg.has_position(kpath) else cfg.key_span(path)
        shown = setting_in(section_label(path), "local_path", show(local))
        yield Violation(
            span,
            f'{shown} copies a secrets file into the Machine config in plain text: '
            f"store it with `fly secrets set NAME=\"$(base64 -w0 {local})\"` and write secret_name = \"NAME\" instead",
        )
