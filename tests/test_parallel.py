"""--jobs: a big tree linted by several processes gives the same result as one process."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from flylint.linter import parallel
from flylint.linter.engine import Linter, LintResult
from flylint.linter.output import OutputOptions, render

SOURCES = [REPO / "examples" / "sample-app", REPO / "examples" / "hardened-app"] + sorted(
    p for p in (REPO / "skills" / "flyio" / "examples").iterdir() if p.is_dir())

EXTRA = {
    # an inline suppression: the filters need the file's model, which a worker sends back
    "suppressed": {"Dockerfile": "FROM node:20\n# flylint: ignore[DKR001] the base image runs as node\n"
                                 "CMD [\"node\", \"server.js\"]\n",
                   "fly.toml": 'app = "s"\n[http_service]\ninternal_port = 8080\nforce_https = true\n'},
    # a file that does not parse
    "broken": {"fly.toml": 'app = "b"\n[http_service\ninternal_port = 8080\n'},
    # a structural fix whose edits are computed lazily (tomlkit): they must cross the pipe
    # a deploy script ShellCheck warns about (SH090, for the --select test)
    "script": {"deploy.sh": '#!/bin/bash\ncd /srv\nrm -rf "$BUILD"/*\nfly deploy --app x\n',
               "fly.toml": 'app = "x"\n[http_service]\ninternal_port = 8080\nforce_https = true\n'},
    "no-checks": {"fly.toml": 'app = "n"\n[http_service]\ninternal_port = 8080\nforce_https = false\n',
                  "Dockerfile": "FROM python:3.12-slim\nUSER 1000\nCMD [\"python\", \"app.py\"]\n"},
}


def _tree(root: Path, count: int) -> Path:
    for i in range(count):
        target = root / f"p{i:03d}"
        variant = i % (len(SOURCES) + len(EXTRA))
        if variant < len(SOURCES):
            shutil.copytree(SOURCES[variant], target)
        else:
            target.mkdir()
            for name, text in list(EXTRA.values())[variant - len(SOURCES)].items():
                (target / name).write_text(text, encoding="utf-8")
    return root


def _lint(root: Path, jobs: int, **settings: object) -> tuple[LintResult, dict[str, str]]:
    linter = Linter()
    linter.jobs = jobs
    result = linter.lint_paths([str(root)])
    rendered = {fmt: render(result, fmt, OutputOptions(**settings))  # type: ignore[arg-type]
                for fmt in ("text", "json", "sarif", "github", "junit", "gitlab")}
    return result, rendered


#: projects per process in these tests: small trees split as 64 would split big ones (the
#: threshold itself is checked in test_a_small_tree_stays_in_one_process)
PER_JOB = 8


@pytest.fixture(scope="module", autouse=True)
def _small_shares() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "MIN_PROJECTS_PER_JOB", PER_JOB)
        yield


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tree(tmp_path_factory.mktemp("big"), 2 * PER_JOB + len(SOURCES) + len(EXTRA))


@pytest.fixture(scope="module")
def in_one_process(big_tree: Path) -> tuple[LintResult, dict[str, str]]:
    return _lint(big_tree, 1)


def test_two_processes_give_the_same_output_in_every_format(
        big_tree: Path, in_one_process: tuple[LintResult, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    one, one_out = in_one_process
    here: list[int] = []  # shares linted in this process (a worker's calls happen in its own copy)
    lint_share = parallel._lint_share
    monkeypatch.setattr(parallel, "_lint_share",
                        lambda linter, share, remember=False: here.append(len(share)) or lint_share(linter, share))
    two, two_out = _lint(big_tree, 2)
    assert len(here) == 1 and here[0] < len(two.projects)  # the worker's share came from the worker
    assert parallel.job_count(2, len(two.projects)) == 2  # the tree is big enough to be split
    for fmt, text in one_out.items():
        assert two_out[fmt] == text, fmt
    assert (len(two.findings), two.suppressed, two.baselined) == (len(one.findings), one.suppressed, one.baselined)
    assert set(two.evaluated) == set(one.evaluated) and two.not_applicable == one.not_applicable
    assert [pf.path for pf in two.files] == [pf.path for pf in one.files]
    assert one.suppressed > 0 and any(f.code == "FLY000" for f in two.findings)
    # the fixes made in a worker are there, edits and all (SARIF carries them)
    assert any(f.fix is not None and len(f.fix.edits) > 0 for f in two.findings if f.code == "FLY001")


def test_a_failed_worker_s_share_is_linted_here(
        big_tree: Path, in_one_process: tuple[LintResult, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    _, one_out = in_one_process

    def die(linter: Linter, share: list[object], send: object, remember: bool = False) -> None:
        send.close()  # type: ignore[attr-defined]  # a worker that sends nothing, as one that crashed

    monkeypatch.setattr(parallel, "_work", die)
    _, two_out = _lint(big_tree, 2)
    assert two_out == one_out


def test_a_small_tree_stays_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PROJECTS_PER_JOB", 64)  # the shipped threshold
    assert parallel.job_count(8, 127) == 1
    assert parallel.job_count(8, 128) == 2 and parallel.job_count(8, 200) == 3
    assert parallel.job_count(1, 10_000) == 1
    linter = Linter()
    linter.jobs = 8
    projects = Linter().lint_paths([str(_tree(tmp_path, 3))]).projects
    assert parallel.lint_in_workers(linter, projects) is None


def test_findings_and_frozen_records_survive_a_pickle(big_tree: Path) -> None:
    result, _ = _lint(big_tree / "p000", 1)
    for f in result.findings:
        back = pickle.loads(pickle.dumps(f))
        assert (back.code, back.message, back.span, back.path) == (f.code, f.message, f.span, f.path)
        if f.fix is not None:
            assert tuple(back.fix.edits) == tuple(f.fix.edits)


@pytest.mark.parametrize("value", ["x", "-1", "1.5", "99999"])
def test_jobs_must_be_a_number(value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flylint.cli.main import main

    assert main(["check", "--jobs", value, str(tmp_path)]) == 2
    assert "--jobs: expected a number of processes" in capsys.readouterr().err


def test_jobs_on_the_command_line(big_tree: Path, in_one_process: tuple[LintResult, dict[str, str]],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from flylint.cli.main import main

    code = main(["check", "--format", "json", "-j", "2", str(big_tree)])
    assert code == 1
    assert json.loads(capsys.readouterr().out) == json.loads(in_one_process[1]["json"])


def test_shellcheck_runs_in_the_workers_too(big_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # SH090 starts ShellCheck on a thread pool: a worker forked from a process that had one
    # starts its own (shellcheck.py forgets the parent's pool in the child)
    from flylint.cli.main import main
    from flylint.linter.shellcheck import find_shellcheck

    if find_shellcheck() is None:
        pytest.skip("ShellCheck is not installed")
    outs = []
    for jobs in ("1", "2"):
        main(["check", "--format", "json", "--select", "SH090", "-j", jobs, str(big_tree)])
        outs.append(capsys.readouterr().out)
    import difflib
    assert outs[0] == outs[1], "\n".join(list(difflib.unified_diff(outs[0].splitlines(), outs[1].splitlines(), lineterm=""))[:30])
    assert "\"SH090\"" in outs[0]


# -- the fix loop ------------------------------------------------------------------------------
def _fix(root: Path, jobs: int, diff_only: bool = True) -> tuple[object, ...]:
    from flylint.linter.fix import run_fixes

    linter = Linter()
    linter.jobs = jobs
    run = run_fixes(linter, [str(root)], unsafe=True, diff_only=diff_only)
    return (run.applied, run.diffs, run.warnings, render(run.result, "json", OutputOptions()))


def test_the_fix_loop_gives_the_same_fixes_with_two_processes(
        big_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = _fix(big_tree, 1)
    here: list[tuple[int, bool]] = []  # shares linted in this process, and whether kept for a round
    lint_share = parallel._lint_share
    monkeypatch.setattr(parallel, "_lint_share", lambda linter, share, remember=False: (
        here.append((len(share), remember)) or lint_share(linter, share, remember)))
    two = _fix(big_tree, 2)
    assert two == one
    assert one[0] and one[1]  # fixes were applied, diffs made
    rounds = [n for n, remember in here if remember]
    # the first round of the loop was split: this process linted only part of the tree
    assert rounds and rounds[0] < len(list(big_tree.iterdir()))


def test_fix_writes_the_same_files_with_two_processes(big_tree: Path, tmp_path: Path) -> None:
    trees = []
    for jobs in (1, 2):
        root = tmp_path / f"j{jobs}"
        shutil.copytree(big_tree, root)
        applied = _fix(root, jobs, diff_only=False)[0]
        assert applied
        trees.append({str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()})
    assert trees[0] == trees[1]


def test_a_failed_worker_in_the_fix_loop_changes_nothing(big_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = _fix(big_tree, 1)

    def die(linter: Linter, share: list[object], send: object, remember: bool = False) -> None:
        send.close()  # type: ignore[attr-defined]

    monkeypatch.setattr(parallel, "_work", die)
    assert _fix(big_tree, 2) == one


def _deployed_by_workflow(root: Path, count: int) -> Path:
    """Projects whose fly config a workflow deploys (the workflow's project holds the config as
    context, and the next round's grouping reuses it), with two fixes to the same .dockerignore
    that take two rounds: the second needs the config's parsed model in the round after."""
    for i in range(count):
        p = root / f"p{i:03d}"
        (p / ".github" / "workflows").mkdir(parents=True)
        (p / ".github" / "workflows" / "fly.yml").write_text(
            "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n"
            "      - run: flyctl deploy --remote-only --config fly.web.toml --dockerfile Dockerfile.web\n",
            encoding="utf-8")
        (p / "fly.web.toml").write_text(f'app = "w{i}"\n[http_service]\n  internal_port = 8000\n'
                                        "  force_https = true\n  auto_stop_machines = true\n", encoding="utf-8")
        (p / "Dockerfile.web").write_text("FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
                                          encoding="utf-8")
        (p / ".dockerignore").write_text("node_modules/\n", encoding="utf-8")
        (p / ".env.ci").write_text("CI=1\n", encoding="utf-8")
    return root


def test_a_later_round_sees_the_parse_trees_a_worker_made(tmp_path: Path) -> None:
    root = _deployed_by_workflow(tmp_path, 2 * PER_JOB + 2)
    one, two = _fix(root, 1), _fix(root, 2)
    assert two == one
    # both .dockerignore fixes landed in every project: the second round judged the ignore file
    # with the Dockerfile the workflow's config names, in whichever process linted it
    applied = one[0]
    assert isinstance(applied, list)
    for i in range(2 * PER_JOB + 2):
        assert {c for c in ("DKR100", "DKR101") if any(f"p{i:03d}/.dockerignore" in a and c in a for a in applied)} \
            == {"DKR100", "DKR101"}, i
