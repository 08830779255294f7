"""The sandbox worker: runs a submission's cells, then answers calls on the names they define.

Started by a sandbox backend as ``python -I -m autograder.worker``; speaks frames of
:mod:`autograder.wire.protocol` on its stdin/stdout and nothing else. Everything here runs next to
hostile code, so it decides nothing: it executes, and it sends back values (by value when they
are data, as handles otherwise). The student's own prints are captured and capped; a C-level
write to fd 1 or 2 lands on the backend's capped stderr drain, never in the protocol stream.

Requests (msgpack maps) and their replies:

* ``{"op": "load", "cells": [[id, role, source], ...], "support": str | None, "output_cap": int}``
  → ``{"ok": True, "cells": [outcome, ...], "output": str}``
* ``{"op": "call", "target": ref, "attr": str | None, "args": [...], "kwargs": {...}}``
* ``{"op": "train", "target": ref, "attr": None, "args": [...], "kwargs": {...}, "threads": int}``:
  a call like ``call`` with ``torch.set_num_threads(threads)`` for its duration (a lab's
  training: the thread count is fixed so the result does not depend on the machine)
* ``{"op": "getattr", "target": ref, "attr": str}``
* ``{"op": "get", "name": str}``, ``{"op": "has", "name": str}``, ``{"op": "seed", "seed": int}``, ``{"op": "output"}``

``ref`` is ``{"name": str}`` (a name the cells defined), ``{"handle": int}`` or
``{"factory": "support:Name" | "testmodels:Name"}`` (an allow-listed helper). A failed request
replies ``{"ok": False, "error": {"kind", "message", "traceback"}}``.
"""

from __future__ import annotations

import os
import random
import sys
import types
from dataclasses import asdict
from typing import Any, BinaryIO

__all__ = ["Worker", "main"]


class Worker:
    """The state of one submission in the sandbox: its namespace and the handles given out."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.handles: dict[int, Any] = {}
        self._by_identity: dict[int, int] = {}
        self.support: types.ModuleType | None = None
        self.output: Any = None
        self.output_cap = 64 * 1024
        self.value_cap: int | None = None

    # -- values --------------------------------------------------------------------------
    def to_handle(self, obj: Any) -> Any:
        from ..wire.codec import Handle

        key = id(obj)
        hid = self._by_identity.get(key)
        if hid is None or self.handles.get(hid) is not obj:
            hid = len(self.handles) + 1
            self.handles[hid] = obj
            self._by_identity[key] = hid
        return Handle(hid)

    def resolve(self, value: Any) -> Any:
        """Replace handles in an incoming value by the objects they name."""
        from ..wire.codec import Handle

        if isinstance(value, Handle):
            if value.id not in self.handles:
                raise LookupError(f"unknown handle {value.id}")
            return self.handles[value.id]
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.resolve(v) for v in value)
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        return value

    def target(self, ref: Any) -> Any:
        if not isinstance(ref, dict) or len(ref) != 1:
            raise ValueError("malformed target")
        ((kind, key),) = ref.items()
        if kind == "name":
            if key not in self.namespace:
                raise NameError(f"name {key!r} is not defined")
            return self.namespace[key]
        if kind == "handle":
            if key not in self.handles:
                raise LookupError(f"unknown handle {key}")
            return self.handles[key]
        if kind == "factory":
            return self.factory(str(key))
        raise ValueError(f"unknown target kind {kind!r}")

    def factory(self, ref: str) -> Any:
        """An allow-listed helper: ``support:Name`` or ``testmodels:Name``, nothing else."""
        module, _, name = ref.partition(":")
        if module == "support" and self.support is not None and not name.startswith("_"):
            if hasattr(self.support, name):
                return getattr(self.support, name)
        elif module == "testmodels":
            from ..testmodels import ALLOWED

            if name in ALLOWED:
                return ALLOWED[name]
        raise LookupError(f"{ref} is not an allowed factory")

    # -- requests --------------------------------------------------------------------------
    def load(self, req: dict[str, Any]) -> dict[str, Any]:
        from .executor import CappedText, Cell, execute_cells

        self.output_cap = int(req.get("output_cap", self.output_cap))
        self.value_cap = int(req["value_cap"]) if req.get("value_cap") else None
        support_src = req.get("support")
        if isinstance(support_src, str):
            mod = types.ModuleType("support")
            mod.__file__ = "support.py"
            sys.modules["support"] = mod
            exec(compile(support_src, "support.py", "exec"), mod.__dict__)
            self.support = mod
        cells = [Cell(str(i), str(r), str(s)) for i, r, s in req["cells"]]
        ns, outcomes, output = execute_cells(
            cells, {"support": self.support} if self.support else None, output_cap=self.output_cap
        )
        self.namespace = ns
        self.output = CappedText(self.output_cap)
        return {"ok": True, "cells": [asdict(o) for o in outcomes], "output": output}

    def call(self, req: dict[str, Any]) -> Any:
        obj = self.target(req["target"])
        attr = req.get("attr")
        if attr is not None:
            obj = getattr(obj, str(attr))
        args = self.resolve(list(req.get("args", [])))
        kwargs = self.resolve(dict(req.get("kwargs", {})))
        return obj(*args, **kwargs)

    def handle(self, req: Any) -> dict[str, Any]:
        if not isinstance(req, dict):
            raise ValueError("request must be a map")
        op = req.get("op")
        if op == "load":
            return self.load(req)
        if op == "call":
            return {"ok": True, "value": self.call(req)}
        if op == "train":
            import torch

            before = torch.get_num_threads()
            torch.set_num_threads(max(1, int(req.get("threads", 1))))
            try:
                return {"ok": True, "value": self.call(req)}
            finally:
                torch.set_num_threads(before)
        if op == "getattr":
            return {"ok": True, "value": getattr(self.target(req["target"]), str(req["attr"]))}
        if op == "get":
            return {"ok": True, "value": self.target({"name": str(req["name"])})}
        if op == "has":
            return {"ok": True, "value": str(req["name"]) in self.namespace}
        if op == "seed":
            seed = int(req["seed"])
            random.seed(seed)
            import numpy as np
            import torch

            np.random.seed(seed % 2**32)
            torch.manual_seed(seed)
            return {"ok": True, "value": None}
        if op == "output":
            text = self.output.getvalue() if self.output is not None else ""
            self.output = _new_capped(self.output_cap)
            return {"ok": True, "value": text}
        raise ValueError(f"unknown op {op!r}")


def _new_capped(cap: int) -> Any:
    from .executor import CappedText

    return CappedText(cap)


def _error_reply(exc: BaseException) -> dict[str, Any]:
    from .executor import format_student_traceback

    return {
        "ok": False,
        "error": {
            "kind": type(exc).__name__,
            "message": _safe_str(exc),
            "traceback": format_student_traceback(exc),
        },
    }


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:4000]
    except Exception:  # a hostile __str__
        return f"<{type(exc).__name__} whose message cannot be shown>"


def serve(proto_in: BinaryIO, proto_out: BinaryIO) -> None:
    """Answer requests until the input closes."""
    from ..errors import ProtocolError
    from ..wire.codec import decode, encode
    from ..wire.protocol import PeerClosed, read_frame_blocking, write_frame_blocking

    worker = Worker()
    while True:
        try:
            frame = read_frame_blocking(proto_in)
        except PeerClosed:
            return
        old = sys.stdout, sys.stderr
        try:
            req = decode(frame)
            if worker.output is not None:
                sys.stdout = sys.stderr = worker.output
            reply = worker.handle(req)
        except BaseException as exc:  # student code may raise anything, SystemExit included
            reply = _error_reply(exc)
        finally:
            sys.stdout, sys.stderr = old
        try:
            payload = encode(reply, fallback=worker.to_handle, limit=worker.value_cap)
        except ProtocolError as exc:
            payload = encode(_error_reply(exc))
        except BaseException as exc:  # a hostile __len__/__iter__ while encoding
            payload = encode(_error_reply(exc))
        write_frame_blocking(proto_out, payload)


def main() -> None:
    """Take the protocol pipes for ourselves before any student code can touch fd 0/1."""
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)  # input() in student code reads nothing, not our requests
    os.dup2(2, 1)  # C-level prints go to the capped stderr drain, not the protocol
    sys.stdin = open(os.devnull)  # noqa: SIM115 - lives as long as the process
    # Pay for the heavy imports before the clock of the first request starts.
    import numpy  # noqa: F401
    import torch

    from . import executor  # noqa: F401

    torch.set_num_threads(int(os.environ.get("AUTOGRADER_THREADS", "1")))
    limit = os.environ.get("AUTOGRADER_AS_LIMIT")
    if limit:  # set by the docker backend (docker run has no address-space ulimit)
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))
    serve(proto_in, proto_out)
    os._exit(0)


if __name__ == "__main__":
    main()
