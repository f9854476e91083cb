"""flylint.base.deferred: a deferred module runs its code on first use, once, and fails like an import."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flylint.base.deferred import defer_import, is_deferred


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    before = set(sys.modules)
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in set(sys.modules) - before:
            del sys.modules[name]


def test_code_runs_on_first_attribute_and_only_once(modules: Path) -> None:
    (modules / "flylint_probe_a.py").write_text("RUNS = []\nRUNS.append(1)\nVALUE = 42\n", encoding="utf-8")
    assert defer_import("flylint_probe_a")
    import flylint_probe_a  # type: ignore[import-not-found]

    assert is_deferred("flylint_probe_a")
    assert "RUNS" not in vars(flylint_probe_a)  # imported, but its code has not run
    assert flylint_probe_a.VALUE == 42
    assert not is_deferred("flylint_probe_a")
    import flylint_probe_a as again  # type: ignore[import-not-found]

    assert again is flylint_probe_a and again.RUNS == [1]
    with pytest.raises(AttributeError):
        _ = flylint_probe_a.MISSING


def test_a_package_and_its_submodules_load(modules: Path) -> None:
    pkg = modules / "flylint_probe_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from . import sub\nNAME = sub.NAME\n", encoding="utf-8")
    (pkg / "sub.py").write_text("NAME = 'sub'\n", encoding="utf-8")
    assert defer_import("flylint_probe_pkg")
    import flylint_probe_pkg  # type: ignore[import-not-found]

    assert flylint_probe_pkg.NAME == "sub" and flylint_probe_pkg.sub.NAME == "sub"


def test_a_failing_module_fails_on_use_and_is_not_left_behind(modules: Path) -> None:
    (modules / "flylint_probe_bad.py").write_text("raise ImportError('broken on purpose')\n", encoding="utf-8")
    assert defer_import("flylint_probe_bad")
    import flylint_probe_bad  # type: ignore[import-not-found]

    with pytest.raises(ImportError, match="broken on purpose"):
        _ = flylint_probe_bad.anything
    assert "flylint_probe_bad" not in sys.modules


def test_imported_missing_or_dotted_names_are_left_alone(modules: Path) -> None:
    assert not defer_import("json")  # already imported: untouched
    assert sys.modules["json"].dumps({}) == "{}"
    assert not defer_import("flylint_no_such_module_here")
    assert "flylint_no_such_module_here" not in sys.modules
    assert not defer_import("email.mime")
