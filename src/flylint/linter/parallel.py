"""A big tree linted by several processes: ``flylint check --jobs N``.

The projects are split into ``N`` runs of neighbours (never more than one run per
:data:`MIN_PROJECTS_PER_JOB` projects, so a small tree stays in one process, where a worker's
start would cost more than it saves). ``N - 1`` worker processes are forked after discovery
and grouping, before anything is read; each reads, parses and lints its share exactly as one
process would (:meth:`Linter.lint_sequence`), and this process lints the last share meanwhile.
A worker sends back what the rules made: the unfiltered findings, the (rule, file) pairs it
evaluated or found not applicable, and each project's files as the lint left them (sources;
models only where a suppression comment needs them, as in one process). The filters
(suppressions, per-file ignores, severity overrides, the baseline) then run here on everything
together, so the output is the same as with one process, byte for byte.

The fix loop's lints (:meth:`Linter.lint_projects` with ``remember``) are split the same way,
over the projects that are not kept from its last round: a worker also sends, per project, what
the rules found there, which this process keeps for the next round (the memo a project lints
to in one process). Its parse trees stay behind, as after a lint without ``remember``, but
for the workflows' (:data:`KEPT_ACROSS_ROUNDS`): the next round's grouping takes a kept
project's files as they are and reads how its workflows deploy fly configs, which decides
how the other projects build (tests/test_parallel.py has the case where it matters). Sending
every parse tree instead made a ``--fix --diff`` of 1,000 projects 30 % slower.

A worker that fails (it cannot start, dies or sends nothing usable) has its share linted here
afterwards: the run is slower, never incomplete. Processes are forked (Linux and other POSIX
systems but macOS); elsewhere everything runs in one process.
"""

from __future__ import annotations

from collections.abc import MutableSet
from typing import TYPE_CHECKING, Any

from flylint.base.records import record

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from flylint.linter.engine import Linter
    from flylint.linter.model import Finding
    from flylint.linter.project import Project, ProjectFile

#: a worker pays for itself from about this many projects on (its fork, the transfer of what it
#: found, the rules' lazy set-up it repeats)
MIN_PROJECTS_PER_JOB = 64


#: what the rules made in one project: its unfiltered findings, the (rule, file) pairs evaluated,
#: and those found not applicable with the reason
Memo = tuple[list["Finding"], MutableSet[tuple[str, str]], dict[tuple[str, str], str]]


@record
class Share:
    """What linting one run of projects produced, before the filters."""

    findings: list[Finding]
    evaluated: MutableSet[tuple[str, str]]
    not_applicable: dict[tuple[str, str], str]
    files: list[list[ProjectFile]]  # per project of the share, its files after the lint
    # with ``remember``, per project: (findings, evaluated, not applicable) made there
    memos: list[Memo] | None = None


#: the kinds of file whose parse trees a fix-loop worker sends back: what the next round's
#: grouping reads from the projects it keeps (see the module docstring)
KEPT_ACROSS_ROUNDS = frozenset({"workflow"})


def job_count(jobs: int, projects: int) -> int:
    """How many processes lint ``projects`` projects when ``jobs`` are allowed."""
    return max(1, min(jobs, projects // MIN_PROJECTS_PER_JOB))


def can_fork() -> bool:
    """Whether workers can be forked safely: POSIX, but not macOS, where a forked child of a
    process that touched system frameworks may crash (Python itself no longer forks there)."""
    import multiprocessing
    import sys

    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def lint_in_workers(linter: Linter, projects: list[Project], remember: bool = False) -> list[Share] | None:
    """The shares of ``projects``, linted by up to ``linter.jobs`` processes; ``None`` when one
    process should do it all (a small tree, or no fork). With ``remember`` (the fix loop), the
    projects kept from the last round are not linted again: they make the last share, and each
    linted project keeps what was found there (see :meth:`Linter.lint_projects`)."""
    kept = [p for p in projects if linter.remembers(p)] if remember else []
    todo = [p for p in projects if not linter.remembers(p)] if kept else projects
    jobs = job_count(linter.jobs, len(todo))
    if jobs < 2 or not can_fork():
        return None
    import multiprocessing

    context = multiprocessing.get_context("fork")
    bounds = [len(todo) * i // jobs for i in range(jobs + 1)]
    shares = [todo[bounds[i]:bounds[i + 1]] for i in range(jobs)]
    workers: list[tuple[Any, Connection] | None] = []
    for share in shares[:-1]:
        receive, send = context.Pipe(duplex=False)
        try:
            process = context.Process(target=_work, args=(linter, share, send, remember), daemon=True)
            process.start()
        except OSError:  # cannot fork now (process limit, memory): this process does the share
            receive.close()
            workers.append(None)
        else:
            workers.append((process, receive))
        finally:
            send.close()
    progress = linter.progress
    if progress is not None:  # the workers cannot report: count this process's share for all
        total = len(projects)
        linter.progress = lambda done, _n: progress(min(total, done * jobs), total)
    try:
        mine = _lint_share(linter, shares[-1], remember)
    finally:
        linter.progress = progress
    out: list[Share] = []
    for share, worker in zip(shares, workers, strict=False):  # the last share is this process's
        part = _receive(worker)
        if part is None or len(part.files) != len(share) or (remember and len(part.memos or ()) != len(share)):
            part = _lint_share(linter, share, remember)  # the worker failed: its share is linted here
        else:
            for n, (project, files) in enumerate(zip(share, part.files, strict=True)):
                project.adopt(files)
                if part.memos is not None:
                    project.lint_memo = (linter, *part.memos[n], linter.fixable_only)
        out.append(part)
    out.append(mine)
    if kept:
        out.append(_lint_share(linter, kept, remember))  # what they hold, added as in one process
    if progress is not None:
        progress(len(projects), len(projects))
    return out


def _lint_share(linter: Linter, share: list[Project], remember: bool = False) -> Share:
    from flylint.linter.engine import LintResult

    result = LintResult([], share, rules=linter.rules, resolver=linter.resolver)
    linter.lint_sequence(share, result, set(), remember)
    memos = [p.lint_memo[1:4] for p in share] if remember else None
    return Share(result.findings, result.evaluated, result.not_applicable, [p.files for p in share], memos)


def _work(linter: Linter, share: list[Project], send: Connection, remember: bool = False) -> None:
    """A worker's whole life: lint the share, send it, end. Nothing is printed here: a failure
    only means the share is linted again by the parent."""
    import pickle

    from flylint.linter.engine import release

    linter.progress = None
    try:
        part = _lint_share(linter, share, remember)
        if remember:  # the parse trees are not sent, but those a later round reads
            for project in share:
                release(project, KEPT_ACROSS_ROUNDS)
        data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
        send.send_bytes(data)
    except Exception:  # the parent lints the share again; a traceback here would only be noise
        pass
    finally:
        send.close()


def _receive(worker: tuple[Any, Connection] | None) -> Share | None:
    if worker is None:
        return None
    import pickle

    process, receive = worker
    try:
        # our own forked child's reply over a private pipe (never a file others can write)
        part = pickle.loads(receive.recv_bytes())
    except (EOFError, OSError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        part = None
    finally:
        receive.close()
        process.join()
    return part if isinstance(part, Share) else None
