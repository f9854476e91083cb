"""The fix loop re-lints only the projects a round touched (incremental views).

Each later round must give exactly the findings a full lint of the fixed texts gives, while
reading and parsing only the projects whose files (or folders) the round changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_project

from flylint.linter.config import Settings
from flylint.linter.engine import Linter, _untouched
from flylint.linter.fix import run_fixes
from flylint.linter.project import ProjectFile
from flylint.linter.source import FileView

NO_HTTPS = 'app = "demo"\n\n[http_service]\n  internal_port = 8080\n'
HTTPS = 'app = "demo"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n'
DOCKERFILE = "FROM python:3.12-slim\nCOPY . .\nCMD [\"python\", \"app.py\"]\n"


def _key(result: object) -> list[tuple[str, str, int, int, str]]:
    return [(f.code, f.path, f.span.line, f.span.column, f.message) for f in result.findings]  # type: ignore[attr-defined]


def _full_lint_of(view: FileView, paths: list[str], settings: Settings) -> list[tuple[str, str, int, int, str]]:
    fresh = FileView()  # not incremental: reads and lints everything
    for path in view.paths():
        text = view.get(path)
        assert text is not None
        fresh[path] = text
    return _key(Linter(settings).lint_paths(paths, fresh))


def test_a_round_reloads_only_the_projects_it_touched(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"fixme/fly.toml": NO_HTTPS, "fixme/Dockerfile": DOCKERFILE,
                           "clean/fly.toml": HTTPS, "clean/Dockerfile": DOCKERFILE})
    loads: list[str] = []
    real = ProjectFile.load.__func__  # type: ignore[attr-defined]

    def counting(cls: type[ProjectFile], path: str, *args: object, **kwargs: object) -> ProjectFile:
        loads.append(os.path.relpath(path))
        return real(cls, path, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(ProjectFile, "load", classmethod(counting))
    linter = Linter(Settings(select=["FLY001"]))
    view = FileView(incremental=True)
    first = linter.lint_paths(["."], view)
    assert sorted(loads) == ["clean/Dockerfile", "clean/fly.toml", "fixme/Dockerfile", "fixme/fly.toml"]
    assert [f.path for f in first.findings] == ["fixme/fly.toml"]
    loads.clear()
    view[os.path.abspath("fixme/fly.toml")] = HTTPS
    second = linter.lint_paths(["."], view)
    assert sorted(loads) == ["fixme/Dockerfile", "fixme/fly.toml"]  # clean/ was kept as it was
    assert second.findings == []
    loads.clear()
    third = linter.lint_paths(["."], view)  # nothing changed since: nothing is read again
    assert loads == [] and third.findings == []


def test_incremental_rounds_match_a_full_lint(in_tmp: Path) -> None:
    write_project(in_tmp, {f"app{i}/fly.toml": NO_HTTPS for i in range(3)})
    write_project(in_tmp, {f"app{i}/Dockerfile": DOCKERFILE for i in range(3)})
    write_project(in_tmp, {"app1/.dockerignore": ".git\n"})
    linter = Linter(Settings(select=["ALL"]))
    rounds: list[tuple[FileView, object]] = []
    real = linter.lint_paths

    def recording(paths: list[str], view: FileView | None = None) -> object:
        result = real(paths, view)
        assert view is not None
        rounds.append((view, _key(result)))
        return result

    linter.lint_paths = recording  # type: ignore[assignment,method-assign]
    run = run_fixes(linter, ["."], diff_only=True)
    assert run.diffs and len(rounds) >= 2
    view = rounds[-1][0]
    assert rounds[-1][1] == _full_lint_of(view, ["."], Settings(select=["ALL"]))


def test_untouched_projects() -> None:
    from flylint.linter.project import Project

    root = os.path.abspath("/srv/mono")
    top = Project(root)
    api = Project(os.path.join(root, "api"))
    web = Project(os.path.join(root, "web"))
    projects = [top, api, web]
    assert set(_untouched(projects, set())) == {top.root, api.root, web.root}
    # a file created below api/ touches api/ and the project rooted above it, not web/
    created = {os.path.join(root, "api", ".dockerignore")}
    assert set(_untouched(projects, created)) == {web.root}
    # a changed workflow says how every config deploys: everything is linted again
    assert _untouched(projects, {os.path.join(root, ".github", "workflows", "deploy.yml")}) == {}


def test_a_round_parses_only_the_texts_that_changed(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS, "Dockerfile": DOCKERFILE})
    parsed: list[str] = []
    real = ProjectFile.parse

    def counting(self: ProjectFile) -> None:
        parsed.append(os.path.relpath(self.path))
        real(self)

    monkeypatch.setattr(ProjectFile, "parse", counting)
    linter = Linter(Settings(select=["FLY001", "DKR001"]))
    view = FileView(incremental=True)
    linter.lint_paths(["."], view)
    assert sorted(parsed) == ["Dockerfile", "fly.toml"]
    parsed.clear()
    view[os.path.abspath("fly.toml")] = HTTPS
    result = linter.lint_paths(["."], view)  # the project is linted again; the Dockerfile is not parsed again
    assert parsed == ["fly.toml"]
    assert [f.code for f in result.findings] == ["DKR001"]


def test_rounds_run_only_rules_that_can_fix(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(in_tmp, {"fly.toml": NO_HTTPS, "Dockerfile": DOCKERFILE})
    linter = Linter(Settings(select=["FLY001", "DKR050"]))  # FLY001 has a fix, DKR050 has none
    assert linter.rules["DKR050"].fix == "none" and linter.rules["FLY001"].fix != "none"
    ran: list[tuple[str, bool]] = []
    real = linter.lint_paths

    def recording(paths: list[str], view: FileView | None = None) -> object:
        result = real(paths, view)
        ran.append((",".join(sorted({f.code for f in result.findings})), linter.fixable_only))
        return result

    linter.lint_paths = recording  # type: ignore[assignment,method-assign]
    run = run_fixes(linter, ["."], diff_only=True)
    assert run.diffs
    assert all(codes in ("FLY001", "") for codes, restricted in ran if restricted)
    assert ran[-1] == ("DKR050", False)  # the result: the fixed text with every rule
    assert [f.code for f in run.result.findings] == ["DKR050"]
    only = run_fixes(Linter(Settings(select=["FLY001", "DKR050"])), ["."], diff_only=True, full_result=False)
    assert only.diffs == run.diffs and only.result.findings == []


def test_unused_suppression_fixes_see_every_rule(in_tmp: Path) -> None:
    """SUP001 removes a suppression that suppressed nothing: its rounds must run the rules
    without a fix too, to tell a comment that suppresses a finding from one that does not."""
    dockerfile = ("# flylint: ignore[DKR050] pinned by the base-image policy\nFROM python:3.12-slim\nCOPY . .\n"
                  "# flylint: ignore[DKR050] nothing to suppress here\nCMD [\"python\", \"app.py\"]\n")
    write_project(in_tmp, {"fly.toml": NO_HTTPS, "Dockerfile": dockerfile})
    linter = Linter(Settings(select=["FLY001", "DKR050", "SUP001"]))
    run = run_fixes(linter, ["."])
    assert (in_tmp / "Dockerfile").read_text() == dockerfile.replace("# flylint: ignore[DKR050] nothing to suppress here\n", "")
    assert (in_tmp / "fly.toml").read_text() == HTTPS
    assert run.result.suppressed == 1


def test_rules_declared_without_a_fix_never_give_one() -> None:
    """The fix loop's rounds skip the rules declared fix="none"; that is right only if they
    never yield a fix (every rule fixture and the examples, with every rule on)."""
    from pathlib import Path as _P

    repo = _P(__file__).resolve().parents[1]
    linter = Linter(Settings(select=["ALL"]))
    result = linter.lint_paths([str(repo / "tests" / "rules" / "fixtures"), str(repo / "examples")])
    assert result.findings
    assert sorted({f.code for f in result.findings if f.fix is not None and linter.rules[f.code].fix == "none"}) == []
