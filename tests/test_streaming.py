"""A big tree is never held whole: projects are read a window ahead of the rules and their parse
trees are released once their findings are made; the results are the same as reading all."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_project

from flylint.linter import engine
from flylint.linter.config import Settings
from flylint.linter.engine import Evaluated, Linter
from flylint.linter.project import ProjectFile

FLY = 'app = "a{i}"\n\n[http_service]\n  internal_port = 8080\n'
DOCKERFILE = "FROM python:3.12-slim\nCOPY . .\nCMD [\"python\", \"app.py\"]\n"


def _tree(root: Path, n: int) -> None:
    for i in range(n):
        write_project(root, {f"app{i:02}/fly.toml": FLY.format(i=i), f"app{i:02}/Dockerfile": DOCKERFILE})


def test_projects_are_read_a_window_ahead(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(in_tmp, 10)
    monkeypatch.setattr(engine, "WINDOW", 2)
    loads: list[str] = []
    real = ProjectFile.load.__func__  # type: ignore[attr-defined]

    def counting(cls: type[ProjectFile], path: str, *args: object, **kwargs: object) -> ProjectFile:
        loads.append(path)
        return real(cls, path, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(ProjectFile, "load", classmethod(counting))
    read_when: list[int] = []
    linter = Linter(Settings())
    linter.progress = lambda done, total: read_when.append(len({p.split("/")[-2] for p in loads}))
    linter.lint_paths(["."])
    assert read_when[0] <= 1 + 2 * 2  # the first project and two windows, not the ten
    assert read_when[-1] == 10
    assert all(read <= done + 2 * 2 for done, read in enumerate(read_when, 1))


def test_parse_trees_are_released_and_results_unchanged(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(in_tmp, 6)
    (in_tmp / "app03/Dockerfile").write_text("# flylint: ignore[DKR001] runs as root on purpose\n" + DOCKERFILE)
    monkeypatch.setattr(engine, "WINDOW", 1)
    result = Linter(Settings()).lint_paths(["."])
    kept = {pf.path for p in result.projects for pf in p.files if pf.model is not None}
    assert kept == {"./app03/Dockerfile"}  # the filters read where its statements start
    monkeypatch.setattr(engine, "WINDOW", 100)
    monkeypatch.setattr(engine, "release", lambda project: None)
    whole = Linter(Settings()).lint_paths(["."])
    assert [(f.code, f.path, f.span.line) for f in result.findings] == \
        [(f.code, f.path, f.span.line) for f in whole.findings]
    assert result.suppressed == whole.suppressed == 1
    assert set(result.evaluated) == set(whole.evaluated)


def test_evaluated_is_a_set_of_pairs() -> None:
    ev = Evaluated([("FLY001", "a/fly.toml"), ("FLY002", "a/fly.toml")])
    ev.freeze()
    ev.add(("FLY003", "a/fly.toml"))
    ev.add(("FLY001", "b/fly.toml"))
    ev.discard(("FLY002", "a/fly.toml"))
    assert ("FLY003", "a/fly.toml") in ev and ("FLY002", "a/fly.toml") not in ev
    assert {("FLY001", "b/fly.toml")} <= ev
    assert set(ev) == {("FLY001", "a/fly.toml"), ("FLY003", "a/fly.toml"), ("FLY001", "b/fly.toml")}
    assert len(ev) == 3
    ev.freeze()
    ev2 = Evaluated([("FLY001", "c"), ("FLY003", "c")])
    assert ev2 == {("FLY001", "c"), ("FLY003", "c")}


def test_done_projects_are_frozen_for_the_collector_and_thawed_after(in_tmp: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    _tree(in_tmp, 4)
    monkeypatch.setattr(engine, "WINDOW", 1)
    frozen: list[int] = []
    linter = Linter(Settings())
    linter.progress = lambda done, total: frozen.append(gc.get_freeze_count())
    before = gc.get_freeze_count()
    linter.lint_paths(["."])
    assert frozen[-1] > before  # objects of the projects done are out of the collector's way
    assert gc.get_freeze_count() == 0  # and back in its care once the run is over
