"""Incremental regrading: results cached under the output folder, keyed by everything that decides them.

A cached result is reused only when the submission's bytes, the assignment's tests, support,
release and solution, its limits, the grading code, and the sandbox environment (backend and
image) are all unchanged. A corrupted entry is ignored and the submission regraded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from ..course import Assignment
from .results import SubmissionResult

__all__ = ["ResultCache", "assignment_fingerprint"]

_PACKAGE = Path(__file__).resolve().parents[1]  # the autograder package


def _hash_tree(h: Any, folder: Path, label: str) -> None:
    if not folder.exists():
        h.update(f"{label}:absent\n".encode())
        return
    files = (
        [folder]
        if folder.is_file()
        else sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    )
    for f in files:
        h.update(f"{label}:{f.relative_to(folder.parent).as_posix()}\n".encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())


def assignment_fingerprint(a: Assignment, backend: dict[str, Any]) -> str:
    """Hash of everything besides the submission that decides a grade."""
    h = hashlib.sha256()
    for label, path in (
        ("hidden", a.hidden_tests), ("public", a.public_tests), ("support", a.support),
        ("release", a.release_notebook), ("solution", a.solution_notebook), ("toml", a.dir / "assignment.toml"),
        ("package", _PACKAGE),
    ):  # fmt: skip
        _hash_tree(h, path, label)
    h.update(json.dumps({k: v for k, v in backend.items() if k != "hide"}, sort_keys=True).encode())
    if backend.get("kind") == "docker":
        h.update(str(backend.get("image_id", "")).encode())
    return h.hexdigest()


class ResultCache:
    """``out/.cache/<key>.json``; keys are sha256(fingerprint, submission bytes)."""

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.dir = out / ".cache"
        self.fingerprint = fingerprint

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.fingerprint.encode() + b"\0" + data).hexdigest()

    def get(self, data: bytes) -> SubmissionResult | None:
        path = self.dir / f"{self.key(data)}.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("fingerprint") != self.fingerprint:
                return None
            names = {f.name for f in fields(SubmissionResult)}
            result = SubmissionResult(**{k: v for k, v in raw["result"].items() if k in names})
            if not isinstance(result.tests, list) or not isinstance(result.score, int | float):
                return None
            return result
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or corrupted: grade again

    def put(self, data: bytes, result: SubmissionResult) -> None:
        if result.system_error:
            return  # the grader's own failure is not a grade worth keeping
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / f"{self.key(data)}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"fingerprint": self.fingerprint, "result": asdict(result)}),
            encoding="utf-8",
        )
        os.replace(tmp, path)
