"""flylint.base.collect: what is settled stays out of the collector's way until the outermost
stretch of work ends, and not longer."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from flylint.base import collect


def test_settled_objects_are_given_back_when_the_outermost_block_ends() -> None:
    gc.unfreeze()
    with collect.holding():
        with collect.holding():
            collect.settle()
            assert gc.get_freeze_count() > 0
        # an inner step (one lint of the fix loop) does not give back what the outer one holds
        assert gc.get_freeze_count() > 0
        collect.settle()
    assert gc.get_freeze_count() == 0


def test_settle_outside_a_block_does_nothing() -> None:
    gc.unfreeze()
    collect.settle()
    assert gc.get_freeze_count() == 0


def test_a_failure_inside_still_gives_everything_back() -> None:
    gc.unfreeze()
    try:
        with collect.holding():
            collect.settle()
            raise RuntimeError("a rule failed")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_unreachable_meanwhile_is_collected_afterwards() -> None:
    import weakref

    class Node:
        pass

    gc.unfreeze()
    with collect.holding():
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        alive = weakref.ref(a)
        collect.settle()
        del a, b
        gc.collect()
        assert alive() is not None  # frozen: the collector leaves it alone for now
    gc.collect()
    assert alive() is None


def test_startup_done_moves_what_exists_out_of_the_collector_s_way() -> None:
    gc.unfreeze()
    collect.startup_done()
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_check_command_settles_start_up_before_linting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flylint.cli.main import main
    from flylint.linter import engine

    events: list[str] = []
    monkeypatch.setattr(collect, "startup_done", lambda: events.append("start-up settled"))
    real = engine.Linter.lint_paths
    monkeypatch.setattr(engine.Linter, "lint_paths",
                        lambda self, *a, **k: (events.append("lint"), real(self, *a, **k))[1])
    (tmp_path / "fly.toml").write_text('app = "a"\n', encoding="utf-8")
    main(["check", "--quiet", str(tmp_path)])
    assert events[:2] == ["start-up settled", "lint"]
