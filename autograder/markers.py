"""Solution and hidden-test markers in one cell's source: a pure parser, both dialects.

nbgrader: ``### BEGIN SOLUTION`` / ``### END SOLUTION`` and ``### BEGIN HIDDEN TESTS`` /
``### END HIDDEN TESTS``. otter: ``# BEGIN SOLUTION`` / ``# END SOLUTION``, the one-line
``x = expr  # SOLUTION`` and ``\"\"\" # BEGIN PROMPT`` / ``\"\"\" # END PROMPT``. A code
solution region becomes nbgrader's stub (``# YOUR CODE HERE`` / ``raise NotImplementedError()``)
at the marker's indentation, or the prompt that precedes it; a markdown region becomes
``YOUR ANSWER HERE``. Hidden-test regions disappear from both versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CODE_STUB", "TEXT_STUB", "ParsedCell", "has_markers", "parse_cell"]

CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = ("YOUR ANSWER HERE",)

_BLOCK = re.compile(r"^\s*#+\s*(BEGIN|END)\s+(SOLUTION|HIDDEN TESTS)\s*$")
_PROMPT = re.compile(r'^\s*("""|\'\'\')\s*#\s*(BEGIN|END)\s+PROMPT\s*$')
_ONE_LINE = re.compile(r"^(?P<code>.*?\S)\s*#\s*SOLUTION\s*$")
_ASSIGN = re.compile(r"^(?P<lhs>\s*[^=#]+?[^=!<>+\-*/%&|^@:])=(?![=])(?P<rhs>.*)$")
_ANY_MARKER = re.compile(r"(BEGIN|END)\s+(SOLUTION|HIDDEN TESTS|PROMPT)|#\s*SOLUTION\s*$", re.M)


class MarkerSyntaxError(ValueError):
    """A marker problem at ``line`` (1-based) of the cell; turned into MarkerError by the caller."""

    def __init__(self, message: str, line: int, fix: str) -> None:
        super().__init__(message)
        self.line = line
        self.fix = fix


@dataclass
class ParsedCell:
    """The two versions of one cell and what its markers held."""

    student: str
    solution: str
    solution_lines: list[str] = field(default_factory=list)  # every line of every solution region
    has_solution: bool = False
    has_hidden: bool = False


def has_markers(source: str) -> bool:
    """Whether ``source`` contains anything that looks like a marker."""
    return bool(_ANY_MARKER.search(source))


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _one_liner(line: str) -> tuple[str, str] | None:
    """(student line, solution line) for ``... # SOLUTION``; None if the line is not one."""
    m = _ONE_LINE.match(line)
    if not m:
        return None
    code = m.group("code")
    ind = _indent(code)
    body = code.strip()
    assign = _ASSIGN.match(code)
    if body.startswith("return ") or body == "return":
        student = f"{ind}return ..."
    elif assign and not body.startswith(("if ", "while ", "for ", "assert ", "print(")):
        student = f"{assign.group('lhs').rstrip()} = ..."
    else:
        student = f"{ind}..."
    return student, code


def parse_cell(source: str, cell_type: str) -> ParsedCell:
    """Both versions of a cell. Raises :class:`MarkerSyntaxError` on unclosed, nested or stray markers."""
    lines = source.split("\n")
    student: list[str] = []
    solution: list[str] = []
    out = ParsedCell("", "")
    state = "text"  # text | solution | hidden | prompt
    opened_at = 0
    prompt: list[str] | None = None
    stub = CODE_STUB if cell_type == "code" else TEXT_STUB
    for number, line in enumerate(lines, start=1):
        block = _BLOCK.match(line)
        prompt_mark = _PROMPT.match(line) if cell_type == "code" else None
        if block:
            verb, what = block.group(1), block.group(2)
            if verb == "BEGIN":
                if state != "text":
                    raise MarkerSyntaxError(
                        f"`BEGIN {what}` inside an open region (opened at line {opened_at})",
                        number,
                        "close the first region before opening another; regions cannot nest",
                    )
                state = "solution" if what == "SOLUTION" else "hidden"
                opened_at = number
                if what == "SOLUTION":
                    out.has_solution = True
                    if prompt is not None:
                        student.extend(prompt)
                        prompt = None
                    else:
                        student.extend(_indent(line) + s for s in stub)
                else:
                    out.has_hidden = True
                continue
            expected = "solution" if what == "SOLUTION" else "hidden"
            if state != expected:
                raise MarkerSyntaxError(
                    f"`END {what}` without a matching `BEGIN {what}`",
                    number,
                    f"add `### BEGIN {what}` before it or delete this line",
                )
            state = "text"
            continue
        if prompt_mark:
            verb = prompt_mark.group(2)
            if verb == "BEGIN":
                if state != "text":
                    raise MarkerSyntaxError(
                        "`BEGIN PROMPT` inside an open region", number, "close the region first"
                    )
                state, opened_at, prompt = "prompt", number, []
            else:
                if state != "prompt":
                    raise MarkerSyntaxError(
                        "`END PROMPT` without `BEGIN PROMPT`", number, "add the opening marker"
                    )
                state = "text"
            continue
        if state == "prompt":
            assert prompt is not None
            prompt.append(line)
        elif state == "solution":
            solution.append(line)
            out.solution_lines.append(line)
        elif state == "hidden":
            pass
        else:
            one = _one_liner(line) if cell_type == "code" else None
            if one is not None:
                out.has_solution = True
                student.append(one[0])
                solution.append(one[1])
                out.solution_lines.append(one[1])
            else:
                student.append(line)
                solution.append(line)
    if state != "text":
        what = {"solution": "SOLUTION", "hidden": "HIDDEN TESTS", "prompt": "PROMPT"}[state]
        raise MarkerSyntaxError(
            f"`BEGIN {what}` opened at line {opened_at} is never closed",
            opened_at,
            f"add `### END {what}` after the region",
        )
    if prompt is not None:
        raise MarkerSyntaxError(
            "a PROMPT block is not followed by a solution region",
            opened_at,
            "put `# BEGIN SOLUTION` ... `# END SOLUTION` right after the prompt",
        )
    out.student = "\n".join(student)
    out.solution = "\n".join(solution)
    return out
