"""``@record``, the lean dataclass stand-in used on the start-up path."""

from __future__ import annotations

import dataclasses

import pytest

from flylint.base.records import FrozenInstanceError, field, record, replace


@record(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0
    tags: tuple = field(default=(), compare=False, repr=False)


@record
class Bag:
    name: str
    items: list = field(default_factory=list)
    seen: bool = False

    def __post_init__(self) -> None:
        self.seen = True


def test_init_defaults_and_factories() -> None:
    assert (Point(1).x, Point(1).y, Point(1, 2).y) == (1, 0, 2)
    a, b = Bag("a"), Bag("b")
    a.items.append(1)
    assert b.items == [] and a.items == [1]
    assert a.seen is True


def test_repr_eq_hash() -> None:
    assert repr(Point(1, 2, ("t",))) == "Point(x=1, y=2)"
    assert Point(1, 2, ("a",)) == Point(1, 2, ("b",))  # compare=False
    assert Point(1, 2) != Point(2, 1)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert Bag("a") == Bag("a") and Bag.__hash__ is None
    assert Point(1) != (1, 0)


def test_frozen_and_slots() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    assert not hasattr(p, "__dict__")
    bag = Bag("a")
    bag.name = "b"  # a record that is not frozen can be changed
    assert bag.name == "b"


def test_replace_and_positional_order() -> None:
    assert replace(Point(1, 2), y=5) == Point(1, 5)
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_non_default_after_default_is_rejected() -> None:
    with pytest.raises(TypeError):
        @record
        class Bad:
            a: int = 0
            b: int


def test_dataclasses_field_is_understood() -> None:
    @record
    class Old:
        name: str
        items: list = dataclasses.field(default_factory=list)
        flag: bool = dataclasses.field(default=False, compare=False)

    a, b = Old("a"), Old("a", flag=True)
    a.items.append(1)
    assert (a.items, Old("b").items, a.flag, b.flag) == ([1], [], False, True)
    assert Old("x") == Old("x", flag=True)  # flag is not compared


def test_field_refuses_default_and_factory() -> None:
    with pytest.raises(ValueError, match="both default and default_factory"):
        field(default=1, default_factory=list)


@record(frozen=True, slots=True)
class _FrozenSlots:
    a: int
    b: str = "x"


@record(frozen=True)
class _Frozen:
    a: int
    b: list[int] = field(default_factory=list)


def test_frozen_records_pickle_and_stay_frozen() -> None:
    import pickle

    for obj in (_FrozenSlots(1, "y"), _Frozen(2, [3])):
        back = pickle.loads(pickle.dumps(obj))
        assert back == obj and back is not obj
        with pytest.raises(FrozenInstanceError):
            back.a = 5  # type: ignore[misc]


def test_init_is_generated_on_the_first_instance_and_then_kept() -> None:
    @record(frozen=True, slots=True)
    class Pair:
        a: int
        b: list[int] = field(default_factory=list)

    placeholder = Pair.__init__
    first = Pair(1)
    generated = Pair.__init__
    assert generated is not placeholder  # the real __init__ now sits on the class
    second = Pair(2, b=[3])
    assert Pair.__init__ is generated
    assert (first.a, first.b, second.a, second.b) == (1, [], 2, [3])
    assert first.b is not Pair(1).b  # each instance gets its own list from the factory
    with pytest.raises(TypeError):
        Pair()  # type: ignore[call-arg]

    class Child(Pair):  # a plain subclass inherits the generated __init__
        pass

    assert Child(5).a == 5
