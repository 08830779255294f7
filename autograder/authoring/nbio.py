"""Notebooks in and out: strict reading of a teacher's notebook, byte-deterministic writing.

Reading never goes through ``nbformat.reads``: on an nbformat 4.5 notebook whose cells lack an
``id`` it silently invents random ids (and warns), which would make two releases of the same
source differ. :func:`loads_notebook` parses the JSON itself, refuses anything that is not a
non-empty nbformat 4 notebook with a :class:`~autograder.errors.NotebookFormatError` that says
where and what to do, validates against nbformat's schema, and leaves missing or malformed cell
ids alone for :mod:`autograder.authoring.transform` to replace deterministically.

Writing (:func:`dumps`) is nbformat's own JSON layout (one-space indent, sorted keys, sources
split into lines) plus a trailing newline, encoded as UTF-8: the same bytes on every run and
every machine.
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4.rwbase import rejoin_lines

from ..errors import NotebookFormatError

__all__ = [
    "VALID_CELL_ID",
    "as_notebook",
    "cell_source",
    "dumps",
    "loads_notebook",
    "read_notebook",
]

VALID_CELL_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
"""What nbformat 4.5 accepts as a cell id (and nbgrader as a ``grade_id``)."""

_RESAVE = "open it in Jupyter (or JupyterLab) and save it again"


def read_notebook(path: Path) -> NotebookNode:
    """The nbformat 4 notebook at ``path``, cell sources as strings; see :func:`loads_notebook`.

    A missing or unreadable file is a :class:`NotebookFormatError` naming the path.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise NotebookFormatError(
            "the notebook does not exist", path=path, fix="create it, or check the assignment id"
        ) from exc
    except OSError as exc:
        raise NotebookFormatError(
            f"the notebook cannot be read ({exc.strerror})", path=path, fix="check its permissions"
        ) from exc
    return loads_notebook(data, path=path)


def loads_notebook(data: bytes | str, *, path: Path | None = None) -> NotebookNode:
    """``data`` parsed as a non-empty nbformat 4 notebook, or a :class:`NotebookFormatError`.

    Refused, each with ``path`` and a fix: an empty file, text that is not JSON (a truncated
    file), JSON that is not a notebook, nbformat 3 or any version other than 4, a notebook
    with no cells, and anything nbformat's schema rejects. Cell ids are *not* checked here
    (missing, malformed or duplicated ids are replaced deterministically by the transform);
    the result is never given random ids. Sources and outputs are joined into strings.
    """
    text = _decode(data, path)
    if not text.strip():
        raise NotebookFormatError(
            "the notebook file is empty (0 bytes of JSON)",
            path=path,
            fix=f"restore it from git, or {_RESAVE}",
        )
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookFormatError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            " (the file is probably truncated or was edited by hand)",
            path=path,
            fix=f"restore it from git, or {_RESAVE}",
        ) from exc
    _check_version(raw, path)
    _check_cells(raw, path)
    _validate(raw, path)
    node: NotebookNode = rejoin_lines(as_notebook(copy.deepcopy(raw)))  # type: ignore[no-untyped-call]
    return node


def dumps(nb: Any) -> bytes:
    """``nb`` as nbformat 4 JSON bytes: one-space indent, sorted keys, trailing newline.

    The same notebook always gives the same bytes, on every run and machine. A notebook that
    fails nbformat's schema, or an nbformat 4.5 notebook with a cell without a valid id (which
    nbformat would fill with a random one), is refused with a :class:`NotebookFormatError`.
    """
    node = as_notebook(copy.deepcopy(dict(nb)))
    if node.get("nbformat_minor", 0) >= 5:
        for index, cell in enumerate(node.get("cells", []), start=1):
            if not (isinstance(cell.get("id"), str) and VALID_CELL_ID.match(cell["id"])):
                raise NotebookFormatError(
                    "refusing to write a notebook with a cell without a valid id", cell=index
                )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat's deprecation chatter is not our output
            nbformat.validate(copy.deepcopy(node))
            text: str = nbformat.writes(node, version=4)  # type: ignore[no-untyped-call]
    except nbformat.ValidationError as exc:
        raise NotebookFormatError(
            f"refusing to write an invalid notebook: {_first_line(exc)}"
        ) from exc
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def cell_source(cell: Any) -> str:
    """A cell's source as one string, whether stored as a string or a list of lines."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _decode(data: bytes | str, path: Path | None) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotebookFormatError(
            f"not UTF-8 text (byte {exc.start} is invalid)",
            path=path,
            fix=f"restore it from git, or {_RESAVE}",
        ) from exc


def _check_version(raw: object, path: Path | None) -> None:
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise NotebookFormatError(
            "JSON, but not a Jupyter notebook (no `nbformat` field)",
            path=path,
            fix="point the assignment at a .ipynb saved by Jupyter",
        )
    version = raw["nbformat"]
    if version == 4:
        return
    if version in (1, 2, 3):
        raise NotebookFormatError(
            f"nbformat {version} (IPython 2 era, cells in `worksheets`) is not supported",
            path=path,
            fix=f"convert it with `jupyter nbconvert --to notebook --inplace {path or 'FILE'}`"
            f" or {_RESAVE}",
        )
    raise NotebookFormatError(
        f"unknown nbformat version {version!r}; only nbformat 4 is supported",
        path=path,
        fix=_RESAVE,
    )


def _check_cells(raw: dict[str, Any], path: Path | None) -> None:
    cells = raw.get("cells")
    if not isinstance(cells, list):
        raise NotebookFormatError(
            "the notebook has no `cells` list", path=path, fix=f"restore it from git, or {_RESAVE}"
        )
    if not cells:
        raise NotebookFormatError(
            "the notebook has no cells",
            path=path,
            fix="an assignment needs at least one cell with a solution region",
        )
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise NotebookFormatError(
                "not a notebook cell (no cell_type code, markdown or raw)",
                path=path,
                cell=index,
                fix=_RESAVE,
            )


def _validate(raw: dict[str, Any], path: Path | None) -> None:
    """nbformat's schema, on a copy whose ids are placeholders (ids are the transform's job)."""
    probe = copy.deepcopy(raw)
    minor = probe.get("nbformat_minor")
    for index, cell in enumerate(probe["cells"]):
        if isinstance(minor, int) and minor >= 5:
            cell["id"] = f"probe-{index}"
        else:
            cell.pop("id", None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbformat.validate(as_notebook(probe))
    except nbformat.ValidationError as exc:
        where = list(getattr(exc, "absolute_path", []) or [])
        cell = where[1] + 1 if len(where) > 1 and where[0] == "cells" else None
        raise NotebookFormatError(
            f"not a valid nbformat 4 notebook: {_first_line(exc)}",
            path=path,
            cell=cell if isinstance(cell, int) else None,
            fix=_RESAVE,
        ) from exc


def as_notebook(data: Any) -> NotebookNode:
    """``data`` (plain JSON values) as nbformat's attribute-access dicts."""
    node: NotebookNode = nbformat.from_dict(data)  # type: ignore[no-untyped-call]
    return node


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", "") or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
