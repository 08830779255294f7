"""The Docker engine, as the image code needs it: a client, whether an engine answers, the
status of the grading image (ready, stale or missing) and running Python in an image."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

from ...errors import ImageError, SandboxUnavailable
from .labels import (
    IMAGE_NAME,
    LABEL_PACKAGE,
    NO_ENGINE_MESSAGE,
    ImageStatus,
    expected_labels,
    package_sha256,
    source_root,
)

# -- the Docker engine -------------------------------------------------------------------------


def _unix_socket_path() -> str | None:
    """The engine's Unix socket as the SDK will use it (``DOCKER_HOST``), or None for TCP/SSH."""
    host = os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    for prefix in ("unix://", "http+unix://"):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return None


def engine_client(timeout: int = 60) -> Any:
    """A Docker SDK client whose engine answered a ping, else :class:`SandboxUnavailable`."""
    try:
        import docker
    except ImportError as exc:
        raise SandboxUnavailable(
            "the Docker SDK for Python is missing: pip install docker, or use --sandbox process"
        ) from exc
    path = _unix_socket_path()
    # docker-py leaks the socket of a failed connect (a ResourceWarning), so a Unix socket is
    # pinged by hand first, on the engine's unversioned /_ping (any API version answers it).
    if path is not None and not _unix_ping(path, timeout=min(timeout, 10)):
        raise SandboxUnavailable(NO_ENGINE_MESSAGE)
    try:
        client = docker.from_env(timeout=timeout)  # negotiates the API version with the engine
    except Exception as exc:  # DockerException, requests' ConnectionError, bad DOCKER_HOST, ...
        raise SandboxUnavailable(NO_ENGINE_MESSAGE) from exc
    try:
        client.ping()
    except Exception as exc:
        client.close()
        raise SandboxUnavailable(NO_ENGINE_MESSAGE) from exc
    return client


def _unix_ping(path: str, *, timeout: float) -> bool:
    """Whether a Docker engine answers ``GET /_ping`` on the Unix socket at ``path``."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(path)
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            status_line = sock.recv(64).split(b"\r\n", 1)[0]
    except OSError:  # no socket, refused, permission denied, timeout
        return False
    return status_line.startswith(b"HTTP/1.") and status_line.split()[1:2] == [b"200"]


def engine_available() -> bool:
    """True when a Docker engine answers on this machine (``DOCKER_HOST`` or the default socket)."""
    try:
        client = engine_client(timeout=5)
    except SandboxUnavailable:
        return False
    client.close()
    return True


def _current_labels(root: Path | None) -> dict[str, str]:
    try:
        return expected_labels(source_root(root))
    except ImageError:
        # An installed autograder without its repository: only its own source can be compared.
        return {LABEL_PACKAGE: package_sha256(Path(__file__).resolve().parents[2])}


def image_status(client: Any = None, *, root: Path | None = None) -> ImageStatus:
    """Whether :data:`IMAGE_NAME` is missing, stale (built from other sources) or ready.

    Compares the image's labels with the checkout (``root``, else this package's own tree).
    Raises :class:`SandboxUnavailable` when no engine is reachable.
    """
    import docker.errors

    own = client is None
    c = engine_client() if own else client
    try:
        try:
            image = c.images.get(IMAGE_NAME)
        except docker.errors.ImageNotFound:
            return "missing"
        except docker.errors.APIError as exc:
            raise SandboxUnavailable(
                f"the Docker engine cannot inspect {IMAGE_NAME}: {exc}"
            ) from exc
        labels: dict[str, str] = dict(image.labels or {})
        want = _current_labels(root)
        return "ready" if all(labels.get(k) == v for k, v in want.items()) else "stale"
    finally:
        if own:
            c.close()


def local_image(client: Any, name: str) -> Any | None:
    import docker.errors

    try:
        return client.images.get(name)
    except docker.errors.ImageNotFound:
        return None


def run_python(client: Any, image: str, code: str, *, entrypoint: str) -> str:
    """Run ``code`` with the image's Python, offline and removed afterwards; its stdout."""
    import docker.errors

    try:
        out = client.containers.run(
            image,
            command=["-c", code],
            entrypoint=[entrypoint],
            network_mode="none",
            remove=True,
            stdout=True,
            stderr=False,  # warnings on stderr must not mix with the one line of output
        )
    except docker.errors.ContainerError as exc:
        detail = exc.stderr.decode(errors="replace").strip() if exc.stderr else str(exc)
        raise ImageError(f"`{entrypoint}` failed in image {image}: {detail}") from exc
    except docker.errors.APIError as exc:
        raise ImageError(f"cannot run a container of image {image}: {exc}") from exc
    return bytes(out).decode(errors="replace")
