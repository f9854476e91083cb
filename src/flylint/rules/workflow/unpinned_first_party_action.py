"""GitHub's own action in a deploy workflow is not pinned to a commit.

## What it does
In workflows that deploy to Fly.io, reports `uses:` of an action from the `actions/` or
`github/` organisations (`actions/checkout@v4`, `github/codeql-action/upload-sarif@v3`) that is
not pinned to a full 40-character commit SHA. Third-party actions are `unpinned-action`
(warning).

## Why is this bad?
These actions are maintained by GitHub, so a moved tag is far less likely than for a third-party
action; that is why this is informational. Pinning them anyway makes every step of the deploy
job reproducible, is what OpenSSF Scorecard and zizmor's strict policy ask for, and costs
nothing once Dependabot or Renovate maintain the SHAs.

## Severity
Info: GitHub's own actions are far less likely to be moved to hostile code; pinning them is
hygiene.

## Example
```yaml
- uses: actions/checkout@v4
```

Use instead:
```yaml
- uses: actions/checkout@<40-character commit sha>  # v4.2.2
```

## Fix safety
No fix: flylint works offline and cannot look up the commit a tag points to.

## References
- GitHub: security hardening for GitHub Actions: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
- OpenSSF Scorecard Pinned-Dependencies; zizmor `unpinned-uses` (hash-pin policy)
- CWE-829: Inclusion of Functionality from Untrusted Control Sphere
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.workflow._pinning import FIRST_PARTY, FULL_SHA, action_refs, describe_ref


@rule(code="GHA003", name="unpinned-first-party-action", target="workflow", severity="info",
      tags=("security", "supply-chain"), cwe=(829,), controls=("SOC2-CC6.8", "SOC2-CC8.1"))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if not wf.deploys_to_fly:
        return
    for ref in action_refs(wf):
        if ref.owner.lower() not in FIRST_PARTY or FULL_SHA.match(ref.ref):
            continue
        yield Violation(
            wf.source.span(ref.scalar.start, ref.scalar.end),
            f"`{ref.scalar.value.strip()}` follows {describe_ref(ref.ref)}: pin the full commit SHA "
            f"(`{ref.repo}@<sha> # {ref.ref}`) so the deploy job runs the same code every time",
            snippet=f"unpinned:{ref.repo}@{ref.ref}",
        )
