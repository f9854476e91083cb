"""Helpers shared by the GitHub workflow rules (not a rule: the registry skips ``_`` modules)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.linter.parsers.commands import fly_subcommand
from flylint.linter.parsers.workflow import Job, Scalar, Step, Workflow, find_expressions

TOKEN_NAMES = frozenset({"FLY_API_TOKEN", "FLY_ACCESS_TOKEN"})
_TOKEN_TEXT = lazy(r"\bFLY_(API|ACCESS)_TOKEN\b|secrets\.FLY[A-Z0-9_]*TOKEN|secrets:\s*inherit")
_DEPLOY_ACTIONS = lazy(r"(?i)^superfly/(fly-pr-review-apps|flyctl-actions)(@|$)")
_CONTEXT = lazy(r"(?<![\w.])(secrets|vars|env|github|inputs|steps|needs|matrix|jobs|strategy|runner)\s*(?=[.\[])")


def job_text(wf: Workflow, job: Job) -> str:
    entry = wf.index.entries.get(("jobs", job.id))
    if entry is None:
        return ""
    return wf.source.text[entry.key_start : entry.value_end]


def job_has_key(wf: Workflow, job: Job, key: str) -> bool:
    return ("jobs", job.id, key) in wf.index.entries


def step_runs_fly(step: Step, subcommands: tuple[str, ...] | None = None) -> bool:
    """The step runs flyctl (one of ``subcommands`` when given) or a Fly deploy action."""
    if step.uses is not None and _DEPLOY_ACTIONS.match(step.uses.value.strip()):
        if "fly-pr-review-apps" in step.uses.value:
            return subcommands is None or "deploy" in subcommands
        args = step.with_.get("args")
        if args is not None:
            first = args.value.split()[:1]
            return subcommands is None or (bool(first) and first[0] in subcommands)
    script = step.script()
    if script is None:
        return False
    for cmd in script.commands:
        sub = fly_subcommand(cmd)
        if sub and (subcommands is None or sub[0] in subcommands):
            return True
    return False


def job_deploys(job: Job) -> bool:
    """The job runs ``fly deploy`` (or a Fly deploy action)."""
    return any(step_runs_fly(step, ("deploy",)) for step in job.steps)


def job_uses_fly(wf: Workflow, job: Job) -> bool:
    """The job runs flyctl or can read the Fly.io token."""
    if any(step_runs_fly(step) for step in job.steps):
        return True
    if _TOKEN_TEXT.search(job_text(wf, job)):
        return True
    return any(name in TOKEN_NAMES for name in wf.env)


def fly_jobs(wf: Workflow) -> list[Job]:
    return [job for job in wf.jobs if job_uses_fly(wf, job)]


def expressions(text: str) -> list[str]:
    return [m.group(1).strip() for m in find_expressions(text)]


def contexts(expr: str) -> set[str]:
    """Contexts an expression reads (``secrets``, ``vars``, ``github`` …)."""
    cleaned = re.sub(r"'(?:[^']|'')*'", "''", expr)  # string literals cannot read contexts
    return {m.group(1) for m in _CONTEXT.finditer(cleaned)}


def env_chain(wf: Workflow, job: Job | None, step: Step | None) -> list[dict[str, Scalar]]:
    """Env blocks visible from a position, nearest first."""
    chain: list[dict[str, Scalar]] = []
    if step is not None:
        chain.append(step.env)
    if job is not None:
        chain.append(job.env)
    chain.append(wf.env)
    return chain


def iter_env(wf: Workflow) -> Iterator[tuple[Job | None, Step | None, str, Scalar]]:
    for name, sc in wf.env.items():
        yield None, None, name, sc
    for job in wf.jobs:
        for name, sc in job.env.items():
            yield job, None, name, sc
        for step in job.steps:
            for name, sc in step.env.items():
                yield job, step, name, sc
