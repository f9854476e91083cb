"""A `!` exception in `.dockerignore` puts a secret file back into the build context.

## What it does
Flags a negated pattern (`!.env`, `!*.key`, `!config/master.key`, `!.env*` …) that re-includes a
path excluded by an earlier pattern when that path is a typical secret file: `.env` and
`.env.<environment>`, `secrets.env`, private keys (`*.key`, `*.pem` keys, `id_rsa`), credential
files and the `.ssh`/`.aws` directories. Exceptions for templates such as `!.env.example` are
fine.

## Why is this bad?
The exclusion above it was there to keep the secret out of the image; the exception quietly
undoes it, and `COPY . .` then bakes the file into every image built from the project.

## Severity
Warning: an exception that puts a secret file back into the context is almost always a mistake;
the file's content is not checked, so not an error.

## Example
```text
*
!src
!package.json
!.env
```

Use instead:
```text
*
!src
!package.json
```
and set the values with `fly secrets set` / `fly secrets import`.

## Fix safety
No fix: removing the exception may break a build that reads the file; its values must move to
secrets first.

## References
- CIS Docker Benchmark 4.10; dockle CIS-DI-0010
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.ignorefile import IgnoreFile
from flylint.linter.registry import RuleContext, rule

from ._common import negated_for

PROBES = (".env", ".env.local", ".env.production", "secrets.env", "config/master.key", "server.key", "privkey.pem",
          "id_rsa", "id_ed25519", ".ssh/id_rsa", ".aws/credentials", "credentials.json", ".netrc")


@rule(code="DKR103", name="dockerignore-reincludes-secret", target="dockerignore", severity="warning",
      tags=("security", "secrets"), cwe=(538,), controls=("CIS-4.10", "SOC2-CC6.1"))
def check(ign: IgnoreFile, ctx: RuleContext) -> Iterator[Violation]:
    reported: set[int] = set()
    for probe in PROBES:
        pat = negated_for(ign, probe)
        if pat is None or pat.line in reported:
            continue
        reported.add(pat.line)
        yield Violation(
            ign.source.span(pat.start, pat.end),
            f"`!{pat.pattern}` puts {probe} back into the build context after an earlier pattern excluded it; "
            "remove the exception and provide the values with `fly secrets` or build secrets",
        )
