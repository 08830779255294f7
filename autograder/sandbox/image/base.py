"""The base image an image is built on: what its Python, machine and glibc are (probed in a
throw-away container, parsed here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...errors import ImageError
from .client import run_python
from .labels import BASE_SCRIPT


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


def probe_base(client: Any, base: str) -> BaseInfo:
    try:
        out = run_python(client, base, _PROBE, entrypoint="python3")
    except ImageError as exc:
        raise ImageError(
            f"base image {base} has no working python3 with venv and ensurepip ({exc}); "
            f"use the image made by {BASE_SCRIPT} or a python:3.11-slim"
        ) from exc
    return parse_probe(out, base)
