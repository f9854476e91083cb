"""``uses:`` references of a workflow, classified for the pinning rules (not a rule module)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.base.records import record
from flylint.linter.parsers.workflow import Scalar, Workflow

FULL_SHA = lazy(r"^[0-9a-f]{40}$")
_SHORT_SHA = lazy(r"^[0-9a-f]{7,39}$")
_BRANCHES = frozenset({"main", "master", "develop", "dev", "trunk", "head", "latest", "stable", "release", "next",
                       "nightly", "edge", "canary"})
FIRST_PARTY = frozenset({"actions", "github"})


@record(slots=True)
class UsesRef:
    scalar: Scalar
    owner: str
    repo: str  # owner/name[/path]
    ref: str


def action_refs(wf: Workflow) -> Iterator[UsesRef]:
    """Every remote ``owner/repo[/path]@ref`` in ``jobs.*.uses`` and ``steps[*].uses``."""
    scalars = [job.uses for job in wf.jobs if job.uses is not None]
    scalars += [step.uses for _, step in wf.steps() if step.uses is not None]
    for sc in scalars:
        value = sc.value.strip()
        if not value or value.startswith(("./", "docker://")) or "@" not in value or "${{" in value:
            continue
        repo, _, ref = value.rpartition("@")
        owner, slash, name = repo.partition("/")
        if not owner or not slash or not name or not ref:
            continue  # not a valid owner/repo@ref (actionlint reports those)
        yield UsesRef(sc, owner, repo, ref)


def describe_ref(ref: str) -> str:
    if _SHORT_SHA.match(ref):
        return f"the abbreviated commit `{ref}`"
    if ref.lower() in _BRANCHES or not re.search(r"\d", ref):
        return f"the branch `{ref}`"
    return f"the tag `{ref}`"
