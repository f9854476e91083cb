"""`apt-get install` pulls in recommended packages the app does not need.

## What it does
Flags `apt-get install` (and `apt install`) in the stage Fly runs, or the stages it is built
`FROM`, without `--no-install-recommends` or `-o APT::Install-Recommends=false`. A Dockerfile
that configures `APT::Install-Recommends` in a file is left alone. Builder stages are not
checked: their packages do not ship.

## Why is this bad?
Debian and Ubuntu install "Recommends" by default, which routinely doubles the number of
packages: a bigger image to pull on every Machine start, more CVEs to patch, and tools an
attacker can use that the app never needed.

## Severity
Info: recommended packages only make the image larger: image-size hygiene.

## Example
```dockerfile
RUN apt-get update && apt-get install -y curl
```

Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Unsafe: the fix adds `--no-install-recommends`, and something the app relied on may have come in
only as a recommendation (`ca-certificates` with `curl` is the classic case).

## References
- hadolint DL3015; trivy DS-0029; CIS Docker Benchmark 4.3; dockle CIS-DI-0003
- CWE-1104: Use of Unmaintained Third Party Components
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Applicability, Edit, Fix, Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import fly_config, run_chain, run_commands

_OFF = lazy(r"(?i)^APT::Install-Recommends\s*=\s*\"?(0|false|no)\"?$")


@rule(code="DKR015", name="apt-install-recommends", target="dockerfile", severity="info", fix="unsafe",
      tags=("image-size",), cwe=(1104,), controls=("CIS-4.3",))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    if "install-recommends" in df.source.text.lower().replace("--no-install-recommends", ""):
        return  # configured in an apt.conf.d file written by the Dockerfile
    for _ins, cmd in run_commands(df, run_chain(df, ctx, fly_config(df, ctx))):
        call = pkg_call(cmd)
        if call is None or call.family != "apt" or call.sub != "install" or call.sub_word is None:
            continue
        if call.has("--no-install-recommends") or any(_OFF.match(v) for v in call.opt_values("-o", "--option")):
            continue
        word = call.sub_word
        yield Violation(
            df.span(call.tool_word.start, word.end),
            f"`{call.tool} install` also installs recommended packages; add `--no-install-recommends`",
            Fix("Add --no-install-recommends", (Edit(word.end, word.end, " --no-install-recommends"),),
                Applicability.UNSAFE),
        )
