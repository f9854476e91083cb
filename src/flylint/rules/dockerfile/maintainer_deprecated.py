"""`MAINTAINER` is deprecated; use a `maintainer` label.

## What it does
Flags every `MAINTAINER` instruction.

## Why is this bad?
`MAINTAINER` has been deprecated since Docker 1.13. It sets a legacy field that tools do not
read; `LABEL maintainer="…"` (or the OCI `org.opencontainers.image.authors` label) is what
registries and scanners show.

## Severity
Info: MAINTAINER still works; replacing it is style.

## Example
```dockerfile
MAINTAINER Jane Doe <jane@example.com>
```

Use instead:
```dockerfile
LABEL maintainer="Jane Doe <jane@example.com>"
```

## Fix safety
Safe: the fix rewrites the instruction as `LABEL maintainer="…"` with the same text; only the
image metadata field that holds it changes.

## References
- hadolint DL4000; checkov CKV_DOCKER_6; trivy DS-0022
- CWE-477: Use of Obsolete Function
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule


@rule(code="DKR032", name="maintainer-deprecated", target="dockerfile", severity="info", fix="safe",
      tags=("best-practice",), cwe=(477,))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword != "MAINTAINER":
            continue
        value = ins.rest.strip()
        fix = None
        if value and "\n" not in df.source.text[ins.start:ins.end]:
            escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
            keyword = "LABEL" if df.source.text[ins.start:ins.keyword_end].isupper() else "label"
            fix = Fix("Replace MAINTAINER with LABEL maintainer=…",
                      (Edit(ins.start, ins.end, f'{keyword} maintainer="{escaped}"'),), Applicability.SAFE)
        shown = value if value else "…"
        yield Violation(
            df.span(ins.start, ins.keyword_end),
            f'MAINTAINER is deprecated; write `LABEL maintainer="{shown}"` instead',
            fix,
        )
