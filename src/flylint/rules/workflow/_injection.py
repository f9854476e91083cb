"""Expressions pasted into scripts of Fly.io jobs (not a rule: shared by GHA009 and GHA010).

A ``${{ … }}`` in ``run:`` (or in ``actions/github-script``'s ``script:``) is replaced by its
value before the shell (or Node) reads the script, so quotes, ``$(…)`` or backticks in the value
become code. :func:`injections` lists each such expression in a job that can read the Fly.io
token whose value can carry text chosen outside the repository (see ``_expr``), sorted into:

- ``"privileged"``: some trigger of the workflow fills the value in *and* runs with the
  repository's secrets for outsiders (``issues``, ``issue_comment``, ``pull_request_target``,
  ``discussion``, ``workflow_run``, ``push`` of merged commits …);
- ``"unprivileged"``: only ``pull_request``-family events fill it in (fork pull requests run
  without secrets, but the script still runs the text), or it is a free-text
  ``workflow_dispatch`` input.

``env.NAME`` is followed to the value of ``NAME`` in the step, job or workflow ``env:``.
"""

from __future__ import annotations

import re

from flylint.base.lazyre import lazy
from flylint.base.records import record
from flylint.linter.parsers.workflow import Job, Scalar, Step, Workflow, find_expressions
from flylint.rules.workflow._expr import controllable, display, value_sources
from flylint.rules.workflow._fly import env_chain, job_uses_fly

_GITHUB_SCRIPT = lazy(r"(?i)^actions/github-script(@|$)")
# events under which a fork or any GitHub user can start a run that has the repository's secrets
PRIVILEGED = frozenset({"issues", "issue_comment", "pull_request_target", "discussion", "discussion_comment",
                        "workflow_run", "push", "commit_comment", "gollum"})
_WHO = {  # what the value is, and who chooses it
    "issue": ("an issue's title or body", "anyone who can open an issue chooses it"),
    "comment": ("a comment's body", "anyone who can comment chooses it"),
    "review": ("a pull request review's body", "the reviewer chooses it"),
    "discussion": ("a discussion's title or body", "anyone who can post chooses it"),
    "pages": ("a wiki page name", "anyone who can edit the wiki chooses it"),
    "pull_request": ("a pull request's title, body or branch name", "its author chooses it"),
    "head_ref": ("the pull request's branch name", "its author chooses it"),
    "commits": ("commit messages and author names", "merged pull requests bring in their authors' text"),
    "head_commit": ("the head commit's message or author", "a merged pull request brings in its author's text"),
    "workflow_run": ("the triggering run's branch name or commit message", "a fork's pull request can choose it"),
    "inputs": ("a free-text workflow_dispatch input", "whoever starts the run types it"),
}


@record
class Injection:
    job: Job
    step: Step
    start: int  # file offsets of the whole ``${{ … }}``
    end: int
    expression: str
    path: tuple[str, ...]  # the context path that carries outside text
    kind: str  # "privileged" | "unprivileged"
    via_env: str | None = None  # ``env.NAME`` that led to the path

    @property
    def what(self) -> str:
        p = self.path
        if p[0] == "inputs" or p[:3] == ("github", "event", "inputs"):
            key = "inputs"
        elif p[:2] == ("github", "head_ref"):
            key = "head_ref"
        else:
            key = p[2] if p[:2] == ("github", "event") and len(p) > 2 else "event"
        return "{} ({})".format(*_WHO.get(key, ("event data", "it holds text chosen outside the repository")))

    @property
    def env_name(self) -> str:
        parts = [part for part in self.path[1:] if part not in ("*", "event")][-2:] or ["value"]
        return re.sub(r"[^A-Za-z0-9]+", "_", "_".join(parts)).strip("_").upper() or "VALUE"

    @property
    def shown(self) -> str:
        text = " ".join(self.expression.split())
        return text if len(text) <= 70 else text[:67] + "…"


def _dispatch_text_inputs(wf: Workflow) -> set[str]:
    """Names of ``workflow_dispatch`` inputs declared as free text (``type: string`` or no type)."""
    if "workflow_dispatch" not in wf.triggers:
        return set()
    names: set[str] = set()
    text = wf.source.text
    for path in wf.index.entries:
        if len(path) == 4 and path[:3] == ("on", "workflow_dispatch", "inputs") and isinstance(path[3], str):
            typ = wf.index.entries.get((*path, "type"))
            kind = text[typ.value_start:typ.value_end].strip().strip("'\"").lower() if typ else "string"
            if kind == "string":
                names.add(path[3].lower())
    return names


def _classify(wf: Workflow, path: tuple[str, ...], dispatch_inputs: set[str]) -> str | None:
    if (path[:1] == ("inputs",) and len(path) > 1) or (path[:3] == ("github", "event", "inputs") and len(path) > 3):
        name = path[1] if path[0] == "inputs" else path[3]
        return "unprivileged" if name in dispatch_inputs else None
    events = controllable(path)
    if not events:
        return None
    triggers = set(wf.triggers)
    explicit = events & triggers
    if explicit & PRIVILEGED:
        return "privileged"
    if "workflow_call" in triggers:  # the caller's event: known only by the field's own event family
        return "privileged" if events <= PRIVILEGED else "unprivileged"
    return "unprivileged" if explicit else None


def _sources(expr: str, chain: list[dict[str, Scalar]], depth: int = 0) -> list[tuple[tuple[str, ...], str | None]]:
    found = value_sources(expr)
    if not found:
        return []
    out: list[tuple[tuple[str, ...], str | None]] = []
    for path in sorted(found):
        if path[0] == "env" and len(path) == 2 and depth < 3:
            name = path[1]
            for block in chain:
                hit = next(((k, sc) for k, sc in block.items() if k.lower() == name), None)
                if hit is not None:
                    for m in find_expressions(hit[1].value):
                        out.extend((p, f"env.{hit[0]}") for p, _ in _sources(m.group(1), chain, depth + 1))
                    break
        else:
            out.append((path, None))
    return out


def _sinks(step: Step) -> list[Scalar]:
    sinks = [step.run] if step.run is not None else []
    if step.uses is not None and _GITHUB_SCRIPT.match(step.uses.value.strip()):
        script = step.with_.get("script")
        if script is not None:
            sinks.append(script)
    return sinks


def injections(wf: Workflow) -> list[Injection]:
    if "${{" not in wf.source.text:
        return []
    dispatch_inputs = _dispatch_text_inputs(wf)
    out: list[Injection] = []
    for job in wf.jobs:
        if not job.steps or not job_uses_fly(wf, job):
            continue
        for step in job.steps:
            sinks = _sinks(step)
            if not sinks:
                continue
            chain = env_chain(wf, job, step)
            for sink in sinks:
                for m in find_expressions(sink.value):
                    best: tuple[tuple[str, ...], str | None, str] | None = None
                    for path, via in _sources(m.group(1), chain):
                        kind = _classify(wf, path, dispatch_inputs)
                        if kind is not None and (best is None or (kind == "privileged" and best[2] != kind)):
                            best = (path, via, kind)
                    if best is None:
                        continue
                    start, end = sink.range_of(m.start(), m.end())
                    out.append(Injection(job, step, start, end, m.group(1).strip(), best[0], best[2], best[1]))
    return out


def message(inj: Injection, privileged: bool) -> str:
    where = "in a job that can read the Fly.io token"
    if not privileged and inj.path[0] != "inputs" and inj.path[:3] != ("github", "event", "inputs"):
        where = "in a job that deploys to Fly.io (fork pull requests run without secrets, but the text still runs)"
    head = (f"`${{{{ {inj.shown} }}}}` pastes {inj.what} into the script before the shell reads it, {where}: "
            "a quote or `$(…)` in it becomes code")
    if inj.via_env:
        name = inj.via_env.split(".", 1)[1]
        return (f"{head} (`{inj.via_env}` holds `{display(inj.path)}`). It is already an environment variable: "
                f"use \"${name}\" in the script instead of the expression")
    return (f"{head}. Pass it through `env:` (`{inj.env_name}: ${{{{ {inj.shown} }}}}`) and use "
            f"\"${inj.env_name}\" in the script")
