"""Third-party action in a deploy workflow is not pinned to a commit.

## What it does
In workflows that deploy to Fly.io, flags `uses:` of a third-party action or reusable workflow
(anything outside the `actions/` and `github/` organisations, including
`superfly/flyctl-actions`) that is not pinned to a full 40-character commit SHA:
`superfly/flyctl-actions/setup-flyctl@master`, `@v1`, `@1.5`. Local actions (`./…`) are fine;
first-party actions are `unpinned-first-party-action` (info) and container actions
`docker-action-without-digest`.

## Why is this bad?
Tags and branches can be moved by anyone who controls the action's repository, including an
attacker who stole a maintainer's credentials (as in the tj-actions/changed-files compromise of
March 2025, when tags of a popular action were rewritten to dump CI secrets). The action runs in
the deploy job, next to `FLY_API_TOKEN`, so a moved tag can ship the token to the attacker or
deploy their image. A commit SHA cannot be moved; tools such as Dependabot and Renovate keep
pinned SHAs up to date and leave the version in a comment.

## Severity
Warning: a third-party action followed by tag or branch can be changed to code that reads
FLY_API_TOKEN; GitHub's hardening guide asks for a SHA, reviewers ask on most projects. Not a
shown compromise.

## Example
```yaml
- uses: superfly/flyctl-actions/setup-flyctl@master
```

Use instead:
```yaml
- uses: superfly/flyctl-actions/setup-flyctl@<40-character commit sha>  # v1.5
```

## Fix safety
No fix: flylint works offline and cannot look up the commit a tag points to.

## References
- GitHub: security hardening for GitHub Actions, using third-party actions: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
- zizmor `unpinned-uses`; OpenSSF Scorecard Pinned-Dependencies; CIS Software Supply Chain Security Guide 1.x/2.x
- CWE-829: Inclusion of Functionality from Untrusted Control Sphere; CWE-494
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.workflow._pinning import FIRST_PARTY, FULL_SHA, action_refs, describe_ref


@rule(code="GHA002", name="unpinned-action", target="workflow", severity="warning",
      tags=("security", "supply-chain"), cwe=(829, 494), controls=("SOC2-CC6.8", "SOC2-CC8.1"))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if not wf.deploys_to_fly:
        return
    for ref in action_refs(wf):
        if ref.owner.lower() in FIRST_PARTY or FULL_SHA.match(ref.ref):
            continue
        yield Violation(
            wf.source.span(ref.scalar.start, ref.scalar.end),
            f"`{ref.scalar.value.strip()}` follows {describe_ref(ref.ref)}, which whoever controls "
            f"{'/'.join(ref.repo.split('/')[:2])} can move to new code that runs next to FLY_API_TOKEN; pin the "
            f"full commit SHA (`{ref.repo}@<sha> # {ref.ref}`)",
            snippet=f"unpinned:{ref.repo}@{ref.ref}",
        )
