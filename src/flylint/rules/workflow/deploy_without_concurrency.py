"""Deploy job can run twice at the same time (opt-in).

## What it does
Reports a job that runs `fly deploy` (or a Fly deploy action) when neither the workflow nor
the job sets `concurrency:`. Off by default; enable it with `--extend-select GHA008`.

## Why is this bad?
Two pushes in quick succession start two deploy runs. They race: the older commit can finish
last and stay in production, or the second `fly deploy` fails halfway because the first one
holds the Machines' leases. A concurrency group makes runs of the same group queue (or cancel
the older one). Fly.io's own GitHub Actions guide sets `concurrency: deploy-group`.

## Severity
Info: overlapping deploys are a reliability matter many projects accept: hygiene (off by
default).

## Example
```yaml
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: flyctl deploy --remote-only
```

Use instead:
```yaml
jobs:
  deploy:
    runs-on: ubuntu-latest
    concurrency: deploy-group
    steps:
      - run: flyctl deploy --remote-only
```

## Fix safety
No fix: choose between queueing (`cancel-in-progress: false`) and cancelling older runs.

## References
- Fly.io continuous deployment with GitHub Actions: https://fly.io/docs/launch/continuous-deployment-with-github-actions/
- GitHub: using concurrency: https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs
- CWE-362: Concurrent Execution using Shared Resource with Improper Synchronization
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.workflow._fly import job_deploys, job_has_key


@rule(code="GHA008", name="deploy-without-concurrency", target="workflow", severity="info",
      tags=("reliability", "deploy"), cwe=(362,), controls=("SOC2-CC8.1",), default_enabled=False)
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if ("concurrency",) in wf.index.entries:
        return
    for job in wf.jobs:
        if job_has_key(wf, job, "concurrency") or not job_deploys(job):
            continue
        yield Violation(
            wf.source.span(job.key_start, job.key_end),
            f"job `{job.id}` deploys to Fly.io without a `concurrency:` group: two runs can deploy at once and the "
            "older commit may win; add `concurrency: deploy-group` (Fly.io's guide) to the job or the workflow",
        )
