"""Which sandbox a run uses: docker when asked (or ready, for ``auto``), else the process
sandbox, confined as root or in a user namespace, and refused for students' code where neither
is possible."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from ..errors import SandboxUnavailable

__all__ = ["choose_backend", "process_backend", "remove_batch_containers"]


def choose_backend(
    kind: str, hide: list[Path], *, unconfined: bool = False, trusted: bool = False
) -> dict[str, Any]:
    """The backend config for ``--sandbox``: docker when asked (or available for ``auto``),
    else the process sandbox, confined (see :func:`process_backend`)."""
    if kind in ("docker", "auto"):
        try:
            from ..sandbox.image.client import image_status
            from ..sandbox.image.labels import IMAGE_NAME

            status = image_status()
        except (ImportError, SandboxUnavailable) as exc:
            if kind == "docker":
                raise SandboxUnavailable(str(exc)) from exc
            status = "missing"
        else:
            if status == "ready":
                # Every container of this batch carries its id, so all can be removed at the end.
                return {"kind": "docker", "image": IMAGE_NAME, "batch": uuid.uuid4().hex[:12]}
            if kind == "docker":
                raise SandboxUnavailable(
                    f"the grading image {IMAGE_NAME} is {status}: run `autograder image build` "
                    "(offline: grading_env/make_base_image.sh first)"
                )
    return process_backend(hide, unconfined=unconfined, trusted=trusted)


def process_backend(hide: list[Path], *, unconfined: bool, trusted: bool) -> dict[str, Any]:
    """The process sandbox's config: confined as root, or in a user namespace without root.

    Where confinement works it is always used. Where neither way works (no user namespaces, or a
    container without CAP_SYS_ADMIN), students' code is refused, since the worker would see the
    machine's files, unless ``unconfined`` allows it (a throw-away container that is itself the
    sandbox, as on Gradescope). ``trusted`` runs (the course's own solutions and mutants in
    ``validate``, a student's own notebook in ``check``) fall back to it.
    ``AUTOGRADER_PROCESS_CONFINE=userns`` takes the user-namespace path as root too (tests).
    """
    from ..sandbox.process import confinement_mode, confinement_problem

    cfg: dict[str, Any] = {"kind": "process", "hide": [str(p) for p in hide]}
    why = confinement_problem()
    if why is None:
        forced = os.environ.get("AUTOGRADER_PROCESS_CONFINE")
        mode = forced if forced in ("root", "userns") else confinement_mode()
        return {**cfg, "confine": mode}
    if unconfined or trusted:
        return {**cfg, "confine": "none"}
    raise SandboxUnavailable(
        "the process sandbox cannot confine students' code on this machine: it can enter "
        f"neither namespaces as root nor an unprivileged user namespace ({why}). Grade with "
        "`--sandbox docker`, run the grader as root outside a container, or pass `--unconfined` "
        "for trusted code or a throw-away container (the code could then read what the "
        "grader's machine shows)"
    )


def remove_batch_containers(backend: dict[str, Any] | None) -> None:
    """Remove whatever containers of this batch are left (after an interrupt, a lost runner)."""
    if backend and backend.get("kind") == "docker" and backend.get("batch"):
        from ..sandbox.docker import LABEL, remove_containers

        remove_containers(f"{LABEL}={backend['batch']}")
