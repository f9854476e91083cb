"""Deploy workflow grants `permissions: write-all`.

## What it does
In workflows that deploy to Fly.io, flags `permissions: write-all` at the top level or on a
job.

## Why is this bad?
`write-all` gives the job's `GITHUB_TOKEN` write access to every scope: repository contents,
packages, releases, pull requests, issues, deployments, security events and more. Any step of a
deploy job (a third-party action, a build script, a dependency's install hook) can then push
code, publish packages or rewrite releases, on top of holding `FLY_API_TOKEN`. Deploying to
Fly.io needs none of these scopes.

## Severity
Warning: write-all gives every step every write scope; reviewers ask for least permissions.

## Example
```yaml
permissions: write-all
```

Use instead:
```yaml
permissions:
  contents: read
```

## Fix safety
No fix: which scopes the jobs really need depends on their steps.

## References
- GitHub: permissions for the GITHUB_TOKEN: https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token
- zizmor `excessive-permissions`; OpenSSF Scorecard Token-Permissions
- CWE-250: Execution with Unnecessary Privileges; CWE-732
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule


@rule(code="GHA007", name="write-all-permissions", target="workflow", severity="warning",
      tags=("security", "least-privilege"), cwe=(250, 732), controls=("SOC2-CC6.3", "PCI-DSS-7.2.5"))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if not wf.deploys_to_fly:
        ctx.not_applicable("the workflow does not deploy to Fly.io")
        return
    paths = [("permissions",)] + [("jobs", job.id, "permissions") for job in wf.jobs]
    for path in paths:
        entry = wf.index.entries.get(path)
        if entry is None:
            continue
        value = wf.source.text[entry.value_start : entry.value_end].strip().strip("'\"")
        if value != "write-all":
            continue
        where = "the workflow" if len(path) == 1 else f"job `{path[1]}`"
        yield Violation(
            wf.source.span(entry.key_start, entry.value_end),
            f"{where} sets `permissions: write-all`, giving GITHUB_TOKEN write access to every scope next to the "
            "Fly.io token; list only what is needed (`permissions: { contents: read }`)",
        )
