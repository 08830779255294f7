"""The leak check of a release (pure): no distinctive line of a solution region may reach
students, not even inside another line (a markdown explanation, a test, a prompt). See
:func:`secret_key` for what counts as distinctive."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import LeakError
from .markers import CellType, SolutionLine

__all__ = ["MIN_SECRET_CHARS", "Secret", "check_leaks", "find_leak", "secret_key", "secrets_of"]

MIN_SECRET_CHARS = 8
"""A solution line needs this many non-blank characters to count as a secret."""

# Lines that are public by nature or too generic to betray a solution (see secret_key).
_TRIVIAL_CODE = (
    re.compile(r"^(import|from)\s"),  # imports
    re.compile(r"^((async\s+)?def|class)\s|^@"),  # signatures and decorators are specified
    re.compile(  # a keyword with nothing but names after it: ``return x``, ``else:``
        r"^(return|yield|raise|pass|break|continue|else|try|finally|except|global|nonlocal"
        r"|del|assert|with|for|while|if|elif|lambda)\b[\w\s.,:]*$"
    ),
    re.compile(r"^[\w.]+(\(\))?$"),  # a name, or a call without arguments: ``opt.step()``
    re.compile(r"^[rbfuRBFU]{0,2}[\"']"),  # a string literal (docstring) line
)


@dataclass(frozen=True)
class Secret:
    """One distinctive solution line: where it is in the source, and its matching key."""

    cell: int  # 1-based cell number, as humans count
    line: int  # 1-based line in that cell
    text: str  # the line as written, stripped
    key: str  # ``text`` without whitespace (and comments), what the leak check looks for


def secret_key(line: str, cell_type: CellType = "code") -> str | None:
    """The key under which a solution ``line`` is a secret, or None if it is not distinctive.

    Not distinctive: blank lines, comments and markdown headings, imports, ``def``/``class``
    headers and decorators (signatures are public by design), a keyword followed only by
    names (``return x``, ``else:``), a bare name or a call without arguments
    (``loss.backward()``), string-literal lines (docstrings), and anything with fewer than
    :data:`MIN_SECRET_CHARS` non-blank characters. The key is the line without its trailing
    comment and without any whitespace, so reformatting does not hide a leak.
    """
    text = line.strip()
    if cell_type == "code":
        text = _without_comment(text).strip()
        if any(p.search(text) for p in _TRIVIAL_CODE):
            return None
    if not text or text.startswith("#"):
        return None
    key = re.sub(r"\s+", "", text)
    return key if len(key) >= MIN_SECRET_CHARS else None


def find_leak(text: str, secrets: Iterable[Secret]) -> tuple[int, Secret] | None:
    """The first ``(line number, secret)`` whose key occurs in a line of ``text``, if any."""
    keys = list(secrets)
    if not keys:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        flat = re.sub(r"\s+", "", line)
        for secret in keys:
            if secret.key in flat:
                return number, secret
    return None


def check_leaks(
    text: str, secrets: Iterable[Secret], *, path: Path | None, cell: int | None = None
) -> None:
    """Raise :class:`LeakError` if a solution line occurs in ``text`` (a student-visible text)."""
    found = find_leak(text, secrets)
    if found is None:
        return
    number, secret = found
    where = "this cell" if cell == secret.cell else f"cell {secret.cell}"
    raise LeakError(
        f"the solution line `{secret.text}` ({where}, line {secret.line} of the source notebook)"
        " would reach students here",
        path=path,
        cell=cell,
        line=number,
        fix="reword or remove it here; if the line is not really a secret, move it out of the"
        " solution region or write it differently there",
    )


def secrets_of(lines: Iterable[SolutionLine], cell_type: CellType, cell: int) -> Iterator[Secret]:
    """The distinctive lines among one cell's solution lines (docstring bodies skipped)."""
    in_string = False
    for sl in lines:
        text = sl.text.strip()
        inside = in_string
        if cell_type == "code" and (text.count('"""') + text.count("'''")) % 2:
            in_string = not in_string
        if inside:
            continue
        key = secret_key(text, cell_type)
        if key is not None:
            yield Secret(cell=cell, line=sl.line, text=text, key=key)


def _without_comment(code: str) -> str:
    """``code`` up to its ``#`` comment, if any (a ``#`` inside quotes does not count)."""
    quote: str | None = None
    escaped = False
    for i, ch in enumerate(code):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif quote is not None:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return code[:i]
    return code
