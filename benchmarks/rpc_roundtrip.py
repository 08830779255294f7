"""Where a sandbox call's time goes: one call's round trip, per backend, and its parts.

A call is what a hidden test does hundreds of times per submission (``student.f(x)``): encode the
request, send a frame, the worker decodes it, runs the student's function, encodes the value, and
the reply comes back. This measures, for a call on a small tensor argument:

* ``codec``: encode + decode of the request and of the reply, in this process (no I/O);
* ``process``: the full round trip to a confined process worker (pipes);
* ``docker``: the full round trip to a worker forked inside a warm container (needs the image).

    python benchmarks/rpc_roundtrip.py [--calls 2000] [--backends process docker]
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid

import torch

from autograder.course import Limits
from autograder.engine.namespaces import _call_request
from autograder.engine.proxy import SandboxSession
from autograder.wire.codec import decode, encode
from autograder.worker.executor import Cell

CELLS = [Cell("answer", "answer", "def f(x):\n    return x * 2\n")]
ARG = torch.linspace(-1, 1, 24, dtype=torch.float64).reshape(4, 6)


def codec_seconds(calls: int) -> float:
    req = _call_request({"name": "f"}, None, (ARG,), {})
    reply = {"ok": True, "value": ARG * 2}
    start = time.perf_counter()
    for _ in range(calls):
        decode(encode(req))
        decode(encode(reply))
    return (time.perf_counter() - start) / calls


def session_for(backend_name: str) -> tuple[SandboxSession, object]:
    limits = Limits()
    if backend_name == "process":
        from autograder.sandbox.process import ProcessBackend

        backend: object = ProcessBackend()
        return SandboxSession(backend, CELLS, None, limits), None  # type: ignore[arg-type]
    from autograder.sandbox.docker_warm import ContainerHost, WarmDockerBackend
    from autograder.sandbox.image.labels import IMAGE_NAME

    host = ContainerHost(IMAGE_NAME, "bench-" + uuid.uuid4().hex[:8], limits)
    return SandboxSession(WarmDockerBackend(host), CELLS, None, limits), host


def roundtrips(backend_name: str, calls: int, rounds: int) -> list[float]:
    session, host = session_for(backend_name)
    req = _call_request({"name": "f"}, None, (ARG,), {})
    try:
        session.ensure()
        for _ in range(50):  # warm-up
            session.request(req, "f(x)")
        per_call = []
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(calls):
                session.request(req, "f(x)")
            per_call.append((time.perf_counter() - start) / calls)
        return per_call
    finally:
        session.stop()
        if host is not None:
            host.close()  # type: ignore[attr-defined]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--backends", nargs="+", default=["process", "docker"])
    args = ap.parse_args()
    torch.set_num_threads(1)
    print(f"codec (request + reply, encode + decode): {codec_seconds(args.calls) * 1e3:.3f} ms")
    for name in args.backends:
        times = roundtrips(name, args.calls, args.rounds)
        print(
            f"{name:8s} round trip: median {statistics.median(times) * 1e3:.3f} ms "
            f"(rounds of {args.calls}: {', '.join(f'{t * 1e3:.3f}' for t in times)})"
        )


if __name__ == "__main__":
    main()
