"""``@record``: a lean stand-in for ``@dataclass`` on the start-up path.

``dataclasses`` generates and compiles several methods per class (``__init__``, ``__repr__``,
``__eq__``, and for frozen classes ``__setattr__``/``__delattr__``/``__hash__``): about 0.5–1 ms
per class here, and flylint creates ~45 classes on every run. ``record`` compiles only
``__init__`` and shares one generic ``__repr__``/``__eq__``/``__hash__`` between all classes,
which makes a class about five times cheaper to create.

Supported, with the dataclass meanings: field order from annotations (inherited record fields
first), plain defaults and :func:`field` (``default=…, default_factory=…, repr=…, compare=…``,
this module's own, so that ``dataclasses`` and the ``inspect``/``ast`` modules it pulls in stay
off the start-up path), ``frozen``, ``slots``, ``eq``, ``repr``, ``__post_init__``. Not
supported: ``InitVar``, ``kw_only``, ``order``, ``dataclasses.replace``/``asdict`` (use
:func:`replace`).
"""

from __future__ import annotations

import sys
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


class _MissingType:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _MissingType()


class Field:
    """What :func:`field` returns: a record field's default and flags."""

    __slots__ = ("compare", "default", "default_factory", "repr")

    def __init__(self, default: Any, default_factory: Any, show: bool, compare: bool) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.default = default
        self.default_factory = default_factory
        self.repr = show
        self.compare = compare


def field(*, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True,
          compare: bool = True) -> Any:
    """A record field with a default, a default factory or display/compare flags."""
    return Field(default, default_factory, repr, compare)


class FrozenInstanceError(AttributeError):
    pass


class _Spec:
    __slots__ = ("compare", "default", "factory", "name", "repr")

    def __init__(self, name: str, default: Any, factory: Any, show: bool, compare: bool) -> None:
        self.name = name
        self.default = default
        self.factory = factory
        self.repr = show
        self.compare = compare


def _collect(cls: type) -> list[_Spec]:
    specs: dict[str, _Spec] = {}
    for base in reversed(cls.__mro__[1:]):
        for spec in getattr(base, "__record_fields__", ()):
            specs[spec.name] = spec
    # the class's own annotations; inspect.get_annotations would import inspect on the start-up path
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if isinstance(annotation, str) and annotation.replace("typing.", "").startswith("ClassVar"):
            continue
        value = _own_field(cls.__dict__.get(name, MISSING))
        if isinstance(value, Field):
            specs[name] = _Spec(name, value.default, value.default_factory, value.repr,
                                bool(value.compare))
        else:
            specs[name] = _Spec(name, value, MISSING, True, True)
    return list(specs.values())


def _own_field(value: Any) -> Any:
    """``value``, with a ``dataclasses.field(...)`` turned into this module's :class:`Field`."""
    dataclasses = sys.modules.get("dataclasses")  # if it is not imported, value cannot be one of its fields
    if dataclasses is None or not isinstance(value, dataclasses.Field):
        return value

    def own(v: Any) -> Any:
        return MISSING if v is dataclasses.MISSING else v

    return Field(own(value.default), own(value.default_factory), value.repr, bool(value.compare))


def _check_order(cls: type, specs: list[_Spec]) -> None:
    """A field without a default may not follow one with a default (as in dataclasses)."""
    defaulted = False
    for spec in specs:
        if spec.factory is not MISSING or spec.default is not MISSING:
            defaulted = True
        elif defaulted:
            raise TypeError(f"{cls.__name__}: non-default field {spec.name!r} follows a default field")


def _lazy_init(cls: type, specs: list[_Spec], frozen: bool) -> Any:
    """An ``__init__`` that generates the real one on the first instance and puts it on the
    class: compiling it costs ~0.15 ms, and a run creates instances of only some of the records
    its modules define (a start-up cost paid by every run)."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _make_init(cls, specs, frozen)
        cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _make_init(cls: type, specs: list[_Spec], frozen: bool) -> Any:
    env: dict[str, Any] = {"MISSING": MISSING, "__object_setattr": object.__setattr__}
    params: list[str] = []
    body: list[str] = []
    for spec in specs:
        if spec.factory is not MISSING:
            env[f"_f_{spec.name}"] = spec.factory
            params.append(f"{spec.name}=MISSING")
            value = f"_f_{spec.name}() if {spec.name} is MISSING else {spec.name}"
        elif spec.default is not MISSING:
            env[f"_d_{spec.name}"] = spec.default
            params.append(f"{spec.name}=_d_{spec.name}")
            value = spec.name
        else:
            params.append(spec.name)
            value = spec.name
        if frozen:
            body.append(f"    __object_setattr(self, {spec.name!r}, {value})")
        else:
            body.append(f"    self.{spec.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    if not body:
        body.append("    pass")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _repr(self: Any) -> str:
    parts = ", ".join(f"{s.name}={getattr(self, s.name)!r}" for s in type(self).__record_fields__ if s.repr)
    return f"{type(self).__qualname__}({parts})"


def _key(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, s.name) for s in type(self).__record_fields__ if s.compare)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: Any) -> int:
    return hash(_key(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _frozen_setstate(self: Any, state: Any) -> None:
    """Unpickling a frozen record (it has no ``__setattr__`` to restore its fields with):
    ``state`` is what ``object.__getstate__`` gave, a dict or (dict, slots dict)."""
    parts = state if isinstance(state, tuple) else (state,)
    for part in parts:
        for name, value in (part or {}).items():
            object.__setattr__(self, name, value)


@dataclass_transform(field_specifiers=(field, Field))
def record(cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False, eq: bool = True,
           repr: bool = True) -> Any:
    def wrap(cls: type[T]) -> type[T]:
        specs = _collect(cls)
        # the generated methods are set on the class at run time; type checkers see the class
        # through dataclass_transform, so the class object is handled untyped here
        target: Any = cls
        if slots:
            namespace = {k: v for k, v in cls.__dict__.items()
                         if k not in {s.name for s in specs} and k not in ("__dict__", "__weakref__")}
            namespace["__slots__"] = tuple(s.name for s in specs if s.name not in _inherited_slots(cls))
            target = type(target)(cls.__name__, cls.__bases__, namespace)
        else:
            for spec in specs:  # class attributes holding a field() are not defaults at run time
                if isinstance(_own_field(cls.__dict__.get(spec.name)), Field):
                    if spec.default is MISSING:
                        delattr(cls, spec.name)
                    else:
                        setattr(cls, spec.name, spec.default)
        target.__record_fields__ = tuple(specs)
        _check_order(target, specs)
        target.__init__ = _lazy_init(target, specs, frozen)
        if repr and "__repr__" not in target.__dict__:
            target.__repr__ = _repr
        if eq and "__eq__" not in target.__dict__:
            target.__eq__ = _eq
            target.__hash__ = _hash if frozen else None
        if frozen:
            target.__setattr__ = _frozen_setattr
            target.__delattr__ = _frozen_delattr
            target.__setstate__ = _frozen_setstate
        return target

    return wrap if cls is None else wrap(cls)


def _inherited_slots(cls: type) -> set[str]:
    out: set[str] = set()
    for base in cls.__mro__[1:]:
        out.update(getattr(base, "__slots__", ()))
    return out


def replace(obj: T, **changes: Any) -> T:
    """A copy of record ``obj`` with some fields changed (like ``dataclasses.replace``)."""
    values = {s.name: getattr(obj, s.name) for s in type(obj).__record_fields__}  # type: ignore[attr-defined]
    values.update(changes)
    return type(obj)(**values)
