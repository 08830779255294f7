"""The Docker grading image: build it without a network, and tell a current image from a stale one.

The image (``Dockerfile`` at the repository root) holds the sandbox worker and exactly the pinned
packages of ``grading_env/requirements.txt``. ``autograder image build`` works offline: the wheels
are fetched on the host with ``pip download`` (into a cache wheelhouse, reused while complete), the
autograder itself becomes a wheel, and the Docker build runs with ``--network none`` on a base
image that is already local: by default the Debian image made by
``grading_env/make_base_image.sh`` (debootstrap + ``docker import``, no registry involved).

An image carries three labels: the SHA-256 of the requirements file, of the package source and of
the Dockerfile it was built from. :func:`image_status` compares them with the checkout, so editing
the worker or a pin makes the image "stale" rather than silently grading with old code.

Pure helpers (hashes, label values, requirement pins, pip platform tags) come first; everything
that talks to pip or the Docker engine is at the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rich.console import Console
from rich.markup import escape

from .errors import ImageError, SandboxUnavailable

__all__ = [
    "BASE_IMAGE",
    "BASE_SCRIPT",
    "IMAGE_NAME",
    "LABEL_DOCKERFILE",
    "LABEL_PACKAGE",
    "LABEL_REQUIREMENTS",
    "NO_ENGINE_MESSAGE",
    "REQUIREMENTS",
    "ImageStatus",
    "canonical_name",
    "engine_available",
    "expected_labels",
    "image_status",
    "package_sha256",
    "pinned_requirements",
    "pip_platform_tags",
    "run_image_build",
    "source_root",
    "wheel_distribution",
]

IMAGE_NAME = "genmodels-autograder:latest"
DEPS_IMAGE = "genmodels-autograder-deps:latest"  # the Dockerfile's deps stage: the build cache
BASE_IMAGE = "genmodels-autograder-base:bookworm"  # made by BASE_SCRIPT, no registry needed
BASE_SCRIPT = "grading_env/make_base_image.sh"
REQUIREMENTS = "grading_env/requirements.txt"
DOCKERFILE = "Dockerfile"
PACKAGE = "autograder"

LABEL_REQUIREMENTS = "org.genmodels.autograder.requirements-sha256"
LABEL_PACKAGE = "org.genmodels.autograder.package-sha256"
LABEL_DOCKERFILE = "org.genmodels.autograder.dockerfile-sha256"

NO_ENGINE_MESSAGE = (
    "no Docker engine reachable: start dockerd (e.g. `dockerd --bridge=none --iptables=false &`) "
    "or use --sandbox process"
)

ImageStatus = Literal["missing", "stale", "ready"]

# Files besides the package that `pip wheel` needs to build the autograder wheel.
_WHEEL_SOURCES = ("pyproject.toml", "setup.cfg", "setup.py", "README.md", "LICENSE", "MANIFEST.in")


# -- pure helpers ------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _package_files(package_dir: Path) -> dict[str, bytes]:
    """Every ``*.py`` under ``package_dir``, keyed by its path relative to it (POSIX form)."""
    return {
        p.relative_to(package_dir).as_posix(): p.read_bytes()
        for p in package_dir.rglob("*.py")
        if p.is_file() and "__pycache__" not in p.parts
    }


def package_sha256(package_dir: Path) -> str:
    """The hash of the package source: each ``*.py`` file, sorted by relative path.

    The path enters the hash too, so renaming or moving a module changes it; bytecode and any
    other file do not.
    """
    return _files_sha256(_package_files(package_dir))


def _files_sha256(files: Mapping[str, bytes]) -> str:
    h = hashlib.sha256()
    for rel in sorted(files):
        data = files[rel]
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def source_root(root: Path | None = None) -> Path:
    """The checkout that holds the Dockerfile, the requirements and the package source.

    ``root`` (the course root) when it has them, else the tree this module was imported from
    (an editable install); :class:`ImageError` when neither does.
    """
    here = Path(__file__).resolve().parent.parent
    candidates = [root.resolve()] if root is not None else []
    candidates.append(here)
    for c in candidates:
        if (c / DOCKERFILE).is_file() and (c / REQUIREMENTS).is_file() and (c / PACKAGE).is_dir():
            return c
    tried = ", ".join(str(c) for c in dict.fromkeys(candidates))
    raise ImageError(
        f"no grading-image sources found (looked in {tried}): expected {DOCKERFILE}, "
        f"{REQUIREMENTS} and {PACKAGE}/ together; run from the autograder's repository"
    )


def expected_labels(root: Path) -> dict[str, str]:
    """The labels an image built now from the checkout at ``root`` would carry."""
    src = source_root(root)
    return {
        LABEL_REQUIREMENTS: _sha256((src / REQUIREMENTS).read_bytes()),
        LABEL_PACKAGE: package_sha256(src / PACKAGE),
        LABEL_DOCKERFILE: _sha256((src / DOCKERFILE).read_bytes()),
    }


def canonical_name(name: str) -> str:
    """A distribution name as PEP 503 compares them (``Typing_Extensions`` = ``typing-extensions``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([A-Za-z0-9.+!_-]+)$")


def pinned_requirements(text: str, *, path: str = REQUIREMENTS) -> dict[str, str]:
    """``{canonical name: version}`` of a requirements file made only of exact pins.

    Anything else (a range, an option, an extra, a URL) raises :class:`ImageError` naming the
    line: the grading image must be reproducible from this file alone.
    """
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _PIN.match(line)
        if m is None:
            raise ImageError(
                f"{path}, line {number}: {raw.strip()!r} is not an exact pin; write name==version "
                "(the grading image installs exactly these files, nothing is resolved at build time)"
            )
        name = canonical_name(m.group(1))
        if name in pins:
            raise ImageError(f"{path}, line {number}: {m.group(1)} is pinned twice")
        pins[name] = m.group(2)
    if not pins:
        raise ImageError(f"{path} pins no package")
    return pins


def wheel_distribution(filename: str) -> tuple[str, str]:
    """``(canonical name, version)`` from a wheel's file name."""
    parts = filename.removesuffix(".whl").split("-")
    if not filename.endswith(".whl") or len(parts) < 5:
        raise ImageError(f"{filename!r} is not a wheel file name")
    return canonical_name(parts[0]), parts[1]


def pip_platform_tags(machine: str, glibc: tuple[int, int]) -> list[str]:
    """The ``pip download --platform`` tags a glibc ``machine`` can run, newest first.

    pip does not expand ``manylinux_2_36`` to the older tags it implies, so they are listed.
    """
    major, minor = glibc
    if major != 2 or minor < 5:
        raise ImageError(
            f"unsupported glibc {major}.{minor} in the base image (manylinux needs 2.5 or newer)"
        )
    tags = [f"manylinux_2_{m}_{machine}" for m in range(minor, 4, -1)]
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags += [f"{name}_{machine}" for floor, name in legacy.items() if minor >= floor]
    return tags


@dataclass(frozen=True)
class BaseInfo:
    """What the build needs to know about the base image's Python."""

    python: tuple[int, int]
    machine: str
    glibc: tuple[int, int]

    @property
    def pip_tag(self) -> str:
        return f"cp{self.python[0]}{self.python[1]}"

    @property
    def platform(self) -> str:
        return f"manylinux_{self.glibc[0]}_{self.glibc[1]}_{self.machine}"


_PROBE = (
    "import sys, platform, venv, ensurepip\n"
    "lib, ver = platform.libc_ver()\n"
    "print(sys.version_info[0], sys.version_info[1], platform.machine(), lib or '-', ver or '-')"
)


def parse_probe(output: str, base: str) -> BaseInfo:
    """The base image's Python version, machine and glibc from the probe's one line of output."""
    fields = output.split()
    try:
        py_major, py_minor, machine, lib, libver = fields[-5:]
        python = (int(py_major), int(py_minor))
    except ValueError:
        raise ImageError(
            f"cannot read the Python of base image {base}: {output.strip()!r}"
        ) from None
    if lib != "glibc":
        raise ImageError(
            f"base image {base} is not glibc-based ({lib}): the pinned wheels are manylinux; "
            "use a Debian or Ubuntu base"
        )
    g_major, _, g_minor = libver.partition(".")
    return BaseInfo(python=python, machine=machine, glibc=(int(g_major), int(g_minor or 0)))


def _cache_dir() -> Path:
    explicit = os.environ.get("GENMODELS_AUTOGRADER_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "genmodels-autograder"


def _human(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "kB") else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


# -- the Docker engine -------------------------------------------------------------------------


def _unix_socket_path() -> str | None:
    """The engine's Unix socket as the SDK will use it (``DOCKER_HOST``), or None for TCP/SSH."""
    host = os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    for prefix in ("unix://", "http+unix://"):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return None


def _client(timeout: int = 60) -> Any:
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
        client = _client(timeout=5)
    except SandboxUnavailable:
        return False
    client.close()
    return True


def _current_labels(root: Path | None) -> dict[str, str]:
    try:
        return expected_labels(source_root(root))
    except ImageError:
        # An installed autograder without its repository: only its own source can be compared.
        return {LABEL_PACKAGE: package_sha256(Path(__file__).resolve().parent)}


def image_status(client: Any = None, *, root: Path | None = None) -> ImageStatus:
    """Whether :data:`IMAGE_NAME` is missing, stale (built from other sources) or ready.

    Compares the image's labels with the checkout (``root``, else this package's own tree).
    Raises :class:`SandboxUnavailable` when no engine is reachable.
    """
    import docker.errors

    own = client is None
    c = _client() if own else client
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


def _local_image(client: Any, name: str) -> Any | None:
    import docker.errors

    try:
        return client.images.get(name)
    except docker.errors.ImageNotFound:
        return None


def _run_python(client: Any, image: str, code: str, *, entrypoint: str) -> str:
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


def _probe_base(client: Any, base: str) -> BaseInfo:
    try:
        out = _run_python(client, base, _PROBE, entrypoint="python3")
    except ImageError as exc:
        raise ImageError(
            f"base image {base} has no working python3 with venv and ensurepip ({exc}); "
            f"use the image made by {BASE_SCRIPT} or a python:3.11-slim"
        ) from exc
    return parse_probe(out, base)


# -- the build ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sources:
    """The bytes the image is built from, read once so the labels describe exactly them."""

    dockerfile: bytes
    requirements: bytes
    package: dict[str, bytes]
    extra: dict[str, bytes]

    def labels(self) -> dict[str, str]:
        return {
            LABEL_REQUIREMENTS: _sha256(self.requirements),
            LABEL_PACKAGE: _files_sha256(
                {rel: data for rel, data in self.package.items() if rel.endswith(".py")}
            ),
            LABEL_DOCKERFILE: _sha256(self.dockerfile),
        }


def _read_sources(src: Path) -> _Sources:
    package_dir = src / PACKAGE
    package = {
        rel: (package_dir / rel).read_bytes()
        for rel in sorted(
            p.relative_to(package_dir).as_posix()
            for p in package_dir.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
        )
    }
    extra = {name: (src / name).read_bytes() for name in _WHEEL_SOURCES if (src / name).is_file()}
    if "pyproject.toml" not in extra and "setup.py" not in extra:
        raise ImageError(f"{src} has no pyproject.toml: cannot build the autograder wheel")
    return _Sources(
        dockerfile=(src / DOCKERFILE).read_bytes(),
        requirements=(src / REQUIREMENTS).read_bytes(),
        package=package,
        extra=extra,
    )


def _run(
    cmd: list[str], what: str, *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> None:
    full_env = {
        **os.environ,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
        **(env or {}),
    }
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise ImageError(f"{what} failed (exit {proc.returncode}):\n{tail}")


def _wheelhouse_complete(house: Path, pins: Mapping[str, str]) -> bool:
    """A cached wheelhouse is reused only when its manifest lists every pin and all files are there."""
    manifest = house / "MANIFEST"
    if not manifest.is_file():
        return False
    seen: set[str] = set()
    try:
        for line in manifest.read_text().splitlines():
            size, _, name = line.partition(" ")
            f = house / name
            if not f.is_file() or str(f.stat().st_size) != size:
                return False
            seen.add(wheel_distribution(name)[0])
    except (OSError, ImageError):
        return False
    return seen == set(pins)


def _check_wheels(files: Iterable[str], pins: Mapping[str, str]) -> None:
    got = dict(wheel_distribution(f) for f in files)
    extra = sorted(set(got) - set(pins))
    missing = sorted(set(pins) - set(got))
    if extra:
        listed = ", ".join(f"{n}=={got[n]}" for n in extra)
        raise ImageError(
            f"the pinned packages need packages {REQUIREMENTS} does not list: {listed}; "
            "pin them too (every package in the sandbox is pinned explicitly)"
        )
    if missing:
        raise ImageError(f"pip downloaded no wheel for {', '.join(missing)}")


def _wheelhouse(
    requirements: bytes, pins: Mapping[str, str], info: BaseInfo, scratch: Path, console: Console
) -> Path:
    """A directory holding exactly one wheel per pin for the base image's Python and platform."""
    key = f"{info.pip_tag}-{info.platform}-{_sha256(requirements)[:16]}"
    cache = _cache_dir() / "wheelhouse"
    house = cache / key
    if _wheelhouse_complete(house, pins):
        console.print(f"  reusing the cached wheelhouse {escape(str(house))}")
        return house
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f"{key}.partial-", dir=cache))
    except OSError:  # an unwritable cache only costs the reuse
        partial = scratch / "wheelhouse"
        partial.mkdir()
        house = partial
    req_file = partial / "requirements.txt"
    req_file.write_bytes(requirements)
    cmd = [
        sys.executable, "-m", "pip", "download",
        "--only-binary=:all:", "--progress-bar", "off", "--dest", str(partial),
        "--implementation", "cp", "--abi", info.pip_tag,  # pip adds abi3 and none itself
        "--python-version", f"{info.python[0]}.{info.python[1]}",
        *[arg for tag in pip_platform_tags(info.machine, info.glibc) for arg in ("--platform", tag)],
        "-r", str(req_file),
    ]  # fmt: skip
    console.print(
        f"  pip download of {len(pins)} pinned packages for {info.pip_tag} {info.platform}"
    )
    try:
        _run(cmd, "pip download of the pinned wheels")
        req_file.unlink()
        wheels = sorted(p.name for p in partial.glob("*.whl"))
        _check_wheels(wheels, pins)
        (partial / "MANIFEST").write_text(
            "".join(f"{(partial / w).stat().st_size} {w}\n" for w in wheels)
        )
        if partial != house:
            shutil.rmtree(house, ignore_errors=True)
            partial.rename(house)
    except BaseException:
        if partial != house:
            shutil.rmtree(partial, ignore_errors=True)
        raise
    return house


def _autograder_wheel(sources: _Sources, scratch: Path, dest: Path) -> Path:
    """Build the autograder wheel from the sources as read (not the live tree)."""
    tree = scratch / "package"
    for rel, data in {
        **sources.extra,
        **{f"{PACKAGE}/{k}": v for k, v in sources.package.items()},
    }.items():
        path = tree / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(dest), str(tree)]
    # The build backend is usually already importable here (setuptools comes with torch), which
    # spares an isolated build environment and its index look-ups.
    if importlib.util.find_spec("setuptools") is not None:
        cmd.insert(4, "--no-build-isolation")
    # Fixed zip timestamps: the same sources give the same wheel bytes, so Docker's layer cache
    # holds and rebuilding an unchanged checkout yields the same image id.
    _run(cmd, "building the autograder wheel", cwd=scratch, env={"SOURCE_DATE_EPOCH": "315532800"})
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise ImageError(f"expected one autograder wheel in {dest}, found {len(wheels)}")
    return wheels[0]


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


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
    client = _client(timeout=120)
    try:
        base_name = base or BASE_IMAGE
        base_image = _local_image(client, base_name)
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
        sources = _read_sources(src)
        pins = pinned_requirements(sources.requirements.decode(), path=str(src / REQUIREMENTS))
        info = _probe_base(client, base_name)
        timings: dict[str, float] = {}

        with tempfile.TemporaryDirectory(prefix="autograder-image-") as tmp:
            scratch = Path(tmp)
            context = scratch / "context"
            (context / "wheelhouse").mkdir(parents=True)
            (context / "dist").mkdir()

            t = time.monotonic()
            house = _wheelhouse(sources.requirements, pins, info, scratch, console)
            for wheel in sorted(house.glob("*.whl")):
                _link_or_copy(wheel, context / "wheelhouse" / wheel.name)
            timings["wheelhouse"] = time.monotonic() - t

            t = time.monotonic()
            wheel = _autograder_wheel(sources, scratch, context / "dist")
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
            previous = [_local_image(client, name) for name in (DEPS_IMAGE, IMAGE_NAME)]
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
        out = _run_python(client, IMAGE_NAME, _DESCRIBE, entrypoint="/opt/venv/bin/python")
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
