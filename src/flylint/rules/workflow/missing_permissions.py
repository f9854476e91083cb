"""Deploy job runs with the default `GITHUB_TOKEN` permissions.

## What it does
In workflows that deploy to Fly.io, flags each job that runs flyctl or can read the Fly.io
token when neither the workflow nor the job sets `permissions:`.

## Why is this bad?
Without `permissions:` the job's `GITHUB_TOKEN` gets the repository's default, which is
read/write on every scope (contents, packages, pull requests, workflows' artifacts …) for
repositories and organisations created before February 2023 and for many that never changed
the setting. A deploy job runs third-party actions and build tools next to that token: a
compromised step can push commits, create releases or tamper with other workflows. Declaring
the minimum (`contents: read`, plus what the job really needs) caps the damage and documents
intent.

## Severity
Warning: the default GITHUB_TOKEN may be read-write; reviewers ask for explicit least
permissions in deploy workflows.

## Example
```yaml
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: flyctl deploy --remote-only
```

Use instead:
```yaml
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: flyctl deploy --remote-only
```

## Fix safety
No fix: which scopes a job needs (`pull-requests: write` to comment a preview URL,
`deployments: write` …) depends on its steps.

## References
- GitHub: assigning permissions to jobs: https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token
- zizmor `excessive-permissions`; OpenSSF Scorecard Token-Permissions; CIS Software Supply Chain Security Guide 1.5
- CWE-250: Execution with Unnecessary Privileges
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.workflow._fly import fly_jobs


@rule(code="GHA006", name="missing-permissions", target="workflow", severity="warning",
      tags=("security", "least-privilege"), cwe=(250,), controls=("SOC2-CC6.3", "PCI-DSS-7.2.5"))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if not wf.deploys_to_fly:
        ctx.not_applicable("the workflow does not deploy to Fly.io")
        return
    if wf.has_permissions:
        return
    for job in fly_jobs(wf):
        if job.has_permissions:
            continue
        yield Violation(
            wf.source.span(job.key_start, job.key_end),
            f"job `{job.id}` uses Fly.io but neither it nor the workflow sets `permissions:`, so its GITHUB_TOKEN "
            "gets the repository default (read/write on every scope in many repositories); add "
            "`permissions: { contents: read }` and only what the job needs",
        )
