"""Solution, hidden-test and prompt markers in one cell's source: a pure parser, both dialects.

Accepted in code and markdown cells, each marker alone on its line (``#``, ``##`` or ``###``):

- ``### BEGIN SOLUTION`` / ``### END SOLUTION`` (nbgrader; otter writes ``# BEGIN SOLUTION``):
  the region becomes ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` (markdown:
  ``YOUR ANSWER HERE``) at the marker's indentation, exactly as nbgrader's ``ClearSolutions``.
- ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` (nbgrader): removed from both versions.
- ``x = expr  # SOLUTION`` (otter, code cells): students get ``x = ...``; a line that is not an
  assignment becomes ``...``; ``# SOLUTION NO PROMPT`` drops the line for students.
- ``\"\"\" # BEGIN PROMPT`` / ``\"\"\" # END PROMPT`` (otter): the lines between the two marker
  lines are shown to students *instead of* the stub of the next solution region (which may
  then say ``# BEGIN SOLUTION NO PROMPT``); removed from the solution version.

The solution version is the source with every marker line (and marker comment) removed,
hidden-test regions and prompt blocks removed, solutions kept.

Fail closed: an unclosed region, a region opened inside another, an ``END`` with no open
region, a prompt with no solution region after it, and any line that *looks* like a marker but
is not one exactly (``### BEGIN SOLUTION:``, ``# begin solution``, ``<!-- BEGIN SOLUTION -->``)
raise :class:`~autograder.errors.MarkerError` with the line number and the fix, because a
marker we failed to recognise would ship its solution to every student.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import MarkerError

__all__ = [
    "CODE_STUB",
    "TEXT_STUB",
    "ParsedCell",
    "SolutionLine",
    "has_markers",
    "parse_cell",
]

CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
"""nbgrader's default Python ``ClearSolutions.code_stub``, one line per item."""
TEXT_STUB = ("YOUR ANSWER HERE",)
"""nbgrader's default ``ClearSolutions.text_stub``."""

_BLOCK = re.compile(
    r"^(?P<indent>\s*)#+\s*(?P<verb>BEGIN|END)\s+(?P<what>SOLUTION|HIDDEN TESTS)"
    r"(?P<no_prompt>\s+NO PROMPT)?\s*$"
)
_PROMPT = re.compile(r"^\s*(\"\"\"|''')\s*#\s*(?P<verb>BEGIN|END)\s+PROMPT\s*$")
_ONE_LINER = re.compile(r"^(?P<code>.*?)\s*#\s*SOLUTION(?P<no_prompt>\s+NO PROMPT)?\s*$")
# Anything that resembles a marker without being one exactly. nbgrader matches the bare words
# anywhere in a line, so an upper-case ``BEGIN SOLUTION`` in prose is ambiguous as well.
_LOOKALIKE = (
    re.compile(r"(?<![A-Za-z])(BEGIN|END)\s*(SOLUTION|HIDDEN\s*TESTS?|PROMPT)(?![a-z])"),
    re.compile(
        r"^\s*(#+|\"\"\"|'''|<!--)\s*(begin|end)\s+(solution|hidden\s*tests?|prompt)\b",
        re.IGNORECASE,
    ),
)

CellType = Literal["code", "markdown", "raw"]
_Mode = Literal["text", "solution", "hidden", "prompt"]
_WHAT = {"solution": "SOLUTION", "hidden": "HIDDEN TESTS", "prompt": "PROMPT"}


@dataclass(frozen=True)
class SolutionLine:
    """One line of a solution region: where it is in the cell (1-based) and its text.

    For a one-line ``# SOLUTION`` the text is the part students do not see (the right-hand
    side of an assignment, else the whole statement).
    """

    line: int
    text: str


@dataclass(frozen=True)
class ParsedCell:
    """The student and solution versions of one cell's source, and what its markers held."""

    student: str
    solution: str
    solution_lines: tuple[SolutionLine, ...] = ()
    has_solution: bool = False  # any solution region (block, one-liner or whole cell)
    has_hidden: bool = False  # any hidden-test region
    has_markers: bool = False  # any marker at all


@dataclass
class _Parser:
    """Line-by-line state machine behind :func:`parse_cell`."""

    cell_type: CellType
    cell: int | None
    path: Path | None
    mode: _Mode = "text"
    opened_at: int = 0
    opened_by: str = ""
    prompt: list[str] | None = None  # the prompt waiting for the next solution region
    prompt_at: int = 0
    student: list[str] = field(default_factory=list)
    solution: list[str] = field(default_factory=list)
    secrets: list[SolutionLine] = field(default_factory=list)
    shared: list[SolutionLine] = field(default_factory=list)  # lines in both versions
    has_solution: bool = False
    has_hidden: bool = False
    has_markers: bool = False

    def fail(self, message: str, line: int, fix: str) -> MarkerError:
        return MarkerError(message, path=self.path, cell=self.cell, line=line, fix=fix)

    def feed(self, number: int, line: str) -> None:
        block = _BLOCK.match(line)
        if block:
            self.has_markers = True
            self._block(number, line, block)
            return
        prompt = _PROMPT.match(line)
        if prompt:
            self.has_markers = True
            self._prompt(number, prompt.group("verb"))
            return
        if any(p.search(line) for p in _LOOKALIKE):
            raise self.fail(
                f"`{line.strip()}` looks like a marker but is not one",
                number,
                "write the marker alone on its line, exactly `### BEGIN SOLUTION`,"
                " `### END SOLUTION`, `### BEGIN HIDDEN TESTS`, `### END HIDDEN TESTS`"
                ' (or otter\'s `# BEGIN SOLUTION`, `""" # BEGIN PROMPT`), or reword the text',
            )
        one = _ONE_LINER.match(line) if self.cell_type == "code" else None
        if one and self.mode != "hidden":
            self.has_markers = True
            self._one_liner(number, one)
            return
        self._plain(number, line)

    def _block(self, number: int, line: str, m: re.Match[str]) -> None:
        marker = line.strip()
        mode: _Mode = "solution" if m.group("what") == "SOLUTION" else "hidden"
        if m.group("no_prompt") and (m.group("verb") == "END" or mode == "hidden"):
            raise self.fail(
                f"`{marker}`: NO PROMPT only goes with BEGIN SOLUTION",
                number,
                "delete `NO PROMPT` from this line",
            )
        if m.group("verb") == "BEGIN":
            if self.mode != "text":
                raise self.fail(
                    f"`{marker}` inside the {_WHAT[self.mode]} region opened by"
                    f" `{self.opened_by}` at line {self.opened_at}",
                    number,
                    f"regions cannot nest: close the first one with `### END {_WHAT[self.mode]}`"
                    " before opening another",
                )
            self.mode, self.opened_at, self.opened_by = mode, number, marker
            if mode == "hidden":
                self.has_hidden = True
            else:
                self._begin_solution(number, m.group("indent"), bool(m.group("no_prompt")))
            return
        if self.mode != mode:
            if self.mode == "text":
                raise self.fail(
                    f"`{marker}` with no open {_WHAT[mode]} region",
                    number,
                    f"add `### BEGIN {_WHAT[mode]}` above the region, or delete this line",
                )
            raise self.fail(
                f"`{marker}` inside the {_WHAT[self.mode]} region opened by `{self.opened_by}`"
                f" at line {self.opened_at}",
                number,
                f"close that region with `### END {_WHAT[self.mode]}` first",
            )
        self.mode = "text"

    def _begin_solution(self, number: int, indent: str, no_prompt: bool) -> None:
        self.has_solution = True
        if self.prompt is not None:
            self.student.extend(self.prompt)
            self.prompt = None
        elif no_prompt:
            raise self.fail(
                '`BEGIN SOLUTION NO PROMPT` with no `""" # BEGIN PROMPT` block before it',
                number,
                "students would get nothing to fill in: delete `NO PROMPT` (the region becomes"
                " the usual stub) or put a PROMPT block just above",
            )
        else:
            stub = CODE_STUB if self.cell_type == "code" else TEXT_STUB
            self.student.extend(indent + s for s in stub)

    def _prompt(self, number: int, verb: str) -> None:
        if verb == "BEGIN":
            if self.mode != "text" or self.prompt is not None:
                opened = self.opened_at if self.mode != "text" else self.prompt_at
                raise self.fail(
                    f"`BEGIN PROMPT` inside an open region or prompt (line {opened})",
                    number,
                    "close the region first; each prompt belongs to the one solution region"
                    " after it",
                )
            self.mode, self.opened_at, self.opened_by = "prompt", number, "BEGIN PROMPT"
            self.prompt, self.prompt_at = [], number
            return
        if self.mode != "prompt":
            raise self.fail(
                "`END PROMPT` with no open `BEGIN PROMPT`",
                number,
                'add `""" # BEGIN PROMPT` above the prompt text, or delete this line',
            )
        self.mode = "text"

    def _one_liner(self, number: int, m: re.Match[str]) -> None:
        code = m.group("code")
        if self.mode != "text":
            raise self.fail(
                f"a `# SOLUTION` line inside the {_WHAT[self.mode]} region opened at line"
                f" {self.opened_at}",
                number,
                "remove the `# SOLUTION` comment: the whole region is already the solution",
            )
        if not code.strip():
            raise self.fail(
                "a `# SOLUTION` marker with no code before it",
                number,
                "put the marker at the end of the solution line (`x = expr  # SOLUTION`)",
            )
        indent = code[: len(code) - len(code.lstrip())]
        split = _split_assignment(code.strip())
        self.has_solution = True
        self.solution.append(code.rstrip())
        self.secrets.append(SolutionLine(number, split[1] if split else code.strip()))
        if not m.group("no_prompt"):
            self.student.append(f"{indent}{split[0]} ..." if split else f"{indent}...")

    def _plain(self, number: int, line: str) -> None:
        if self.mode == "text":
            self.student.append(line)
            self.solution.append(line)
            self.shared.append(SolutionLine(number, line))
        elif self.mode == "solution":
            self.solution.append(line)
            self.secrets.append(SolutionLine(number, line))
        elif self.mode == "prompt":
            assert self.prompt is not None
            self.prompt.append(line)
        # hidden: in neither version

    def finish(self) -> None:
        if self.mode != "text":
            what = _WHAT[self.mode]
            raise self.fail(
                f"`{self.opened_by}` is never closed",
                self.opened_at,
                f"add `### END {what}` after the last line of the region"
                if self.mode != "prompt"
                else 'add `""" # END PROMPT` after the prompt text',
            )
        if self.prompt is not None:
            raise self.fail(
                "a PROMPT block with no solution region after it",
                self.prompt_at,
                "put `# BEGIN SOLUTION` ... `# END SOLUTION` after the prompt, or delete it",
            )


def _split_assignment(statement: str) -> tuple[str, str] | None:
    """(``target =``, right-hand side) when ``statement`` is one assignment, else None."""
    try:
        tree = ast.parse(statement)
    except SyntaxError:
        return None
    if len(tree.body) != 1:
        return None
    node = tree.body[0]
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return None
    raw = statement.encode("utf-8")
    offset = node.value.col_offset  # a UTF-8 byte offset
    lhs, rhs = raw[:offset].decode("utf-8").rstrip(), raw[offset:].decode("utf-8").strip()
    if not lhs.endswith("="):  # a parenthesised value: ``x = (\n`` cannot be split safely
        return None
    return lhs, rhs


def parse_cell(
    source: str,
    cell_type: CellType,
    *,
    whole_cell_solution: bool = False,
    cell: int | None = None,
    path: Path | None = None,
) -> ParsedCell:
    """Split one cell's ``source`` into its student and solution versions.

    Lines are split on ``\\n`` and joined back the same way, so everything outside the
    markers is kept byte for byte. With ``whole_cell_solution`` (the cell carries nbgrader's
    ``solution: true`` metadata) a cell without solution markers is a solution as a whole and
    becomes the bare stub, as in nbgrader. Raw cells are not parsed: any marker in one raises.
    ``cell`` and ``path`` only label a :class:`MarkerError`.
    """
    if cell_type == "raw":
        if has_markers(source):
            raise MarkerError(
                "a solution/hidden-test marker in a raw cell",
                fix="raw cells are shipped as they are: move the region into a code or markdown"
                " cell (otter's raw `# BEGIN QUESTION` / `# BEGIN SOLUTION` delimiter cells are"
                " not needed: delete them, the markers inside the code cell are enough)",
                path=path,
                cell=cell,
            )
        return ParsedCell(student=source, solution=source)
    parser = _Parser(cell_type, cell, path)
    for number, line in enumerate(source.split("\n"), start=1):
        parser.feed(number, line)
    parser.finish()
    solution = "\n".join(parser.solution)
    if whole_cell_solution and not parser.has_solution:
        stub = CODE_STUB if cell_type == "code" else TEXT_STUB
        return ParsedCell(
            student="\n".join(stub),
            solution=solution,
            solution_lines=tuple(parser.shared),
            has_solution=True,
            has_hidden=parser.has_hidden,
            has_markers=parser.has_markers,
        )
    return ParsedCell(
        student="\n".join(parser.student),
        solution=solution,
        solution_lines=tuple(parser.secrets),
        has_solution=parser.has_solution,
        has_hidden=parser.has_hidden,
        has_markers=parser.has_markers,
    )


def has_markers(source: str) -> bool:
    """Whether any line of ``source`` is, or looks like, a marker of either dialect."""
    return any(
        _BLOCK.match(line)
        or _PROMPT.match(line)
        or any(p.search(line) for p in _LOOKALIKE)
        or _ONE_LINER.match(line)
        for line in source.split("\n")
    )
