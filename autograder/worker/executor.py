"""Execute notebook cells with IPython, as Jupyter would, one cell after another.

Used in two places: inside the sandbox worker on the student's cells, and in the trusted
process on the solution's cells (the ``reference`` fixture). A failing cell is recorded and
execution goes on with the next one, so one broken answer costs only the tests that need it.
"""

from __future__ import annotations

import contextlib
import io
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CappedText", "Cell", "CellOutcome", "execute_cells", "format_student_traceback"]


@dataclass(frozen=True)
class Cell:
    """A cell to execute: its stable id, role (answer or setup) and source."""

    id: str
    role: str
    source: str


@dataclass
class CellOutcome:
    """What happened when one cell ran."""

    id: str
    role: str
    ok: bool
    error_kind: str = ""
    error: str = ""  # the student's traceback, grader frames trimmed
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class CappedText(io.TextIOBase):
    """A text sink that keeps the first ``cap`` characters and counts the rest.

    Printing a gigabyte costs the student time, not the grader memory.
    """

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._parts: list[str] = []
        self._kept = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        n = len(s)
        room = self.cap - self._kept
        if room > 0:
            piece = s[:room]
            self._parts.append(piece)
            self._kept += len(piece)
        self.dropped += max(0, n - max(room, 0))
        return n

    def getvalue(self) -> str:
        text = "".join(self._parts)
        if self.dropped:
            text += f"\n[... {self.dropped} more characters of output not kept]"
        return text


_GRADER_MARKERS = ("/autograder/", "/IPython/", "/site-packages/IPython", "<frozen runpy>")


def format_student_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` with the grader's and IPython's frames left out."""
    frames = traceback.extract_tb(exc.__traceback__)
    # Library frames (torch, numpy: anything installed under the interpreter's prefix) say
    # nothing the student can act on and reveal the grader's paths; the error line stays.
    libraries = tuple({sys.prefix, sys.base_prefix})
    kept = [
        f
        for f in frames
        if not any(m in f.filename for m in _GRADER_MARKERS)
        and not f.filename.startswith(libraries)
    ]
    lines = ["Traceback (most recent call last):\n"] if kept else []
    lines += traceback.format_list(kept)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


@contextlib.contextmanager
def _redirect(out: CappedText, err: CappedText) -> Iterator[None]:
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = old


def _shell() -> Any:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    return shell


def execute_cells(
    cells: list[Cell], namespace: dict[str, Any] | None = None, *, output_cap: int = 64 * 1024
) -> tuple[dict[str, Any], list[CellOutcome], str]:
    """Run ``cells`` in order in one IPython namespace; return (namespace, outcomes, output).

    ``namespace`` seeds the user namespace (e.g. with ``support``). Output printed by the
    cells is captured and capped; it never reaches the real stdout.
    """
    import time

    shell = _shell()
    if namespace:
        shell.user_ns.update(namespace)
    out = CappedText(output_cap)
    outcomes: list[CellOutcome] = []
    with _redirect(out, out):
        for cell in cells:
            start = time.perf_counter()
            result = shell.run_cell(cell.source, store_history=False, silent=False)
            seconds = time.perf_counter() - start
            exc = result.error_before_exec or result.error_in_exec
            if exc is None:
                outcomes.append(CellOutcome(cell.id, cell.role, True, seconds=seconds))
            else:
                outcomes.append(
                    CellOutcome(
                        cell.id,
                        cell.role,
                        False,
                        error_kind=type(exc).__name__,
                        error=format_student_traceback(exc),
                        seconds=seconds,
                    )
                )
    return shell.user_ns, outcomes, out.getvalue()
