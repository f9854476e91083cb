"""Deploy job runs on `pull_request_target`, an unguarded `workflow_run` or a pull request comment.

## What it does
Flags workflows triggered by `pull_request_target` in which a job deploys to Fly.io or can
read the Fly.io token (`FLY_API_TOKEN`, `secrets.FLY_*TOKEN`, `secrets: inherit`), unless the
job only runs for pull requests from the same repository
(`if: github.event.pull_request.head.repo.full_name == github.repository`, or
`!github.event.pull_request.head.repo.fork`).

Also flags `issue_comment` workflows (slash commands such as `/deploy`) whose Fly job fetches
the pull request's code (`ref: refs/pull/${{ github.event.issue.number }}/head` or `merge`,
`gh pr checkout`) without checking who commented (`github.event.comment.author_association`,
a collaborator-permission lookup, or a slash-command action's `permission-level`).

Also flags `workflow_run` workflows whose Fly job checks out or downloads what the triggering
run built (`ref: ${{ github.event.workflow_run.head_sha }}`, `head_branch`, artifacts fetched
with the triggering run's id) without checking that the triggering run came from a push
(`github.event.workflow_run.event == 'push'`) or from this repository
(`github.event.workflow_run.head_repository.full_name == github.repository`). The common
"deploy after CI passed on main" pattern, which checks out the default branch, is not flagged,
and neither is a `workflow_run` whose triggering workflows (`on.workflow_run.workflows`, matched
by `name:` or file name) are all in the same folder and run only on events outsiders cannot
start (`push`, `schedule`, `workflow_dispatch`, `release` …). When a triggering workflow is not
in the tree, the message says it was assumed to run for pull requests.

A `pull_request_target` job is an error when it checks out the pull request's code
(`head.sha`, `head.ref`, `refs/pull/…`) or expands text the pull request's author wrote
(`title`, `body`, `head_ref`) — the known "pwn request" hole. A job that only checks out the base
branch (a preview-app cleanup on `closed`) runs nothing of the fork: it is reported as info, so
the trust decision stays visible.

## Why is this bad?
Unlike `pull_request`, `pull_request_target` and `workflow_run` run with the repository's
secrets even when a fork's pull request started them. A job that then builds, tests or deploys
the pull request's code (or artifacts built from it) runs the attacker's code next to
`FLY_API_TOKEN`: they can print the token, deploy their own image to production or delete apps.
An `issue_comment` run has the secrets too, whoever wrote the comment: fetching the pull
request's code there is the same hole. Even without a checkout, giving the deploy token to a
workflow anyone can trigger widens the blast radius of every other bug in it.

## Severity
Error: the workflow shows the hole: code or text from a pull request runs in a job that can
read the Fly.io token. A pull_request_target job that only uses the base branch is info, and a
workflow_run whose triggering workflow is not in the tree says what flylint assumed.

## Example
```yaml
on: pull_request_target
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@<sha>
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: flyctl deploy --app "pr-${{ github.event.number }}"
        env:
          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
```

Use instead:
```yaml
on: pull_request   # fork PRs get no secrets; same-repo PRs deploy their preview
jobs:
  preview:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    ...
```

## Fix safety
No fix: the trigger and the trust boundary have to be redesigned by a person.

## References
- GitHub Security Lab, "Keeping your GitHub Actions and workflows secure: preventing pwn requests": https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
- zizmor `dangerous-triggers`; CIS Software Supply Chain Security Guide 1.4
- CWE-829: Inclusion of Functionality from Untrusted Control Sphere; CWE-284
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.model import Severity, Violation
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.rules.workflow._fly import fly_jobs, job_text

_SAME_REPO_PR = lazy(
    r"pull_request\.head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\."
    r"pull_request\.head\.repo\.full_name|!\s*github\.event\.pull_request\.head\.repo\.fork|"
    r"pull_request\.head\.repo\.fork\s*==\s*false")
_PR_HEAD = lazy(r"github\.event\.pull_request\.head\.(sha|ref|repo\.full_name)|github\.head_ref|refs/pull/|"
               r"\bgh\s+pr\s+checkout\b")
# an issue_comment workflow that fetches the pull request's code: the merge or head ref, or `gh pr checkout`
_COMMENT_PR_CODE = lazy(r"refs/pull/|\bgh\s+pr\s+checkout\b")
# the commenter's role or permission is checked before anything runs
_COMMENT_GUARD = lazy(r"(?i)author_association|getCollaboratorPermissionLevel|collaborators/[^\s]*/permission|"
                      r"permission-level|permission_level")
_RUN_GUARD = lazy(
    r"workflow_run\.event\s*==\s*['\"]push['\"]|workflow_run\.event\s*!=\s*['\"]pull_request|"
    r"workflow_run\.head_repository\.full_name\s*==\s*github\.repository|"
    r"github\.repository\s*==\s*github\.event\.workflow_run\.head_repository\.full_name|"
    r"workflow_run\.head_repository\.fork\s*==\s*false")
_RUN_UNTRUSTED = lazy(
    r"github\.event\.workflow_run\.(head_sha|head_branch|head_commit|pull_requests)|"
    r"run[-_]id:\s*\$\{\{\s*github\.event\.workflow_run\.id|action-download-artifact")


# triggers an outsider cannot start with code or data of their own
_TRUSTED_TRIGGERS = frozenset({"push", "schedule", "workflow_dispatch", "release", "create", "delete",
                               "repository_dispatch", "deployment", "deployment_status", "page_build",
                               "registry_package", "merge_group", "workflow_call", "check_suite"})
# event fields a pull request's author writes, expanded into a script: injection
_PR_TEXT = lazy(r"github\.event\.pull_request\.(title|body|head\.label)")


@rule(code="GHA005", name="untrusted-trigger-deploys", target="workflow", severity="error",
      tags=("security", "supply-chain"), cwe=(829, 284), controls=("SOC2-CC6.1", "SOC2-CC8.1"))
def check(wf: Workflow, ctx: RuleContext) -> Iterator[Violation]:
    if not {"pull_request_target", "workflow_run", "issue_comment"} & set(wf.triggers):
        return
    jobs = fly_jobs(wf)
    if not jobs:
        return
    if "pull_request_target" in wf.triggers:
        risky = [j for j in jobs if not _SAME_REPO_PR.search(job_text(wf, j))]
        if risky:
            names = ", ".join(f"`{j.id}`" for j in risky)
            head = [j for j in risky if _PR_HEAD.search(job_text(wf, j)) or _PR_TEXT.search(job_text(wf, j))]
            start, end = wf.triggers["pull_request_target"]
            if head:
                yield Violation(
                    wf.source.span(start, end),
                    f"pull_request_target runs with the repository's secrets for pull requests from forks, and "
                    f"job(s) {', '.join(f'`{j.id}`' for j in head)} deploy to Fly.io or can read FLY_API_TOKEN and "
                    "use the pull request's own code or text, which then runs with the token: use `pull_request` "
                    "(forks get no secrets) or restrict the jobs to same-repository pull requests",
                    snippet="untrusted-trigger:pull_request_target",
                )
            else:
                yield Violation(
                    wf.source.span(start, end),
                    f"pull_request_target gives job(s) {names} the Fly.io token for pull requests from forks; they "
                    "check out only the base branch and use no pull-request text, so nothing of the fork runs "
                    "(assumed from this file: keep it that way, or restrict the jobs to same-repository pull "
                    "requests)",
                    snippet="untrusted-trigger:pull_request_target",
                    severity=Severity.INFO,
                )
    if "issue_comment" in wf.triggers:
        risky = [j for j in jobs
                 if _COMMENT_PR_CODE.search(job_text(wf, j)) and not _COMMENT_GUARD.search(job_text(wf, j))]
        if risky:
            names = ", ".join(f"`{j.id}`" for j in risky)
            start, end = wf.triggers["issue_comment"]
            yield Violation(
                wf.source.span(start, end),
                f"issue_comment runs with the repository's secrets for a comment from anyone, and job(s) {names} fetch "
                "the pull request's code (`refs/pull/…`, `gh pr checkout`) with access to the Fly.io token, so a "
                "fork's code runs next to FLY_API_TOKEN: check the commenter first "
                "(`github.event.comment.author_association` is OWNER, MEMBER or COLLABORATOR)",
                snippet="untrusted-trigger:issue_comment",
            )
    if "workflow_run" in wf.triggers and not _RUN_GUARD.search(wf.source.text):
        risky = [j for j in jobs if _RUN_UNTRUSTED.search(job_text(wf, j))]
        if not risky:
            return
        sources = _run_sources(wf)
        _found, missing, untrusted = _triggering(wf, ctx, sources)
        if sources and not missing and not untrusted:
            return  # every triggering workflow is in the tree and runs only on trusted events
        names = ", ".join(f"`{j.id}`" for j in risky)
        if untrusted:
            why = "the triggering workflow " + ", ".join(f"`{n}`" for n in untrusted) + " runs for pull requests"
        elif missing:
            why = ("the triggering workflow " + ", ".join(f"`{n}`" for n in missing) + " is not in the tree, so "
                   "it is assumed to run for pull requests")
        else:
            why = "the triggering workflows are not named, so a pull request's run can be one"
        start, end = wf.triggers["workflow_run"]
        yield Violation(
            wf.source.span(start, end),
            f"workflow_run job(s) {names} use the triggering run's commit or artifacts with access to the Fly.io "
            f"token, and {why}: add `if: github.event.workflow_run.event == 'push'` (or check head_repository) "
            "before deploying",
            snippet="untrusted-trigger:workflow_run",
        )


def _run_sources(wf: Workflow) -> list[str]:
    on = wf.on if isinstance(wf.on, dict) else {}
    spec = on.get("workflow_run")
    names = spec.get("workflows") if isinstance(spec, dict) else None
    if isinstance(names, str):
        names = [names]
    return [str(n) for n in names] if isinstance(names, list) else []


def _triggering(wf: Workflow, ctx: RuleContext, sources: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(found, missing, untrusted) names among the workflows that trigger ``wf``."""
    by_name: dict[str, Workflow] = {}
    for pf in ctx.project.files_beside(wf.source.path, "workflow"):
        other = pf.model
        if isinstance(other, Workflow) and other is not wf:
            by_name.setdefault(other.name or pf.name, other)
            by_name.setdefault(pf.name, other)
    found, missing, untrusted = [], [], []
    for name in sources:
        other = by_name.get(name)
        if other is None:
            missing.append(name)
            continue
        found.append(name)
        if set(other.triggers) - _TRUSTED_TRIGGERS:
            untrusted.append(name)
    return found, missing, untrusted
