"""A `RUN` downloads a script and executes it without checking what it got.

## What it does
Flags `RUN` commands that feed a download straight into an interpreter:
`curl … | sh`, `wget -qO- … | sudo bash -s --`, `curl … | python3 -` (an interpreter reading
the program from stdin), `sh -c "$(curl …)"`, `eval "$(curl …)"`, `bash <(curl …)` and
`source <(curl …)`. A pipe into a program that only reads data (`curl … | tar xz`,
`curl … | python3 -c 'import json …'`, `curl … | gpg --dearmor`) is not flagged, and neither is
a download to a file that is checked before it runs. Heredoc `RUN <<EOF` bodies are checked
too; every stage is checked, since a compromised builder poisons what it builds.

## Why is this bad?
Whatever the server (or anyone between you and it) returns is executed as root in the build.
There is no record of what ran, a truncated download can run half a script, and the next build
may run a different script under the same URL.

## Severity
Warning: running a downloaded script unchecked is a supply-chain risk a reviewer asks about on
most projects; it is not a shown compromise.

## Example
```dockerfile
RUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
```

Use instead:
```dockerfile
RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_22.x \
    && echo "<sha256 of the reviewed script>  /tmp/setup.sh" | sha256sum -c - \
    && bash /tmp/setup.sh && rm /tmp/setup.sh
```
or install from the distribution's signed packages, or `COPY --from=` an official image.

## Fix safety
No fix: the checksum has to come from a reviewed copy of the script.

## References
- Gap in hadolint (DL4006 only asks for pipefail), checkov and trivy
- CIS Docker Benchmark 4.11 (use only verified packages)
- CWE-494: Download of Code Without Integrity Check
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._remote import remote_executions
from flylint.rules.dockerfile._util import (
    basename,
    shell_runs,
)


@rule(code="DKR005", name="remote-script-piped-to-shell", target="dockerfile", severity="warning",
      tags=("security", "supply-chain"), cwe=(494,), controls=("CIS-4.11", "SOC2-CC8.1", "SOC2-CC6.8"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for stage in df.stages:
        for ins in shell_runs(df, stage):
            for fetch, run in remote_executions(ins.shell()):
                url = next((w.text for w in fetch.words if re.match(r"(?i)^(https?|ftp)://", w.text)), None)
                what = f"`{url}`" if url else "a download"
                tool = basename(fetch.effective_argv()[0])
                runner = basename(run.effective_argv()[0])
                start, end = min(fetch.start, run.start), max(fetch.end, run.end)
                yield Violation(
                    df.span(start, end),
                    f"{tool} output ({what}) is executed by {runner} without any integrity check; download "
                    "it to a file, verify its sha256 (`sha256sum -c`) and then run it, or install a signed package",
                )
