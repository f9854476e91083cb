"""`.dockerignore` does not exclude `.env` files.

## What it does
Flags an ignore file that leaves `.env` — or another env file that is present in the build
context, such as `.env.production` or `.env.local` — in the context when a Dockerfile that uses
it copies the whole context (`COPY . .`). Docker's matching rules are applied (`.env*`,
`**/.env`, `.*` and `!` exceptions). Templates (`.env.example`, `.env.sample` …) are meant to
be committed and are not asked for. Variants are asked for only when such a file exists: a
`.dockerignore` that excludes `.env` is not told to list `.env.local` for a project that has
none. `.env` itself is asked for even when the checkout has none, because it is usually
git-ignored: absent in CI, present where a developer runs `fly deploy`. When a `!` exception
re-includes the file, `dockerignore-reincludes-secret` reports it instead.

The build context is where flyctl builds (the config's directory, or where a workflow runs
`fly deploy --config …`). When the image Fly runs receives the whole context, the file would
ship in it: a warning. When only a builder stage copies the context and the image takes build
outputs, the file is uploaded but does not ship: info (a build step that bundles `.env` values,
as some frontend builds do, is the remaining risk).

## Why is this bad?
`.env` files hold the local copies of database URLs, API keys and `SECRET_KEY_BASE`. With
`COPY . .` they are baked into the image, readable by anyone who can pull it, and on Fly.io they
may even override the real values from `fly secrets` when the app loads `.env` at start-up.

## Severity
Warning: .env files in the build context ship local secrets into the image when the context is
copied. Info when only a builder stage sees it.

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

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Applicability, Fix, Severity, Violation
from flylint.linter.parsers.ignorefile import IgnoreFile
from flylint.linter.registry import RuleContext, rule

from ._common import FINAL, NOWHERE, anchor_span, append_edit, negated_for, reach, usage

# committed on purpose: templates that hold no values
_TEMPLATE = lazy(r"^\.env\.(example|sample|template|dist|defaults?|schema|tpl)$", re.IGNORECASE)


@rule(code="DKR101", name="dockerignore-missing-env", target="dockerignore", severity="warning", fix="safe",
      tags=("security", "secrets"), cwe=(538,), controls=("CIS-4.10", "SOC2-CC6.1", "GDPR-32(1)(b)"))
def check(ign: IgnoreFile, ctx: RuleContext) -> Iterator[Violation]:
    u = usage(ign, ctx)
    names = ctx.project.names_in(u.context)
    present = [n for n in names if n.startswith(".env") and not _TEMPLATE.match(n) and n != ".envrc"]
    # `.env` itself is what dotenv tools load, present or not (it is usually git-ignored, so a
    # checkout lacks it while a developer's `fly deploy` sends it); other variants only when present
    probes = [".env"] + [n for n in present if n != ".env"]
    missing = [p for p in probes if not ign.is_excluded(p) and negated_for(ign, p) is None]
    if not missing:
        return
    where = reach(u, ctx)
    if where == NOWHERE:
        return
    lines = []
    if ".env" in missing:
        lines.append(".env")
    if any(p != ".env" for p in missing):
        lines.append(".env.*")
    edit = append_edit(ign, lines, missing)
    fix = Fix("Exclude " + " and ".join(lines), (edit,), Applicability.SAFE) if edit is not None else None
    shown = ", ".join(f"{p} (present)" if p in present else p for p in missing)
    add = " and ".join(f"`{line}`" for line in lines)
    if where == FINAL:
        yield Violation(
            anchor_span(ign),
            f"this .dockerignore does not exclude {shown}, so `COPY . .` bakes "
            + ("it" if len(missing) == 1 else "them")
            + f" into the image Fly runs whenever the file exists where `fly deploy` runs; add {add}",
            fix,
        )
        return
    yield Violation(
        anchor_span(ign),
        f"this .dockerignore does not exclude {shown}: `COPY . .` sends it to a builder stage (the image Fly "
        f"runs copies only build outputs, so it does not ship unless a build step bundles its values); add {add}",
        fix,
        severity=Severity.INFO,
    )
