"""Auto-graded homework for a course on generative modelling: release, sandboxed grading, validation.

The public API is small: the CLI (``autograder``), the test-author API in
:mod:`autograder.testing`, the sandbox-side helpers in :mod:`autograder.testmodels`, and the
exception tree in :mod:`autograder.errors`.
"""

from .errors import (
    AuthorError,
    AutograderError,
    ProtocolError,
    StudentError,
    StudentTimeout,
    SystemFailure,
    UsageError,
)

__version__ = "0.1.0"

__all__ = [
    "AuthorError",
    "AutograderError",
    "ProtocolError",
    "StudentError",
    "StudentTimeout",
    "SystemFailure",
    "UsageError",
    "__version__",
]
