"""A credential is passed into the image as a build argument instead of a build secret.

## What it does
Flags, in the stage Fly runs and the stages it is built `FROM`, `ARG` instructions whose name
says they carry a credential (`NPM_TOKEN`, `GITHUB_TOKEN`, `DATABASE_PASSWORD`,
`AWS_SECRET_ACCESS_KEY`, …) — with or without a default — and `ENV` instructions that copy such
a value in from a variable (`ENV API_KEY=$API_KEY`). An `ARG` whose default is a literal
credential is left to `secret-in-env` (SEC003) and known token formats to `hardcoded-secret`
(SEC001), so nothing is reported twice. Builder stages are not checked: their history does not
ship with the final image.

## Why is this bad?
Build-argument values are written into the image's history for every `RUN` after the `ARG`
(`docker history --no-trunc` shows them), and `ENV` values are stored in the image config. Anyone
who can pull the image — from Fly's registry, a CI cache, a laptop — can read the token.

## Severity
Warning: a credential passed as a build argument stays in the image metadata; a reviewer asks
for a build secret. The value is not shown to be a real secret, so not an error.

## Example
```dockerfile
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
```

Use instead:
```dockerfile
RUN --mount=type=secret,id=NPM_TOKEN \
    NPM_TOKEN="$(cat /run/secrets/NPM_TOKEN)" npm ci
```
with `fly deploy --build-secret NPM_TOKEN=…`.

## Fix safety
No fix: the build command and the deploy command both have to change.

## References
- Fly.io build secrets: https://fly.io/docs/apps/build-secrets/
- hadolint DL3064; trivy DS-0031; dockle CIS-DI-0010; CIS Docker Benchmark 4.10
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.fly.secrets import credential_name, literal_credential, scan_value
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._util import fly_config, run_chain


@rule(code="DKR024", name="secret-build-arg", target="dockerfile", severity="warning",
      tags=("security", "secrets"), cwe=(538,), controls=("CIS-4.10", "SOC2-CC6.1", "PCI-DSS-8.6.3", "REVIEW-S1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for stage in run_chain(df, ctx, fly_config(df, ctx)):
        for ins in stage.instructions:
            if ins.keyword not in ("ARG", "ENV"):
                continue
            for p in ins.pairs:
                if not credential_name(p.key):
                    continue
                if p.value is not None and (literal_credential(p.key, p.value) or scan_value(p.value)):
                    continue  # a literal value: reported by SEC003 / SEC001
                advice = (f"pass it as a build secret (`RUN --mount=type=secret,id={p.key}` reading "
                          f"/run/secrets/{p.key}, and `fly deploy --build-secret {p.key}=…`)")
                if ins.keyword == "ARG":
                    yield Violation(
                        df.span(p.key_start, p.key_end),
                        f"ARG {p.key} puts a credential into the image history (`docker history` shows build-arg "
                        f"values); {advice}",
                        snippet=f"ARG:{p.key}",
                    )
                elif p.value is not None and "$" in p.value:
                    yield Violation(
                        df.span(p.key_start, p.key_end),
                        f"ENV {p.key} copies a credential into the image config, readable by anyone who pulls the "
                        f"image; set it at run time with `fly secrets set` instead, or {advice}",
                        snippet=f"ENV:{p.key}",
                    )
