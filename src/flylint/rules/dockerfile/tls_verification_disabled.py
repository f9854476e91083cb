"""TLS certificate verification is turned off for downloads in the image or its build.

## What it does
Flags, in `RUN` commands of every stage: `curl -k`/`--insecure`, `wget --no-check-certificate`,
`git -c http.sslVerify=false` and `git config … http.sslVerify false`,
`npm`/`yarn`/`pnpm config set strict-ssl false` (and `--strict-ssl=false`), `pip --trusted-host`
and `pip config set …trusted-host`, yum/dnf `--setopt=sslverify=0` or repository files written
with `sslverify=0`; and, in `ENV`, `ARG` defaults and `RUN` assignments/`export`:
`NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `NPM_CONFIG_STRICT_SSL=false`,
`YARN_ENABLE_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` (any value), `PIP_TRUSTED_HOST`,
`BUNDLE_SSL_VERIFY_MODE=0`.

## Why is this bad?
Without certificate checks, HTTPS no longer proves who is on the other end: anyone on the
network path can serve the packages, scripts or API responses. Set in `ENV`, it stays on at
run time, so the app itself talks to third-party APIs without verification.

## Severity
Error: the Dockerfile shows the hole itself: downloads are made with certificate checks turned
off, so anything on the path can replace them.

## Example
```dockerfile
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
RUN curl -k https://internal.example.com/cert-bundle.pem -o /tmp/bundle.pem
```

Use instead:
```dockerfile
COPY corp-root-ca.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corp-root-ca.crt
```

## Fix safety
No fix: the certificate the check needs (a corporate CA, say) has to be added to the image.

## References
- checkov CKV2_DOCKER_2 (curl), _3 (wget), _4 (pip `--trusted-host`), _5 (`PYTHONHTTPSVERIFY`),
  _6 (`NODE_TLS_REJECT_UNAUTHORIZED`), _12 (`NPM_CONFIG_STRICT_SSL`), _13 (npm/yarn strict-ssl),
  _14 (`GIT_SSL_NO_VERIFY`), _15 (yum/dnf `sslverify`), _16 (`PIP_TRUSTED_HOST`)
- CIS Docker Benchmark 4.11
- CWE-295: Improper Certificate Validation
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._tls import disabling_assignments, env_disables, tls_switches
from flylint.rules.dockerfile._util import run_commands

_ADVICE = "add the CA certificate to the image (`update-ca-certificates`) instead"


@rule(code="DKR007", name="tls-verification-disabled", target="dockerfile", severity="error",
      tags=("security", "supply-chain"), cwe=(295,), controls=("CIS-4.11", "SOC2-CC6.7"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword in ("ENV", "ARG"):
            for p in ins.pairs:
                if env_disables(p.key, p.value):
                    yield Violation(df.span(p.key_start, p.value_end),
                                    f"{ins.keyword} {p.key}={p.value} turns off TLS certificate verification; "
                                    f"remove it and {_ADVICE}")
    for _ins, cmd in run_commands(df):
        for w in disabling_assignments(cmd):
            yield Violation(df.span(w.start, w.end),
                            f"`{w.text}` turns off TLS certificate verification; remove it and {_ADVICE}")
        for w, what in tls_switches(cmd.effective_argv()):
            yield Violation(df.span(w.start, w.end), f"{what} turns off TLS certificate verification; {_ADVICE}")
