"""`.dockerignore` does not exclude `.env` files.

## What it does
Flags an ignore file that leaves `.env`, `.env.local` or `.env.production` in the build context
when a Dockerfile that uses it copies the whole context (`COPY . .`). Docker's matching rules
are applied (`.env*`, `**/.env`, `.*` and `!` exceptions). When a `!` exception re-includes the
file, `dockerignore-reincludes-secret` reports it instead.

## Why is this bad?
`.env` files hold the local copies of database URLs, API keys and `SECRET_KEY_BASE`. With
`COPY . .` they are baked into the image, readable by anyone who can pull it, and on Fly.io they
may even override the real values from `fly secrets` when the app loads `.env` at start-up.

## Example
```text
.git
node_modules
```

Use instead:
```text
.git
node_modules
.env
.env.*
```

## Fix safety
Safe: the fix adds `.env` and `.env.*` (before the first `!` exception, so a `!.env.example`
exception keeps working). A build step that reads a `.env` file at build time should get those
values as build arguments or build secrets instead.

## References
- CIS Docker Benchmark 4.10; dockle CIS-DI-0010; trivy DS-0031
- Fly.io secrets: https://fly.io/docs/apps/secrets/
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Fix, Violation
from flylint.linter.parsers.ignorefile import IgnoreFile
from flylint.linter.registry import RuleContext, rule

from ._common import anchor_span, append_edit, copies_whole_context, negated_for, usage

PROBES = (".env", ".env.local", ".env.production")


@rule(code="DKR101", name="dockerignore-missing-env", target="dockerignore", severity="warning", fix="safe",
      tags=("security", "secrets"), cwe=(538,), controls=("CIS-4.10", "SOC2-CC6.1", "GDPR-32(1)(b)"))
def check(ign: IgnoreFile, ctx: RuleContext) -> Iterator[Violation]:
    missing = [p for p in PROBES if not ign.is_excluded(p) and negated_for(ign, p) is None]
    if not missing:
        return
    if not copies_whole_context(usage(ign, ctx)):
        return
    lines = []
    if ".env" in missing:
        lines.append(".env")
    if any(p != ".env" for p in missing):
        lines.append(".env.*")
    edit = append_edit(ign, lines, missing)
    fix = Fix("Exclude " + " and ".join(lines), (edit,), Applicability.SAFE) if edit is not None else None
    shown = ", ".join(missing)
    yield Violation(
        anchor_span(ign),
        f"this .dockerignore does not exclude {shown}, so a local env file would be baked into the image "
        "by `COPY . .`; add "
        + " and ".join(f"`{line}`" for line in lines),
        fix,
    )
