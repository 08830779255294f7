"""What identifies a grading image: its name, and the labels it carries (the SHA-256 of the
requirements file, of the package source and of the Dockerfile it was built from), computed
from a checkout (pure, but for reading the files)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from ...errors import ImageError

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
WHEEL_SOURCES = ("pyproject.toml", "setup.cfg", "setup.py", "README.md", "LICENSE", "MANIFEST.in")


def sha256_hex(data: bytes) -> str:
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
    return files_sha256(_package_files(package_dir))


def files_sha256(files: Mapping[str, bytes]) -> str:
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
    here = Path(__file__).resolve().parents[3]  # autograder/sandbox/image/ -> the checkout
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
        LABEL_REQUIREMENTS: sha256_hex((src / REQUIREMENTS).read_bytes()),
        LABEL_PACKAGE: package_sha256(src / PACKAGE),
        LABEL_DOCKERFILE: sha256_hex((src / DOCKERFILE).read_bytes()),
    }
