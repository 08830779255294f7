"""Uploads: checked against the release with the code ``autograder check`` uses, then committed.

A notebook that is not a notebook of this assignment is refused with the reason and nothing is
stored. An accepted one is written to the upload folder (outside every served path), fsynced
with its folder, and only then recorded with its grading job in one transaction: when the
student reads "received", both the bytes and the job are on disk.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from ..commands.submission import match_cells, parse_notebook
from ..course import Assignment as CourseAssignment
from . import queue
from .models import Assignment, Submission

__all__ = ["Rejected", "check_upload", "read_upload", "store_upload", "upload_path"]


class Rejected(Exception):
    """An upload refused before anything was stored; the message is for the student."""


@functools.lru_cache(maxsize=32)
def _release(path: str, mtime: float) -> Any:
    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def release_notebook(a: CourseAssignment) -> Any:
    path = a.release_notebook
    return _release(str(path), path.stat().st_mtime)


def check_upload(a: CourseAssignment, data: bytes) -> list[str]:
    """The structure problems a grader would report (warnings), or Rejected."""
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise Rejected(
            f"the file is {len(data) / 1e6:.1f} MB; notebooks up to "
            f"{settings.MAX_UPLOAD_BYTES / 1e6:.0f} MB are accepted (clear large outputs and save again)"
        )
    nb, problem = parse_notebook(data)
    if nb is None:
        assert problem is not None
        raise Rejected(problem.message)
    release = release_notebook(a)
    matched = match_cells(release, nb)
    expected = [
        str(c.get("id"))
        for c in release.cells
        if c.get("cell_type") == "code"
        and c.get("metadata", {}).get("autograder", {}).get("role") == "answer"
    ]
    got = [c for c in matched.cells if c.role == "answer"]
    if expected and not got:
        raise Rejected(
            f"this is not a notebook of {a.title}: none of its {len(expected)} answer cells "
            f"({', '.join(expected[:5])}) is in the file. Download the student notebook of this "
            "assignment, work in it, and upload that file."
        )
    return [p.message for p in matched.problems]


def upload_path(sub: Submission) -> Path:
    return Path(settings.UPLOAD_DIR) / sub.path


def read_upload(sub: Submission) -> bytes:
    return upload_path(sub).read_bytes()


def _write_durably(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@dataclass(frozen=True)
class Stored:
    submission: Submission
    created: bool  # False: the same bytes as the student's latest submission, nothing new


def store_upload(assignment: Assignment, student: User, data: bytes, now: dt.datetime) -> Stored:
    """Commit an accepted upload: the file (fsynced), then the row and its job together."""
    digest = hashlib.sha256(data).hexdigest()
    rel = f"{assignment.slug}/{student.id}/{digest}.ipynb"
    _write_durably(Path(settings.UPLOAD_DIR) / rel, data)  # content-addressed: rewriting is safe
    with transaction.atomic():
        # One student's uploads are numbered one at a time (a row lock on PostgreSQL; SQLite's
        # writers are serialised anyway).
        User.objects.select_for_update().filter(id=student.id).first()
        mine = Submission.objects.filter(assignment=assignment, student=student)
        latest = mine.order_by("-number").first()
        if latest is not None and latest.sha256 == digest:
            return Stored(latest, False)
        number = (mine.aggregate(n=Max("number"))["n"] or 0) + 1
        sub = Submission.objects.create(
            assignment=assignment,
            student=student,
            number=number,
            sha256=digest,
            size=len(data),
            path=rel,
            uploaded_at=now,
            late_days=0,
        )
        queue.enqueue(sub)
    return Stored(sub, True)
