"""Deploy script or workflow turns off TLS certificate verification.

## What it does
Flags, in deploy scripts and workflow `run:` steps: `curl -k`/`--insecure`/`--proxy-insecure`,
`wget --no-check-certificate`, `git -c http.sslVerify=false` and
`git config … http.sslVerify false`, `npm`/`yarn`/`pnpm config set strict-ssl false` (and
`--strict-ssl=false`); and assignments, `export`s and workflow `env:` entries that switch
verification off for a whole tool: `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`,
`NPM_CONFIG_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` (any value), `CURL_INSECURE`… Dockerfile
`RUN` and `ENV` have their own rule, `tls-verification-disabled` (DKR007).

## Why is this bad?
A deploy job holds the keys to production: the Fly.io token, registry credentials, the source.
Without certificate checks anyone on the network path (a compromised runner network, a hostile
Wi-Fi, a DNS hijack) can answer the job's HTTPS requests, serve it a tampered installer or
binary, or capture the credentials it sends.

## Severity
Error: the script shows the hole: downloads are made with certificate checks turned off.

## Example
```bash
curl -k -fsSL https://releases.example.com/tool.tar.gz | tar xz
```

Use instead:
```bash
curl -fsSL https://releases.example.com/tool.tar.gz | tar xz
# for a private CA: curl --cacert corp-root-ca.pem …, or NODE_EXTRA_CA_CERTS=corp-root-ca.pem
```

## Fix safety
No fix: if verification fails today, the missing CA certificate has to be supplied instead.

## References
- checkov CKV2_DOCKER_2 (curl), _3 (wget), _6, _13, _14 (the same switches in Dockerfiles)
- CIS Software Supply Chain Security Guide 2.4 (verify downloaded artifacts)
- CWE-295: Improper Certificate Validation
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.commands import iter_commands
from flylint.linter.parsers.shell import ShellScript
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._tls import disabling_assignments, env_disables, tls_switches

_ADVICE = "keep verification on and supply the missing CA certificate (--cacert, NODE_EXTRA_CA_CERTS)"


@rule(code="SH006", name="script-tls-verification-disabled", target=("shell", "workflow"), severity="error",
      tags=("security", "supply-chain"), cwe=(295,), controls=("SOC2-CC6.7", "SOC2-CC6.8"))
def check(model: ShellScript | Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if isinstance(model, Workflow):
        blocks = [model.env] + [job.env for job in model.jobs] + [step.env for _, step in model.steps()]
        for block in blocks:
            for name, scalar in block.items():
                if env_disables(name, scalar.value):
                    yield Violation(model.source.span(scalar.start, scalar.end),
                                    f"env: {name}: {scalar.value} turns off TLS certificate verification for every "
                                    f"step that sees it; {_ADVICE}")
    for site in iter_commands(model):
        for w in disabling_assignments(site.command):
            yield Violation(site.source.span(w.start, w.end),
                            f"`{w.text}` turns off TLS certificate verification in the {site.where}; {_ADVICE}")
        for w, what in tls_switches(site.command.effective_argv()):
            yield Violation(site.source.span(w.start, w.end),
                            f"{what} turns off TLS certificate verification in the {site.where}; {_ADVICE}")
