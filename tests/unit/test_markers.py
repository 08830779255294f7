"""The marker parser: both dialects, nbgrader's stubs, fail-closed errors, round-trip properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.authoring.markers import CODE_STUB, TEXT_STUB, has_markers, parse_cell
from autograder.errors import AuthorError, MarkerError

STUB = "\n".join(CODE_STUB)


def lines(*xs: str) -> str:
    return "\n".join(xs)


# --- nbgrader dialect -------------------------------------------------------------------------


def test_code_region_becomes_nbgraders_stub_at_the_markers_indentation() -> None:
    src = lines(
        "def f(x):",
        '    """Twice x."""',
        "    ### BEGIN SOLUTION",
        "    y = 2 * x",
        "    return y",
        "    ### END SOLUTION",
        "",
    )
    p = parse_cell(src, "code")
    assert p.student == lines(
        "def f(x):",
        '    """Twice x."""',
        "    # YOUR CODE HERE",
        "    raise NotImplementedError()",
        "",
    )
    assert p.solution == lines(
        "def f(x):", '    """Twice x."""', "    y = 2 * x", "    return y", ""
    )
    assert [(s.line, s.text) for s in p.solution_lines] == [
        (4, "    y = 2 * x"),
        (5, "    return y"),
    ]
    assert p.has_solution and p.has_markers and not p.has_hidden


def test_markdown_region_becomes_your_answer_here() -> None:
    p = parse_cell(lines("Why?", "### BEGIN SOLUTION", "Because.", "### END SOLUTION"), "markdown")
    assert p.student == lines("Why?", *TEXT_STUB)
    assert p.solution == lines("Why?", "Because.")


def test_hidden_tests_leave_both_versions() -> None:
    src = lines(
        "assert f(1) == 2", "### BEGIN HIDDEN TESTS", "assert f(2) == 4", "### END HIDDEN TESTS"
    )
    p = parse_cell(src, "code")
    assert p.student == p.solution == "assert f(1) == 2"
    assert p.has_hidden and not p.has_solution and p.solution_lines == ()


def test_several_regions_in_one_cell() -> None:
    src = lines(
        "### BEGIN SOLUTION",
        "a = 1",
        "### END SOLUTION",
        "b = 2",
        "### BEGIN SOLUTION",
        "c = 3",
        "### END SOLUTION",
    )
    p = parse_cell(src, "code")
    assert p.student == lines(STUB, "b = 2", STUB)
    assert p.solution == lines("a = 1", "b = 2", "c = 3")


def test_whole_nbgrader_solution_cell_without_markers_becomes_the_bare_stub() -> None:
    p = parse_cell("def f():\n    return 1", "code", whole_cell_solution=True)
    assert p.student == STUB and p.solution == "def f():\n    return 1" and p.has_solution
    assert (
        parse_cell("An essay.", "markdown", whole_cell_solution=True).student == "YOUR ANSWER HERE"
    )


def test_whole_cell_flag_defers_to_regions_when_the_cell_has_them() -> None:
    src = lines("x = 1", "### BEGIN SOLUTION", "y = 2", "### END SOLUTION")
    assert parse_cell(src, "code", whole_cell_solution=True).student == lines("x = 1", STUB)


# --- otter dialect ----------------------------------------------------------------------------


def test_otter_block_markers_behave_like_nbgraders() -> None:
    src = lines("def f():", "    # BEGIN SOLUTION", "    return 1", "    # END SOLUTION")
    assert parse_cell(src, "code").student == lines(
        "def f():", "    # YOUR CODE HERE", "    raise NotImplementedError()"
    )


@pytest.mark.parametrize(
    ("line", "student", "secret"),
    [
        ("x = compute(a, b)  # SOLUTION", "x = ...", "compute(a, b)"),
        ("    z = x @ A.T + b # SOLUTION", "    z = ...", "x @ A.T + b"),
        ("n: int = len(xs)  # SOLUTION", "n: int = ...", "len(xs)"),
        ("mu, sigma = stats(x)  # SOLUTION", "mu, sigma = ...", "stats(x)"),
        ("self.w = torch.zeros(3)  #SOLUTION", "self.w = ...", "torch.zeros(3)"),
        ("    return torch.exp(x)  # SOLUTION", "    ...", "return torch.exp(x)"),
        ("print(answer)  # SOLUTION", "...", "print(answer)"),
        ("x += 1  # SOLUTION", "...", "x += 1"),
        ("s = 'é' + t  # SOLUTION", "s = ...", "'é' + t"),
    ],
)
def test_one_line_solutions(line: str, student: str, secret: str) -> None:
    p = parse_cell(line, "code")
    assert p.student == student
    assert p.solution == line[: line.index("#")].rstrip()
    assert [s.text for s in p.solution_lines] == [secret]


def test_one_line_no_prompt_drops_the_line_for_students() -> None:
    p = parse_cell(lines("a = 1", "b = helper(a)  # SOLUTION NO PROMPT", "c = 3"), "code")
    assert p.student == lines("a = 1", "c = 3")
    assert p.solution == lines("a = 1", "b = helper(a)", "c = 3")


def test_markdown_lines_ending_in_solution_are_text() -> None:
    assert parse_cell("# SOLUTION", "markdown").student == "# SOLUTION"


def test_prompt_replaces_the_next_solution_region() -> None:
    src = lines(
        "def g(x):",
        '    """ # BEGIN PROMPT',
        "    # compute the log-density here",
        "    ...",
        '    """ # END PROMPT',
        "    # BEGIN SOLUTION NO PROMPT",
        "    return -x**2 / 2",
        "    # END SOLUTION",
    )
    p = parse_cell(src, "code")
    assert p.student == lines("def g(x):", "    # compute the log-density here", "    ...")
    assert p.solution == lines("def g(x):", "    return -x**2 / 2")


def test_prompt_also_replaces_a_plain_begin_solution() -> None:
    src = lines(
        '""" # BEGIN PROMPT',
        "x = ...",
        '""" # END PROMPT',
        "# BEGIN SOLUTION",
        "x = 42",
        "# END SOLUTION",
    )
    assert parse_cell(src, "code").student == "x = ..."


# --- raw cells and detection --------------------------------------------------------------------


def test_raw_cells_pass_through_and_refuse_markers() -> None:
    assert parse_cell("anything at all", "raw").student == "anything at all"
    with pytest.raises(MarkerError, match="raw cell") as info:
        parse_cell("# BEGIN SOLUTION", "raw", cell=4, path=Path("hw.ipynb"))
    assert info.value.cell == 4 and info.value.path == Path("hw.ipynb") and info.value.fix


@pytest.mark.parametrize(
    "text",
    [
        "### BEGIN SOLUTION",
        "# END SOLUTION",
        "### BEGIN HIDDEN TESTS",
        "x = 1  # SOLUTION",
        '""" # END PROMPT',
    ],
)
def test_has_markers(text: str) -> None:
    assert has_markers(lines("plain", text))


def test_has_markers_ignores_ordinary_text() -> None:
    assert not has_markers("The solution begins here; hidden units: 64.\nx = 1  # a comment")


# --- author errors ------------------------------------------------------------------------------


def _error(src: str, cell_type: str = "code") -> MarkerError:
    with pytest.raises(MarkerError) as info:
        parse_cell(src, cell_type, cell=7, path=Path("a/b.ipynb"))  # type: ignore[arg-type]
    err = info.value
    assert isinstance(err, AuthorError) and isinstance(err, ValueError)
    assert err.cell == 7 and err.path == Path("a/b.ipynb") and err.fix
    assert "a/b.ipynb, cell 7, line" in str(err)
    return err


def test_unclosed_region_points_at_its_begin() -> None:
    err = _error(lines("x = 1", "### BEGIN SOLUTION", "y = 2"))
    assert err.line == 2 and "never closed" in err.message and "### END SOLUTION" in (err.fix or "")


def test_unclosed_hidden_region() -> None:
    assert _error(lines("### BEGIN HIDDEN TESTS", "assert 1")).line == 1


def test_nested_regions_point_at_the_inner_begin() -> None:
    err = _error(
        lines(
            "### BEGIN SOLUTION",
            "a",
            "### BEGIN SOLUTION",
            "b",
            "### END SOLUTION",
            "### END SOLUTION",
        )
    )
    assert err.line == 3 and "cannot nest" in (err.fix or "")


def test_solution_inside_hidden_tests_is_nested() -> None:
    assert (
        _error(
            lines(
                "### BEGIN HIDDEN TESTS",
                "### BEGIN SOLUTION",
                "### END SOLUTION",
                "### END HIDDEN TESTS",
            )
        ).line
        == 2
    )


def test_stray_end() -> None:
    err = _error(lines("x = 1", "### END SOLUTION"))
    assert err.line == 2 and "no open" in err.message


def test_mismatched_end() -> None:
    err = _error(lines("### BEGIN SOLUTION", "x", "### END HIDDEN TESTS"))
    assert err.line == 3 and "### END SOLUTION" in (err.fix or "")


@pytest.mark.parametrize(
    "line",
    [
        "### BEGIN SOLUTION:",
        "### BEGIN SOLUTION ###",
        "# begin solution",
        "x = 1  ### BEGIN SOLUTION",
        "<!-- BEGIN SOLUTION -->",
        "### END HIDDEN TEST",
        "Wrap it in BEGIN SOLUTION and END SOLUTION.",
    ],
)
def test_lookalike_markers_fail_closed(line: str) -> None:
    assert (
        "looks like a marker"
        in _error(lines("ok", line), "markdown" if "Wrap" in line else "code").message
    )


def test_solution_comment_without_code() -> None:
    assert "no code" in _error("    # SOLUTION").message


def test_one_liner_inside_a_region() -> None:
    assert _error(lines("### BEGIN SOLUTION", "x = 1  # SOLUTION", "### END SOLUTION")).line == 2


def test_prompt_without_a_solution_region() -> None:
    assert _error(lines('""" # BEGIN PROMPT', "x = ...", '""" # END PROMPT', "x = 1")).line == 1


def test_no_prompt_without_a_prompt() -> None:
    assert (
        "NO PROMPT"
        in _error(lines("# BEGIN SOLUTION NO PROMPT", "x = 1", "# END SOLUTION")).message
    )


def test_unclosed_prompt_and_stray_end_prompt() -> None:
    assert _error(lines('""" # BEGIN PROMPT', "x")).line == 1
    assert _error(lines("x", '""" # END PROMPT')).line == 2


def test_no_prompt_on_an_end_marker() -> None:
    assert _error(lines("### BEGIN SOLUTION", "x", "### END SOLUTION NO PROMPT")).line == 3


# --- properties ---------------------------------------------------------------------------------

# Plain text that cannot be (or look like) a marker: no '#', no quotes.
_plain_line = st.text(alphabet="abcxyz019 =+-*/().,:_\t", max_size=24).filter(
    lambda s: not has_markers(s)
)
_indent = st.sampled_from(["", "    ", "        ", "\t"])
_hashes = st.sampled_from(["#", "##", "###"])
_segment = st.one_of(
    st.tuples(st.just("plain"), st.lists(_plain_line, min_size=1, max_size=4), _indent, _hashes),
    st.tuples(st.just("solution"), st.lists(_plain_line, max_size=4), _indent, _hashes),
    st.tuples(st.just("hidden"), st.lists(_plain_line, max_size=4), _indent, _hashes),
)


def _build(
    segments: list[tuple[str, list[str], str, str]], stub: tuple[str, ...]
) -> tuple[str, str, str, list[str]]:
    """(source, expected student, expected solution, region lines), computed independently."""
    source: list[str] = []
    student: list[str] = []
    solution: list[str] = []
    secret: list[str] = []
    for kind, body, indent, hashes in segments:
        if kind == "plain":
            source += body
            student += body
            solution += body
            continue
        word = "SOLUTION" if kind == "solution" else "HIDDEN TESTS"
        source += [f"{indent}{hashes} BEGIN {word}", *body, f"{indent}{hashes} END {word}"]
        if kind == "solution":
            student += [indent + s for s in stub]
            solution += body
            secret += body
    return "\n".join(source), "\n".join(student), "\n".join(solution), secret


@given(st.lists(_segment, max_size=8), st.sampled_from(["code", "markdown"]))
def test_versions_match_an_independent_model(
    segments: list[tuple[str, list[str], str, str]], kind: str
) -> None:
    stub = CODE_STUB if kind == "code" else TEXT_STUB
    source, student, solution, secret = _build(segments, stub)
    p = parse_cell(source, kind)  # type: ignore[arg-type]
    assert p.student == student
    assert p.solution == solution  # the source with marker lines and hidden regions removed
    assert [s.text for s in p.solution_lines] == secret
    assert p.has_solution == any(k == "solution" for k, *_ in segments)


@given(st.lists(_segment, max_size=8), st.sampled_from(["code", "markdown"]))
def test_the_solution_version_is_a_fixed_point(
    segments: list[tuple[str, list[str], str, str]], kind: str
) -> None:
    source, *_ = _build(segments, CODE_STUB)
    solution = parse_cell(source, kind).solution  # type: ignore[arg-type]
    again = parse_cell(solution, kind)  # type: ignore[arg-type]
    assert again.solution == again.student == solution and not again.has_markers


@given(st.lists(_plain_line, min_size=1, max_size=6), _indent, st.booleans())
def test_unclosed_or_stray_markers_always_raise(body: list[str], indent: str, begin: bool) -> None:
    marker = f"{indent}### {'BEGIN' if begin else 'END'} SOLUTION"
    with pytest.raises(MarkerError):
        parse_cell("\n".join([*body, marker, *body]), "code")
