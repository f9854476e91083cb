"""The image Fly.io runs installs, starts or exposes an SSH server.

## What it does
Flags, in the stage Fly runs and the stages it is built `FROM`: installing `openssh-server`,
`dropbear` or the `ssh` meta-package (apt, apk `openssh`, yum/dnf), starting `sshd`
(`RUN`, `CMD`, `ENTRYPOINT`, `service ssh start`), and `EXPOSE 22`.

## Why is this bad?
An SSH daemon in the app's Machine is one more network service with credentials to manage,
keys baked into the image and a root login to harden. Fly.io already gives you a shell on any
Machine with `fly ssh console` (short-lived certificates over the private WireGuard network),
and a public port 22 would be probed by the whole internet.

## Severity
Warning: an SSH server in the image is extra attack surface Fly.io does not need (`fly ssh
console` works without it); a reviewer asks why it is there.

## Example
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D"]
```

Use instead:
```bash
fly ssh console --app my-app
```

## Fix safety
No fix: removing the daemon changes what the image runs.

## References
- checkov CKV_DOCKER_1 (`EXPOSE 22`); trivy DS-0004; hadolint DL3001 (ssh in a container)
- Fly.io: https://fly.io/docs/flyctl/ssh-console/
- CWE-284: Improper Access Control
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import basename, fly_config, run_chain, run_commands, split_rest

_SERVER_PACKAGES = {"openssh-server", "dropbear", "dropbear-bin"}
_INSTALL = {"install", "add", "in"}
_SSHD = lazy(r"(^|/)(sshd|dropbear)$")
_ADVICE = "Fly.io gives you a shell with `fly ssh console`; remove the SSH server"


@rule(code="DKR009", name="ssh-server-in-image", target="dockerfile", severity="warning",
      tags=("security", "network"), cwe=(284,), controls=("SOC2-CC6.6", "PCI-DSS-2.2.4"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    chain = run_chain(df, ctx, fly_config(df, ctx))
    for _ins, cmd in run_commands(df, chain):
        call = pkg_call(cmd)
        if call is not None and call.sub in _INSTALL:
            for w in call.operands:
                pkg = w.text.split("=", 1)[0]
                if pkg in _SERVER_PACKAGES or (pkg == "ssh" and call.family == "apt") or \
                        (pkg == "openssh" and call.family == "apk"):
                    yield Violation(df.span(w.start, w.end), f"installs the SSH server `{pkg}`; {_ADVICE}")
            continue
        argv = cmd.effective_argv()
        if not argv:
            continue
        texts = [w.text for w in argv]
        if _SSHD.search(texts[0]):
            yield Violation(df.span(argv[0].start, argv[0].end), f"starts `{texts[0]}`; {_ADVICE}")
        elif basename(argv[0]) in ("service", "rc-service") and len(texts) >= 3 and \
                texts[1] in ("ssh", "sshd", "dropbear") and texts[2] in ("start", "restart"):
            yield Violation(df.span(argv[0].start, argv[-1].end), f"starts the SSH service; {_ADVICE}")
    for stage in chain:
        for ins in stage.instructions:
            if ins.keyword == "EXPOSE":
                for arg in split_rest(ins):
                    if re.fullmatch(r"22(/tcp)?", arg.text, re.IGNORECASE):
                        yield Violation(df.span(arg.start, arg.end), f"EXPOSE {arg.text} advertises SSH; {_ADVICE}")
            elif ins.keyword in ("CMD", "ENTRYPOINT"):
                words = ins.exec_form if ins.exec_form is not None else ins.rest.split()
                if words and _SSHD.search(words[0]):
                    yield Violation(df.span(ins.start, ins.end), f"{ins.keyword} runs `{words[0]}`; {_ADVICE}")
