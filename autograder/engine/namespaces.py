"""The trusted side's view of an implementation: ``student`` (remote) and ``reference`` (local).

Both offer one call style to tests: ``impl.fn(x)``, ``obj = impl.Cls(...)``, ``obj.method(x)``,
``obj.attr``, ``impl.remote(factory, ...)``, and for labs ``impl.reseed(seed)`` and
``impl.train("train_fn", ...)``. For the student every call crosses the sandbox boundary
(:class:`~autograder.engine.proxy.SandboxSession`): arguments go in by value (handles for
objects that stay there), results come back by value.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ..wire.codec import Handle
from .proxy import SandboxSession, Training

__all__ = ["ReferenceNamespace", "RemoteHandle", "StudentProxy"]

_FACTORY_MODULES = {"support": "support", "autograder.testmodels": "testmodels"}


def _factory_ref(fn: Any) -> str:
    module = getattr(fn, "__module__", None)
    name = getattr(fn, "__name__", None)
    short = _FACTORY_MODULES.get(str(module))
    if short is None or not isinstance(name, str):
        raise TypeError(
            f"impl.remote() takes a callable from support.py or autograder.testmodels, got {fn!r} "
            "(test author: add it to one of those modules)"
        )
    return f"{short}:{name}"


def _wire(value: Any) -> Any:
    """Arguments on their way in: handles by id, everything else as data."""
    if isinstance(value, RemoteHandle):
        return Handle(value._hid)
    if isinstance(value, list):
        return [_wire(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_wire(v) for v in value)
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    return value


def _call_request(
    target: dict[str, Any], attr: str | None, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """A ``call`` request (a training call changes only its op)."""
    return {
        "op": "call",
        "target": target,
        "attr": attr,
        "args": _wire(list(args)),
        "kwargs": _wire(kwargs),
    }


class StudentProxy:
    """``student`` in a test: every attribute is a name the submission defined, called remotely."""

    _session: SandboxSession

    def __init__(self, session: SandboxSession) -> None:
        object.__setattr__(self, "_session", session)

    def _lift(self, value: Any, label: str) -> Any:
        if isinstance(value, Handle):
            return RemoteHandle(self, value.id, label)
        if isinstance(value, list):
            return [self._lift(v, label) for v in value]
        if isinstance(value, tuple):
            return tuple(self._lift(v, label) for v in value)
        if isinstance(value, dict):
            return {k: self._lift(v, label) for k, v in value.items()}
        return value

    def _call(
        self,
        target: dict[str, Any],
        attr: str | None,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        label: str,
    ) -> Any:
        session: SandboxSession = self._session
        req = _call_request(target, attr, args, kwargs)
        return self._lift(session.request(req, what=f"calling `{label}`"), label)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):  # dunders, IPython/hypothesis display probes: never remote
            raise AttributeError(name)

        def remote_name(*args: Any, **kwargs: Any) -> Any:
            return self._call({"name": name}, None, args, kwargs, name)

        remote_name.__name__ = name
        remote_name.__qualname__ = f"student.{name}"
        return remote_name

    def get(self, name: str) -> Any:
        """The value of a top-level name (a constant), by value (objects as handles)."""
        session: SandboxSession = self._session
        return self._lift(
            session.request({"op": "get", "name": name}, what=f"reading `{name}`"), name
        )

    def has(self, name: str) -> bool:
        """Whether the submission defines ``name``."""
        session: SandboxSession = self._session
        return bool(session.request({"op": "has", "name": name}, what=f"looking up `{name}`"))

    def __repr__(self) -> str:
        return "student"

    def reseed(self, seed: int) -> None:
        """Reseed the sandbox's RNGs before the next call and start a fresh unit of work (call
        it first in a training fixture, so initialisation does not depend on earlier tests)."""
        session: SandboxSession = self._session
        session.reseed(int(seed))

    def train(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call the submission's training function ``name`` within the lab's ``train_seconds``
        budget, with ``torch.set_num_threads(train_threads)``; its time goes in the feedback."""
        session: SandboxSession = self._session
        req = _call_request({"name": name}, None, args, kwargs)
        return self._lift(session.train(req, name), name)

    def remote(self, factory: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call an allow-listed helper inside the sandbox (models, callables, re-initialisation)."""
        ref = _factory_ref(factory)
        return self._call({"factory": ref}, None, args, kwargs, ref.split(":")[1])


class RemoteHandle:
    """An object that stays in the sandbox; its methods and attributes are remote calls."""

    _proxy: StudentProxy
    _hid: int
    _label: str

    def __init__(self, proxy: StudentProxy, hid: int, label: str) -> None:
        object.__setattr__(self, "_proxy", proxy)
        object.__setattr__(self, "_hid", hid)
        object.__setattr__(self, "_label", label)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._proxy._call({"handle": self._hid}, None, args, kwargs, self._label)

    def __getattr__(self, name: str) -> Any:
        if name.startswith(("__", "_repr", "_ipython")):
            raise AttributeError(name)
        session: SandboxSession = self._proxy._session
        value = session.request(
            {"op": "getattr", "target": {"handle": self._hid}, "attr": name},
            what=f"reading `{self._label}.{name}`",
        )
        return self._proxy._lift(value, f"{self._label}.{name}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("objects in the sandbox are read through calls only")

    def __repr__(self) -> str:
        return f"<sandbox object from {self._label}>"


class ReferenceNamespace:
    """``reference`` in a test: the solution's names, executed in the trusted process."""

    _ns: dict[str, Any]
    trainings: list[Training]

    def __init__(self, namespace: dict[str, Any], threads: int = 2) -> None:
        object.__setattr__(self, "_ns", namespace)
        object.__setattr__(self, "_threads", int(threads))
        object.__setattr__(self, "trainings", [])

    def __getattr__(self, name: str) -> Any:
        ns: dict[str, Any] = self._ns
        if name in ns:
            return ns[name]
        raise AttributeError(f"the reference solution defines no `{name}`")

    def __repr__(self) -> str:
        return "reference"

    def get(self, name: str) -> Any:
        return self._ns[name]

    def has(self, name: str) -> bool:
        return name in self._ns

    def remote(self, factory: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        _factory_ref(factory)  # same allow-list as the student side, so a test cannot differ
        return factory(*args, **kwargs)

    def reseed(self, seed: int) -> None:
        """The same reseeding as the sandbox's, in the trusted process."""
        random.seed(seed)
        np.random.seed(seed % 2**32)
        torch.manual_seed(seed)

    def train(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """The reference's training function, timed and with the same thread count as a
        student's (``train_threads``; the trusted process has no budget to enforce)."""
        threads: int = object.__getattribute__(self, "_threads")
        before = torch.get_num_threads()
        torch.set_num_threads(threads)
        start = time.perf_counter()
        try:
            return self._ns[name](*args, **kwargs)
        finally:
            torch.set_num_threads(before)
            self.trainings.append(
                Training("", name, time.perf_counter() - start, float("inf"), "returned")
            )
