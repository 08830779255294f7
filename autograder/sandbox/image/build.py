"""``autograder image build``: the grading image, built without a network.

The wheels are fetched on the host first (:mod:`.wheels`), the autograder becomes a wheel, and
``docker build --network none`` runs on a base image that is already local (:mod:`.base`). The
image is labelled (:mod:`.labels`) so that :func:`.client.image_status` tells a stale one.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from ...errors import ImageError
from .base import probe_base
from .client import engine_client, local_image, run_python
from .labels import (
    BASE_IMAGE,
    BASE_SCRIPT,
    DEPS_IMAGE,
    IMAGE_NAME,
    LABEL_DOCKERFILE,
    LABEL_PACKAGE,
    LABEL_REQUIREMENTS,
    REQUIREMENTS,
    source_root,
)
from .wheels import (
    autograder_wheel,
    link_or_copy,
    pinned_requirements,
    read_sources,
    wheelhouse,
)


def _docker_build(
    client: Any,
    context: Path,
    buildargs: dict[str, str],
    console: Console,
    *,
    tag: str,
    target: str | None = None,
) -> str:
    """Run the build with no network for RUN steps and tag the result; the new image's id."""
    import docker.errors

    tail: deque[str] = deque(maxlen=40)
    image_id = ""
    pending = ""  # a "Step" line, printed once we know whether the cache served it

    def flush(next_line: str) -> None:
        nonlocal pending
        if pending:
            cached = " [green](cached)[/]" if "Using cache" in next_line else ""
            step = pending if len(pending) <= 80 else pending[:79] + "…"
            console.print(f"  [dim]{escape(step)}[/]{cached}", no_wrap=True, overflow="ellipsis")
            pending = ""

    try:
        stream = client.api.build(
            path=str(context),
            tag=tag,
            target=target,
            buildargs=buildargs,
            network_mode="none",  # nothing in the Dockerfile needs a network
            pull=False,  # the base is local; a registry is never contacted
            rm=True,
            forcerm=True,
            decode=True,
            timeout=3600,  # a silent RUN step (installing torch) may outlast the default 60 s
        )
        for chunk in stream:
            if "error" in chunk:
                detail = chunk.get("errorDetail", {}).get("message") or chunk["error"]
                raise ImageError(
                    "docker build failed: " + str(detail).strip() + "\n" + "\n".join(tail)
                )
            for line in str(chunk.get("stream", "")).splitlines():
                if not line.strip():
                    continue
                tail.append(line.rstrip())
                flush(line)
                if line.startswith("Step "):
                    pending = " ".join(line.split())
            aux = chunk.get("aux")
            if isinstance(aux, dict) and "ID" in aux:
                image_id = str(aux["ID"])
        flush("")
    except docker.errors.APIError as exc:
        raise ImageError(f"docker build failed: {exc}\n" + "\n".join(tail)) from exc
    if not image_id:
        image_id = str(client.images.get(tag).id)
    return image_id


_DESCRIBE = (
    "import sys, os, torch, numpy, scipy, IPython, msgpack, autograder.worker\n"
    "print(sys.version.split()[0], torch.__version__, numpy.__version__, scipy.__version__,"
    " IPython.__version__, '.'.join(map(str, msgpack.version)), os.getuid())"
)


def run_image_build(root: Path, *, base: str | None, console: Console) -> int:
    """``autograder image build``: build and tag :data:`IMAGE_NAME`; 0 when it is ready.

    Raises :class:`SandboxUnavailable` without an engine and :class:`ImageError` when the base
    image is missing or a step fails, each saying what to do.
    """
    started = time.monotonic()
    src = source_root(root)
    client = engine_client(timeout=120)
    try:
        base_name = base or BASE_IMAGE
        base_image = local_image(client, base_name)
        if base_image is None:
            if base_name == BASE_IMAGE:
                raise ImageError(
                    f"the base image {BASE_IMAGE} is missing: build it once with "
                    f"`sudo {BASE_SCRIPT}` (debootstrap from your Debian mirror, no registry "
                    "needed), or pass --base python:3.11-slim where a registry is reachable"
                )
            raise ImageError(
                f"the base image {base_name} is not present locally: `docker pull {base_name}` "
                f"first (the build itself never uses a network), or run {BASE_SCRIPT} and omit --base"
            )
        console.print(
            f"[bold]building {IMAGE_NAME}[/] from {escape(base_name)} ({escape(str(src))})"
        )
        sources = read_sources(src)
        pins = pinned_requirements(sources.requirements.decode(), path=str(src / REQUIREMENTS))
        info = probe_base(client, base_name)
        timings: dict[str, float] = {}

        with tempfile.TemporaryDirectory(prefix="autograder-image-") as tmp:
            scratch = Path(tmp)
            context = scratch / "context"
            (context / "wheelhouse").mkdir(parents=True)
            (context / "dist").mkdir()

            t = time.monotonic()
            house = wheelhouse(sources.requirements, pins, info, scratch, console)
            for wheel in sorted(house.glob("*.whl")):
                link_or_copy(wheel, context / "wheelhouse" / wheel.name)
            timings["wheelhouse"] = time.monotonic() - t

            t = time.monotonic()
            wheel = autograder_wheel(sources, scratch, context / "dist")
            console.print(f"  built {escape(wheel.name)}")
            timings["autograder wheel"] = time.monotonic() - t

            (context / "Dockerfile").write_bytes(sources.dockerfile)
            (context / "requirements.txt").write_bytes(sources.requirements)
            labels = sources.labels()
            buildargs = {
                "BASE_IMAGE": base_name,
                "REQUIREMENTS_SHA256": labels[LABEL_REQUIREMENTS],
                "PACKAGE_SHA256": labels[LABEL_PACKAGE],
                "DOCKERFILE_SHA256": labels[LABEL_DOCKERFILE],
            }
            previous = [local_image(client, name) for name in (DEPS_IMAGE, IMAGE_NAME)]
            t = time.monotonic()
            # The deps stage is built and tagged on its own so that it is not left dangling:
            # it is the layer cache of the next build, and the one it replaces can be removed.
            console.print(f"  stage deps -> {DEPS_IMAGE}")
            deps_id = _docker_build(
                client, context, buildargs, console, tag=DEPS_IMAGE, target="deps"
            )
            console.print(f"  final stage -> {IMAGE_NAME}")
            image_id = _docker_build(client, context, buildargs, console, tag=IMAGE_NAME)
            timings["docker build"] = time.monotonic() - t

        image = client.images.get(image_id)
        got = dict(image.labels or {})
        if any(got.get(k) != v for k, v in labels.items()):
            raise ImageError(f"the built image {image_id[:19]} lacks the expected labels {labels}")
        for old, new in zip(previous, (deps_id, image_id), strict=True):
            if old is not None and old.id != new:
                _remove_quietly(client, str(old.id))

        t = time.monotonic()
        out = run_python(client, IMAGE_NAME, _DESCRIBE, entrypoint="/opt/venv/bin/python")
        try:
            py, torch_v, np_v, sp_v, ip_v, mp_v, uid = out.split()[-7:]
        except ValueError:
            raise ImageError(f"unexpected answer from {IMAGE_NAME}'s Python: {out!r}") from None
        timings["check"] = time.monotonic() - t
        if uid == "0":
            raise ImageError(f"{IMAGE_NAME} runs as root; the Dockerfile must end with a USER")

        total = time.monotonic() - started
        console.print(
            f"[bold green]{IMAGE_NAME}[/] ready: {_human(float(image.attrs['Size']))}, "
            f"id {str(image.id)[7:19]}, uid {uid}, base {escape(base_name)} "
            f"({_human(float(base_image.attrs['Size']))})"
        )
        console.print(
            f"  python {py}, torch {torch_v}, numpy {np_v}, scipy {sp_v}, IPython {ip_v}, "
            f"msgpack {mp_v}; {len(pins)} pinned packages"
        )
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
        console.print(f"  took {total:.1f} s ({steps})")
        return 0
    finally:
        client.close()


def _remove_quietly(client: Any, image_id: str) -> None:
    """Drop the image a rebuild replaced, unless a container or another tag still uses it."""
    import docker.errors

    with contextlib.suppress(docker.errors.APIError):
        client.images.remove(image_id)


def _human(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "kB") else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")
