"""`[[files]]` raw_value carries a secret.

## What it does
Decodes the base64 `raw_value` of each `[[files]]` entry and looks inside for credentials:
known secret formats (Fly.io tokens, cloud and SaaS keys, passwords in URLs, via the same
detectors as `hardcoded-secret`), PEM private keys, and `NAME=value` / `NAME: value` lines
whose name says they hold a credential (`DB_PASSWORD=…`, `api_key: …`) with a literal,
non-placeholder value. The secret is never printed.

## Why is this bad?
`raw_value` is only base64, not encryption: the decoded file is in the repository, in git
history and in the Machine config that `fly machine status -d` and the Machines API show to
everyone with access to the app. `secret_name` writes the file from a Fly secret instead, so the
value stays encrypted at rest and out of the repository.

## Severity
Error when the value is shown to be a secret (a known token format, a private key, a literal
that looks generated); a credential-named line whose value shows no sign of being generated is
a warning, because a name alone is not evidence enough for an error.

## Example
```toml
[[files]]
  guest_path = "/app/.env"
  raw_value = "REJfUEFTU1dPUkQ9aHVudGVyMg=="   # DB_PASSWORD=hunter2
```

Use instead:
```toml
# fly secrets set APP_DOTENV="$(base64 -w0 .env)"
[[files]]
  guest_path = "/app/.env"
  secret_name = "APP_DOTENV"
```

## Fix safety
No fix: the secret must be rotated, stored with `fly secrets set` and referenced with
`secret_name`.

## References
- Fly.io `[[files]]`: https://fly.io/docs/reference/configuration/#the-files-section
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- CIS Docker Benchmark 4.10; checkov CKV_SECRET_*
- CWE-798: Use of Hard-coded Credentials; CWE-312: Cleartext Storage of Sensitive Information
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.fly.secrets import STRONG, evidence, literal_credential, redact, scan_value
from flylint.linter.model import Severity, Violation
from flylint.linter.parsers.fly_toml import FlyConfig
from flylint.linter.registry import RuleContext, rule
from flylint.rules.fly_toml._files import files_entries

_PEM_KEY = lazy(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
# NAME = value; the value's trailing spaces and comma are cut in code (a lazy value followed by
# `\s*,?\s*$` was cubic in a run of spaces: 2,000 of them took 24 s)
_ASSIGNMENT = lazy(r"""^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[=:]\s*(.*)$""")


def decode(raw: str) -> str | None:
    import base64
    import binascii

    compact = "".join(raw.split())
    try:
        data = base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return data.decode("utf-8", "replace")


def find_secret(text: str) -> tuple[str, str, bool] | None:
    """(kind, redacted value, shown to be a secret) of the first credential in ``text``; a
    credential-named literal that does not look generated comes last and is not *shown*."""
    if _PEM_KEY.search(text):
        return "a PEM private key", "-----BEGIN … PRIVATE KEY-----", True
    weak: tuple[str, str, bool] | None = None
    for line in text.splitlines():
        for hit in scan_value(line):
            return hit.kind, hit.redacted, True
        m = _ASSIGNMENT.match(line)
        if m:
            name, value = m.group(1), m.group(2).rstrip()
            value = value.removesuffix(",").strip().strip("'\"")
            if value and literal_credential(name.rsplit(".", 1)[-1], value):
                if evidence(value) >= STRONG:
                    return f"a literal {name}", redact(value), True
                weak = weak or (f"a literal {name}", redact(value), False)
    return weak


@rule(code="FLY105", name="secret-in-files-raw-value", target="fly_toml", severity="error",
      tags=("security", "secrets"), cwe=(798, 312),
      controls=("CIS-4.10", "SOC2-CC6.1", "PCI-DSS-8.6.2", "PCI-DSS-8.3.2", "HIPAA-164.312(a)(1)",
                "GDPR-32(1)(b)", "REVIEW-S1"))
def check(cfg: FlyConfig, ctx: RuleContext) -> Iterator[Violation]:
    for path, entry in files_entries(cfg):
        raw = entry.get("raw_value")
        if not isinstance(raw, str) or not raw.strip():
            continue
        decoded = decode(raw)
        found = find_secret(decoded) if decoded is not None else None
        if found is None:
            continue
        kind, redacted, shown = found
        guest = entry.get("guest_path", "?")
        kpath = path + ("raw_value",)
        span = cfg.value_span(kpath) if cfg.has_position(kpath) else cfg.key_span(path)
        doubt = "" if shown else ", no sign of a generated key, so it may be a weak or shared default"
        yield Violation(
            span,
            f"[[files]] raw_value for {guest} decodes to {kind} ({redacted}{doubt}): base64 is not encryption; "
            f"{'rotate it, ' if shown else ''}store the base64 file with `fly secrets set NAME=...` and write "
            "secret_name = \"NAME\" instead",
            snippet=f"files-raw-value:{guest}:{kind}",
            severity=None if shown else Severity.WARNING,
        )
