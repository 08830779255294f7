"""Reading a teacher's notebook strictly and writing notebooks byte-for-byte deterministically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat

from .errors import NotebookFormatError

__all__ = ["dumps", "read_source"]


def read_source(path: Path) -> Any:
    """A source notebook as nbformat 4; anything else is a :class:`NotebookFormatError`."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotebookFormatError(
            "the notebook does not exist", path=path, fix="create it or check the id"
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotebookFormatError(
            f"not valid JSON ({exc})",
            path=path,
            fix="the file is truncated or hand-edited; restore it from git or re-save it in Jupyter",
        ) from exc
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise NotebookFormatError("not a Jupyter notebook (no nbformat field)", path=path)
    if raw.get("nbformat") != 4:
        raise NotebookFormatError(
            f"nbformat {raw.get('nbformat')} is not supported",
            path=path,
            fix="open it in a current Jupyter and save it (nbformat 4), or run `jupyter nbconvert --to notebook`",
        )
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)  # type: ignore[no-untyped-call]
        nbformat.validate(nb)  # type: ignore[no-untyped-call]
    except Exception as exc:  # nbformat's ValidationError and friends
        raise NotebookFormatError(
            f"invalid notebook: {str(exc).splitlines()[0]}", path=path
        ) from exc
    if not nb.cells:
        raise NotebookFormatError(
            "the notebook has no cells",
            path=path,
            fix="an assignment needs at least one answer cell",
        )
    return nb


def dumps(nb: Any) -> bytes:
    """The notebook as bytes: sorted keys, one-space indent, trailing newline, same on every machine."""
    text = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False, separators=(",", ": "))
    return (text + "\n").encode("utf-8")
