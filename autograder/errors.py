"""The one exception tree of the autograder.

::

    AutograderError
    ├── UsageError(ValueError)              bad command line or arguments          exit 2
    ├── AuthorError(ValueError)             a mistake in a teacher's assignment     exit 2
    │   ├── NotebookFormatError             source notebook cannot be read / parsed
    │   ├── MarkerError                     unclosed, nested or misplaced markers
    │   ├── LeakError                       a solution line would reach students
    │   └── ConfigError                     assignment.toml is wrong
    ├── SystemFailure(RuntimeError)         the grader itself cannot work           exit 3
    │   ├── SandboxUnavailable              e.g. no Docker engine for --sandbox docker
    │   └── ImageError                      grading image missing, stale or unbuildable
    ├── ProtocolError                       a malformed frame or value from a sandbox
    └── StudentError                        student code raised, timed out or crashed
        ├── StudentTimeout                  a call ran past its wall-clock limit
        └── SandboxCrashed                  the worker died (os._exit, segfault, OOM)

    NotAnswered(BaseException)              a test reached a stub still in place


Student failures are *data* in the results, never an exit code: ``StudentError`` is raised
inside a hidden test (where pytest turns it into a failed test with a plain message) and
nowhere else. ``NotAnswered`` is the one exception outside the tree, on purpose: a stub fails on
every input the same way, and as a ``BaseException`` it ends its test at the first call instead
of letting hypothesis shrink it (the untouched hw07 notebook took 32 s to grade, 29 of them
shrinking stubs); it carries the ``StudentError`` it was raised from. Errors a user can fix
carry structured fields (path, cell index, fix) and also subclass the builtin a Python
programmer would expect, as Hypothesis's ``InvalidArgument(TypeError)`` does.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AuthorError",
    "AutograderError",
    "BundleRejected",
    "ConfigError",
    "ImageError",
    "LeakError",
    "MarkerError",
    "NotAnswered",
    "NotebookFormatError",
    "ProtocolError",
    "SandboxCrashed",
    "SandboxUnavailable",
    "StudentError",
    "StudentTimeout",
    "SystemFailure",
    "UsageError",
]


class AutograderError(Exception):
    """Root of every error the autograder raises on purpose."""

    exit_code = 3


class UsageError(AutograderError, ValueError):
    """The command line asks for something that cannot be done as asked."""

    exit_code = 2


class AuthorError(AutograderError, ValueError):
    """A mistake in an assignment's source material, with where it is and how to fix it."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        cell: int | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.cell = cell
        self.line = line
        self.fix = fix
        super().__init__(self.render())

    def render(self) -> str:
        """One paragraph: where, what, and what to do."""
        where = []
        if self.path is not None:
            where.append(str(self.path))
        if self.cell is not None:
            where.append(f"cell {self.cell}")
        if self.line is not None:
            where.append(f"line {self.line}")
        head = f"{', '.join(where)}: " if where else ""
        tail = f" Fix: {self.fix}" if self.fix else ""
        return (
            f"{head}{self.message}.{tail}"
            if not self.message.endswith(".")
            else f"{head}{self.message}{tail}"
        )


class NotebookFormatError(AuthorError):
    """A notebook that is not valid JSON, not nbformat 4, or empty."""


class MarkerError(AuthorError):
    """Solution or hidden-test markers that are unclosed, nested or in the wrong cell."""


class LeakError(AuthorError):
    """A solution line, hidden test or mutant would reach the student release."""


class ConfigError(AuthorError):
    """``assignment.toml`` is missing a field or has a wrong value."""


class SystemFailure(AutograderError, RuntimeError):
    """The grader itself cannot do its job (not the student's fault, not the author's)."""

    exit_code = 3


class BundleRejected(SystemFailure):
    """A cluster worker received an assignment bundle whose hash is not the one sent."""


class SandboxUnavailable(SystemFailure):
    """The requested sandbox backend cannot run here."""


class ImageError(SystemFailure):
    """The grading image is missing, stale or cannot be built."""


class ProtocolError(AutograderError):
    """A frame or value from the sandbox is malformed, oversized or of a forbidden type.

    Attributed to the submission: a worker that sends garbage fails the test in flight.
    """


class StudentError(AutograderError):
    """Student code raised an exception; carries the student's own traceback.

    ``kind`` is the exception class name raised in the sandbox, ``student_traceback`` the
    traceback with grader frames trimmed, ``call`` the name the test called.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "Exception",
        student_traceback: str = "",
        call: str | None = None,
    ) -> None:
        self.kind = kind
        self.student_traceback = student_traceback
        self.call = call
        super().__init__(message)

    @property
    def not_answered(self) -> bool:
        """True when the student left the ``raise NotImplementedError()`` stub in place."""
        return self.kind == "NotImplementedError"


class StudentTimeout(StudentError):
    """A call into student code ran past its wall-clock limit."""


class SandboxCrashed(StudentError):
    """The sandbox worker died: ``os._exit``, a segfault, the memory limit, ..."""


class NotAnswered(BaseException):
    """A test called a function whose ``raise NotImplementedError()`` stub is still in place.

    Not an ``Exception``, so that neither hypothesis (which shrinks ``Exception``) nor a test's
    ``except Exception`` catches it: the test fails at once, as "not answered". pytest records
    any ``BaseException`` but ``KeyboardInterrupt`` and ``Exit`` as the test's failure. The
    ``StudentError`` is both ``error`` and ``__cause__``.
    """

    def __init__(self, error: StudentError) -> None:
        self.error = error
        super().__init__(str(error))
