"""A package manager is told to install packages whose signatures it did not verify.

## What it does
Flags, in `RUN` commands of every stage:
- apt/apt-get `--allow-unauthenticated`, `--force-yes`, `--allow-insecure-repositories`,
  `-o APT::Get::AllowUnauthenticated=true`, `-o Acquire::AllowInsecureRepositories=true`;
- yum/dnf/microdnf/tdnf `--nogpgcheck` and `--setopt=…gpgcheck=0`;
- rpm `--nosignature`, `--nodigest`, `--noverify`, `--nofiledigest`;
- apk `--allow-untrusted`; zypper `--no-gpg-checks`;
- repository definitions written with `[trusted=yes]` (apt) or `gpgcheck=0` (yum/dnf).

## Why is this bad?
Package signatures are what ties a package to its publisher. With the check off, anyone who
can tamper with the mirror, a proxy or the network path can hand the build a package of their
choosing, and it is installed as root without a warning.

## Severity
Error: the Dockerfile shows the hole itself: packages are installed with signature checks
turned off, so anything on the path can replace them.

## Example
```dockerfile
RUN apt-get update && apt-get install -y --allow-unauthenticated internal-tool
```

Use instead:
```dockerfile
COPY internal-archive-keyring.gpg /etc/apt/keyrings/
RUN echo "deb [signed-by=/etc/apt/keyrings/internal-archive-keyring.gpg] https://apt.example.com stable main" \
      > /etc/apt/sources.list.d/internal.list \
    && apt-get update && apt-get install -y --no-install-recommends internal-tool
```

## Fix safety
No fix: the repository's signing key has to be added to the image first.

## References
- checkov CKV2_DOCKER_7 (apk), CKV2_DOCKER_8 (apt-get), CKV2_DOCKER_9 (yum/dnf/tdnf),
  CKV2_DOCKER_10 (rpm), CKV2_DOCKER_11 (`--force-yes`)
- CIS Docker Benchmark 4.11 (use only verified packages)
- CWE-347: Improper Verification of Cryptographic Signature; CWE-494
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import run_commands

_APT_FLAGS = {"--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"}
_APT_OPTION = lazy(r"(?i)^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|"
                         r"Acquire::AllowDowngradeToInsecureRepositories)\s*=\s*\"?(1|true|yes)\"?$")
_RPM_FLAGS = {"--nosignature", "--nodigest", "--noverify", "--nofiledigest"}
_GPGCHECK_OFF = lazy(r"(?i)(^|[^a-z_])gpgcheck\s*=\s*(0|false|no)\b")
_TRUSTED_YES = lazy(r"(?i)\[[^\]]*\btrusted\s*=\s*yes\b")

_ADVICE = "install the repository's signing key instead of turning the check off"


@rule(code="DKR006", name="package-signature-check-disabled", target="dockerfile", severity="error",
      tags=("security", "supply-chain"), cwe=(347, 494), controls=("CIS-4.11", "SOC2-CC8.1", "SOC2-CC6.8"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for _ins, cmd in run_commands(df):
        call = pkg_call(cmd)
        if call is not None:
            for opt in call.opts:
                bad = None
                if call.family == "apt":
                    if opt.name in _APT_FLAGS:
                        bad = opt.name
                    elif opt.name in ("-o", "--option") and opt.value and _APT_OPTION.match(opt.value):
                        bad = f"-o {opt.value}"
                elif call.family == "rpm":
                    if opt.name == "--nogpgcheck" or (call.tool == "rpm" and opt.name in _RPM_FLAGS):
                        bad = opt.name
                    elif opt.name == "--setopt" and opt.value and _GPGCHECK_OFF.search(opt.value):
                        bad = f"--setopt={opt.value}"
                elif (call.family == "apk" and opt.name == "--allow-untrusted") or (
                        call.family == "zypper" and opt.name in ("--no-gpg-checks", "--no-gpg-check")):
                    bad = opt.name
                if bad is not None:
                    yield Violation(
                        df.span(opt.word.start, opt.word.end),
                        f"`{call.tool} {bad}` installs packages without verifying their signatures; {_ADVICE}",
                    )
        for w in cmd.words:
            if _TRUSTED_YES.search(w.text):
                yield Violation(df.span(w.start, w.end),
                                f"an apt source marked `[trusted=yes]` is installed from without signature checks; "
                                f"use `[signed-by=/etc/apt/keyrings/<key>.gpg]` and {_ADVICE}")
            elif call is None and _GPGCHECK_OFF.search(w.text):
                yield Violation(df.span(w.start, w.end),
                                f"a repository written with `gpgcheck=0` installs unsigned packages; set `gpgcheck=1` "
                                f"with a `gpgkey=` and {_ADVICE}")
