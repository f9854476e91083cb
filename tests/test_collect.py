"""flylint.base.collect: what is settled stays out of the collector's way until the outermost
stretch of work ends, and not longer."""

from __future__ import annotations

import gc

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
