"""Container action in a deploy workflow is not pinned by digest.

## What it does
In workflows that deploy to Fly.io, reports `uses: docker://image:tag` steps whose image has
no `@sha256:` digest (`docker://alpine:3.20`, `docker://ghcr.io/org/tool`).

## Why is this bad?
An image tag can be re-pushed at any time, so the step may run a different image tomorrow,
inside the job that holds `FLY_API_TOKEN`. A digest names exactly one image. This is
informational because the risk depends on who publishes the image.

## Severity
Info: a container action pinned by tag can change; pinning by digest is hygiene.

## Example
```yaml
- uses: docker://ghcr.io/example/deploy-tool:1.2
```

Use instead:
```yaml
- uses: docker://ghcr.io/example/deploy-tool:1.2@sha256:<digest>
```

## Fix safety
No fix: flylint works offline and cannot resolve the digest.

## References
- GitHub: `jobs.<job_id>.steps[*].uses` with Docker Hub and registry images: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#example-using-a-docker-hub-action
- OpenSSF Scorecard Pinned-Dependencies; CIS Docker Benchmark 4.2 (trusted base images)
- CWE-829: Inclusion of Functionality from Untrusted Control Sphere
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule


@rule(code="GHA004", name="docker-action-without-digest", target="workflow", severity="info",
      tags=("security", "supply-chain"), cwe=(829,), controls=("SOC2-CC6.8", "SOC2-CC8.1"))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if not wf.deploys_to_fly:
        return
    for _job, step in wf.steps():
        if step.uses is None:
            continue
        value = step.uses.value.strip()
        if not value.startswith("docker://") or "@sha256:" in value or "${{" in value:
            continue
        image = value[len("docker://") :]
        if not image:
            continue
        yield Violation(
            wf.source.span(step.uses.start, step.uses.end),
            f"`{value}` runs the image `{image}` by tag, which can be re-pushed: pin it by digest "
            f"(`docker://{image}@sha256:<digest>`)",
            snippet=f"docker-action:{image}",
        )
