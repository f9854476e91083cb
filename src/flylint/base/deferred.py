"""Deferred imports of a third party's dependencies that flylint never calls.

detect-secrets' plugin base module does ``import requests`` at the top, for the online
verification of a found secret, which flylint keeps off. Importing requests (urllib3, ssl,
http.client, charset detection …) costs more than the rest of detect-secrets together, ~0.1 s
of CPU here, on every run whose files hold a value worth scanning.

:func:`defer_import` puts a module object for such a dependency into ``sys.modules`` that
holds only what the import system sets from the module's spec (``__name__``, ``__spec__``,
``__path__`` …). ``import requests`` then binds that object, and the module's own code runs the
first time an attribute it would define is read (``requests.get``). Only public APIs are used:
:func:`importlib.util.find_spec`, :func:`importlib.util.module_from_spec`, the loader's
``exec_module`` and a :class:`types.ModuleType` subclass with ``__getattr__`` (the data model's
"customizing module attribute access"). Nothing is read from a cache; the module is the one
installed, loaded the normal way, just later.
"""

from __future__ import annotations

import sys
import types
from importlib.util import find_spec, module_from_spec


class _Deferred(types.ModuleType):
    """A module whose code has not run yet: the first unknown attribute runs it."""

    def __getattr__(self, name: str) -> object:
        # only called for attributes not in the module's dict, i.e. before its code has run,
        # or for a name the module really lacks (after loading: AttributeError as usual)
        object.__setattr__(self, "__class__", types.ModuleType)  # a plain module from now on
        spec = self.__spec__
        if spec is None or spec.loader is None:  # pragma: no cover - set by defer_import
            raise AttributeError(name)
        try:
            spec.loader.exec_module(self)
        except BaseException:
            # as a failed import does: no half-initialised module stays behind
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            raise
        return getattr(self, name)


def defer_import(name: str) -> bool:
    """Make a later ``import name`` cheap until the module is used; whether it was deferred.

    Does nothing when the module is already imported or cannot be found (the real import then
    behaves as it always would), or when it is a submodule (its parent would be imported).
    """
    if name in sys.modules or "." in name:
        return False
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return False
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return False
    module = module_from_spec(spec)
    module.__class__ = _Deferred
    sys.modules[name] = module
    return True


def is_deferred(name: str) -> bool:
    """Whether ``name`` is imported but its code has not run yet."""
    return isinstance(sys.modules.get(name), _Deferred)
