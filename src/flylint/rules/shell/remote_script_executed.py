"""Deploy script or workflow pipes a downloaded script into a shell.

## What it does
Flags, in deploy scripts and workflow `run:` steps, a download fed straight into an
interpreter: `curl … | sh`, `wget -qO- … | sudo bash`, `curl … | python3 -`,
`sh -c "$(curl …)"`, `bash <(curl …)`. The flyctl installer gets its own message:
`curl -L https://fly.io/install.sh | sh` installs whatever flyctl version is current on the day
the job runs, so it is flagged unless a version is passed (`| sh -s 0.3.45`, or a variable
such as `| sh -s "$FLYCTL_VERSION"`); `latest`, `pre` and `prerel` count as unpinned.
A pipe into a program that only reads data (`curl … | tar xz`, `| jq`) is not flagged.
Dockerfile `RUN` has its own rule, `remote-script-piped-to-shell` (DKR005).

## Why is this bad?
Whatever the server (or anyone between you and it) returns runs with the job's privileges,
next to the Fly.io token and the source. Nothing records what ran, a truncated download can
run half a script, and the next run may execute a different script under the same URL. For
flyctl, an unpinned install also means a new release can change or break the deploy with no
change in the repository.

## Severity
Warning: running a downloaded script unchecked is a supply-chain risk reviewers ask about; not
a shown compromise.

## Example
```yaml
- run: curl -L https://fly.io/install.sh | sh
- run: ~/.fly/bin/flyctl deploy --remote-only
```

Use instead:
```yaml
- uses: superfly/flyctl-actions/setup-flyctl@<full commit sha>  # v1.5
  with:
    version: 0.3.45
- run: flyctl deploy --remote-only
```
or, in a script: `curl -L https://fly.io/install.sh | sh -s 0.3.45`; for other installers,
download to a file, check its sha256 and then run it.

## Fix safety
No fix: the version or checksum to pin has to be chosen by a person.

## References
- flyctl installation: https://fly.io/docs/flyctl/install/
- superfly/flyctl-actions: https://github.com/superfly/flyctl-actions
- CIS Software Supply Chain Security Guide 2.3/2.4; OpenSSF Scorecard Pinned-Dependencies
- CWE-494: Download of Code Without Integrity Check
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.commands import iter_scripts
from flylint.linter.parsers.shell import Command, ShellScript
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule

_FLY_INSTALLER = lazy(r"(?i)^(https?://)?(fly\.io/install\.sh|get\.fly\.io/flyctl\.sh)\b")
_UNPINNED = frozenset({"", "latest", "pre", "prerel", "prerelease", "nightly"})


@rule(code="SH007", name="script-remote-code-executed", target=("shell", "workflow"), severity="warning",
      tags=("security", "supply-chain"), cwe=(494,), controls=("SOC2-CC6.8", "SOC2-CC8.1", "CIS-4.11"))
def check(model: ShellScript | Workflow, ctx: RuleContext) -> Iterator[Violation]:
    from flylint.rules.dockerfile._remote import remote_executions

    for script, source, where, _owner in iter_scripts(model):
        for fetch, run in remote_executions(script):
            url = next((w.text for w in fetch.words if re.match(r"(?i)^(https?://|[a-z0-9.-]+\.[a-z]{2,}/)", w.text)),
                       None)
            start, end = min(fetch.start, run.start), max(fetch.end, run.end)
            span = source.span(start, end)
            tool = fetch.effective_argv()[0].text.rsplit("/", 1)[-1]
            runner = run.effective_argv()[0].text.rsplit("/", 1)[-1]
            if url is not None and _FLY_INSTALLER.match(url):
                version = _installer_version(run)
                if version is not None and version.lower() not in _UNPINNED:
                    continue
                yield Violation(
                    span,
                    f"the flyctl installer ({url}) runs unpinned in the {where}: each run installs whatever flyctl "
                    "is newest; pass a version (`| sh -s 0.3.45`) or use superfly/flyctl-actions/setup-flyctl "
                    "pinned to a commit with `version:`",
                    snippet=f"fly-installer:{where}",
                )
                continue
            what = f"`{url}`" if url else "a download"
            yield Violation(
                span,
                f"{tool} output ({what}) is executed by {runner} in the {where} without any integrity check: download "
                "it to a file, verify its sha256 (`sha256sum -c`) and then run it, or use a pinned release",
                snippet=f"remote-exec:{url or tool}",
            )


def _installer_version(run: Command) -> str | None:
    """The version argument given to the shell running install.sh (``sh -s 0.3.45``)."""
    argv = run.effective_argv()
    words = argv[1:]
    after_s = False
    for w in words:
        t = w.text
        if t == "-s" or (t.startswith("-") and not t.startswith("--") and "s" in t[1:]):
            after_s = True
            continue
        if t == "--":
            after_s = True
            continue
        if t.startswith("-"):
            continue
        if after_s:
            return "$var" if w.has_expansion else t
        return None  # a script file operand: not reading the installer from stdin
    return None
