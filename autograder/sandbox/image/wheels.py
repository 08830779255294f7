"""The wheels an image is built from: requirement pins, wheel names, pip platform tags (pure),
and the host-side wheelhouse (``pip download`` into a cache, reused while complete) and the
autograder's own wheel."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ...errors import ImageError
from .base import BaseInfo
from .labels import (
    DOCKERFILE,
    LABEL_DOCKERFILE,
    LABEL_PACKAGE,
    LABEL_REQUIREMENTS,
    PACKAGE,
    REQUIREMENTS,
    WHEEL_SOURCES,
    files_sha256,
    sha256_hex,
)


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


def _cache_dir() -> Path:
    explicit = os.environ.get("GENMODELS_AUTOGRADER_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "genmodels-autograder"


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


def wheelhouse(
    requirements: bytes, pins: Mapping[str, str], info: BaseInfo, scratch: Path, console: Console
) -> Path:
    """A directory holding exactly one wheel per pin for the base image's Python and platform."""
    key = f"{info.pip_tag}-{info.platform}-{sha256_hex(requirements)[:16]}"
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
        run_step(cmd, "pip download of the pinned wheels")
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


def autograder_wheel(sources: Sources, scratch: Path, dest: Path) -> Path:
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
    run_step(
        cmd, "building the autograder wheel", cwd=scratch, env={"SOURCE_DATE_EPOCH": "315532800"}
    )
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise ImageError(f"expected one autograder wheel in {dest}, found {len(wheels)}")
    return wheels[0]


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


@dataclass(frozen=True)
class Sources:
    """The bytes the image is built from, read once so the labels describe exactly them."""

    dockerfile: bytes
    requirements: bytes
    package: dict[str, bytes]
    extra: dict[str, bytes]

    def labels(self) -> dict[str, str]:
        return {
            LABEL_REQUIREMENTS: sha256_hex(self.requirements),
            LABEL_PACKAGE: files_sha256(
                {rel: data for rel, data in self.package.items() if rel.endswith(".py")}
            ),
            LABEL_DOCKERFILE: sha256_hex(self.dockerfile),
        }


def read_sources(src: Path) -> Sources:
    package_dir = src / PACKAGE
    package = {
        rel: (package_dir / rel).read_bytes()
        for rel in sorted(
            p.relative_to(package_dir).as_posix()
            for p in package_dir.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
        )
    }
    extra = {name: (src / name).read_bytes() for name in WHEEL_SOURCES if (src / name).is_file()}
    if "pyproject.toml" not in extra and "setup.py" not in extra:
        raise ImageError(f"{src} has no pyproject.toml: cannot build the autograder wheel")
    return Sources(
        dockerfile=(src / DOCKERFILE).read_bytes(),
        requirements=(src / REQUIREMENTS).read_bytes(),
        package=package,
        extra=extra,
    )


def run_step(
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
