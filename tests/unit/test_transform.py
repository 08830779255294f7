"""Source notebook -> student + solution notebooks: roles, ids, nbgrader metadata, leak check."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from autograder.authoring.leaks import MIN_SECRET_CHARS, find_leak, secret_key
from autograder.authoring.markers import has_markers
from autograder.authoring.nbio import cell_source, dumps, loads_notebook
from autograder.authoring.transform import assign_ids, cell_role, compute_checksum, transform
from autograder.errors import LeakError, MarkerError, NotebookFormatError

PATH = Path("assignments/hw/hw.ipynb")


def code(src: str, cid: str | None = None, tags: list[str] | None = None, **meta: Any) -> Any:
    cell = new_code_cell(src)
    if cid is None:
        del cell["id"]
    else:
        cell["id"] = cid
    if tags:
        cell.metadata["tags"] = tags
    cell.metadata.update(meta)
    return cell


def md(src: str, cid: str | None = None, **meta: Any) -> Any:
    cell = new_markdown_cell(src)
    if cid is None:
        del cell["id"]
    else:
        cell["id"] = cid
    cell.metadata.update(meta)
    return cell


def notebook(*cells: Any, **meta: Any) -> Any:
    nb = new_notebook()  # cells assigned after: new_notebook validates (and warns on id-less cells)
    nb.cells = list(cells)
    nb.metadata.update(meta)
    return nb


ANSWER = "def f(x):\n    ### BEGIN SOLUTION\n    return torch.exp(x) + 1\n    ### END SOLUTION"


def sample() -> Any:
    run = code("import torch", "setup", tags=["setup"], execution={"iopub.execute_input": "2026"})
    run.outputs = [new_output("stream", name="stdout", text="hi\n")]
    run.execution_count = 3
    return notebook(
        md("# Homework\nImplement `f`.", "intro"),
        run,
        code(ANSWER, "answer-f", nbgrader={"grade": False, "grade_id": "old", "solution": True}),
        md(
            "Explain.\n### BEGIN SOLUTION\nBecause the Jacobian is triangular.\n### END SOLUTION",
            "why",
        ),
        code("f(torch.ones(2))", "demo", collapsed=True),
        new_raw_cell("raw text"),
        kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
        language_info={"name": "python"},
        celltoolbar="Create Assignment",
    )


# --- roles, ids, metadata -----------------------------------------------------------------------


def test_roles_follow_markers_and_the_setup_tag() -> None:
    r = transform(sample(), "hw", path=PATH)
    assert [(c.role, c.cell_type) for c in r.cells] == [
        ("other", "markdown"),
        ("setup", "code"),
        ("answer", "code"),
        ("answer", "markdown"),
        ("other", "code"),
        ("other", "raw"),
    ]
    for version in (r.student, r.solution):
        assert [cell_role(c) for c in version.cells] == [c.role for c in r.cells]
        assert [c.metadata["autograder"] for c in version.cells] == [
            {"role": c.role} for c in r.cells
        ]
    assert r.ids("answer") == ["answer-f", "why"] and r.ids("setup") == ["setup"]


def test_student_and_solution_sources() -> None:
    r = transform(sample(), "hw", path=PATH)
    assert (
        r.student.cells[2].source
        == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    )
    assert r.solution.cells[2].source == "def f(x):\n    return torch.exp(x) + 1"
    assert r.student.cells[3].source == "Explain.\nYOUR ANSWER HERE"
    assert r.solution.cells[3].source == "Explain.\nBecause the Jacobian is triangular."
    for i in (0, 1, 4, 5):
        assert r.student.cells[i].source == r.solution.cells[i].source == sample().cells[i].source


def test_outputs_and_execution_counts_are_cleared() -> None:
    r = transform(sample(), "hw", path=PATH)
    for version in (r.student, r.solution):
        for cell in version.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
            else:
                assert "outputs" not in cell and "execution_count" not in cell


def test_nbgrader_metadata() -> None:
    r = transform(sample(), "hw", path=PATH)
    cells = r.student.cells
    assert cells[2].metadata["nbgrader"] == {
        "grade": False,
        "grade_id": "answer-f",
        "locked": False,
        "schema_version": 3,
        "solution": True,
    }
    # nbgrader's validator insists that a markdown solution cell is a (manually) graded cell
    assert cells[3].metadata["nbgrader"] == {
        "grade": True,
        "grade_id": "why",
        "locked": False,
        "points": 0,
        "schema_version": 3,
        "solution": True,
    }
    for i in (0, 1, 4):
        meta = cells[i].metadata["nbgrader"]
        assert {k: v for k, v in meta.items() if k != "checksum"} == {
            "grade": False,
            "grade_id": cells[i].id,
            "locked": True,
            "schema_version": 3,
            "solution": False,
        }
        assert meta["checksum"] == compute_checksum(cells[i])
        assert r.solution.cells[i].metadata["nbgrader"] == meta
    assert "nbgrader" not in cells[5].metadata  # raw cells: nbgrader has no use for them


def test_checksum_matches_nbgraders_algorithm_by_hand() -> None:
    cell = {
        "cell_type": "code",
        "source": "x = 1",
        "metadata": {"nbgrader": {"grade_id": "c", "locked": True}},
    }
    expected = hashlib.md5(b"x = 1" + b"code" + b"False" + b"False" + b"True" + b"c").hexdigest()
    assert compute_checksum(cell) == expected
    graded = {
        "cell_type": "code",
        "source": ["a\n", "b"],
        "metadata": {"nbgrader": {"grade_id": "t", "grade": True, "points": 2}},
    }
    assert compute_checksum(graded) == hashlib.md5(b"a\nbcodeTrueFalseTruet2.0").hexdigest()


def test_cell_metadata_keeps_the_authors_and_drops_run_records() -> None:
    r = transform(sample(), "hw", path=PATH)
    setup = r.student.cells[1].metadata
    assert setup["tags"] == ["setup"] and "execution" not in setup
    assert r.student.cells[4].metadata["collapsed"] is True
    assert (
        r.student.cells[2].metadata["nbgrader"]["grade_id"] == "answer-f"
    )  # the old "old" is gone


def test_notebook_metadata() -> None:
    r = transform(sample(), "hw", path=PATH)
    meta = r.student.metadata
    assert set(meta) == {"autograder", "kernelspec", "language_info"}
    assert meta["autograder"] == {
        "assignment": "hw",
        "cells": [
            {"id": "setup", "role": "setup"},
            {"id": "answer-f", "role": "answer"},
            {"id": "why", "role": "answer"},
        ],
        "version": 1,
    }
    assert r.solution.metadata == meta
    assert r.student.nbformat == 4 and r.student.nbformat_minor == 5


def test_both_versions_are_valid_nbformat() -> None:
    r = transform(sample(), "hw", path=PATH)
    for version in (r.student, r.solution):
        nbformat.validate(version)
        assert loads_notebook(dumps(version)) == version


def test_ids_are_kept_when_valid_and_derived_otherwise() -> None:
    cells = [
        md("intro", "intro"),
        md("no id"),
        md("bad id", "has a space"),
        md("too long", "x" * 65),
        md("duplicate", "intro"),
        code(ANSWER, "ans"),
    ]
    r = transform(notebook(*cells), "hw03_flows")
    ids = [c.id for c in r.cells]
    assert ids[0] == "intro" and ids[5] == "ans"
    for index in (1, 2, 3, 4):
        assert ids[index] == "cell-" + hashlib.sha1(f"hw03_flows:{index}".encode()).hexdigest()[:12]
        assert r.cells[index].derived_id
    assert len(set(ids)) == len(ids)
    assert [c.id for c in r.student.cells] == [c.id for c in r.solution.cells] == ids
    assert [c.metadata["nbgrader"]["grade_id"] for c in r.student.cells] == ids
    assert "no usable id" in r.notes[0]


def test_derived_ids_never_collide_with_kept_ones() -> None:
    clash = "cell-" + hashlib.sha1(b"hw:1").hexdigest()[:12]
    ids = assign_ids([{"id": clash}, {}, {"id": clash}], "hw")
    assert ids[0] == (clash, False)
    assert len({i for i, _ in ids}) == 3 and all(
        re.fullmatch(r"cell-[0-9a-f]{12}", i) for i, _ in ids[1:]
    )


def test_hidden_test_regions_are_removed_and_noted() -> None:
    r = transform(
        notebook(
            code(ANSWER, "a"),
            code(
                "assert f(0) == 2\n### BEGIN HIDDEN TESTS\nassert f(1) > 3\n### END HIDDEN TESTS",
                "t",
            ),
        ),
        "hw",
    )
    assert r.student.cells[1].source == r.solution.cells[1].source == "assert f(0) == 2"
    assert r.cells[1].has_hidden and any("hidden-test regions" in n for n in r.notes)


def test_otter_one_liner_makes_an_answer_cell() -> None:
    r = transform(notebook(code("lr = 3e-4 * scale  # SOLUTION", "hp")), "hw")
    assert r.cells[0].role == "answer" and r.student.cells[0].source == "lr = ..."
    assert r.solution.cells[0].source == "lr = 3e-4 * scale"


def test_the_input_notebook_is_not_modified() -> None:
    nb = sample()
    before = json.dumps(nb, sort_keys=True)
    transform(nb, "hw")
    assert json.dumps(nb, sort_keys=True) == before


# --- author errors ------------------------------------------------------------------------------


def test_setup_cell_with_a_solution_region() -> None:
    with pytest.raises(MarkerError, match="tagged `setup`") as info:
        transform(notebook(md("x"), code(ANSWER, "s", tags=["setup"])), "hw", path=PATH)
    assert info.value.cell == 2 and info.value.path == PATH


def test_setup_tag_on_markdown() -> None:
    with pytest.raises(MarkerError, match="markdown cell is tagged") as info:
        transform(notebook(md("x", tags=["setup"]), code(ANSWER)), "hw", path=PATH)
    assert info.value.cell == 1


def test_marker_in_a_raw_cell() -> None:
    with pytest.raises(MarkerError, match="raw cell") as info:
        transform(notebook(code(ANSWER), new_raw_cell("# BEGIN SOLUTION")), "hw", path=PATH)
    assert info.value.cell == 2


def test_marker_errors_carry_the_cell_number() -> None:
    with pytest.raises(MarkerError) as info:
        transform(notebook(md("a"), md("b"), code("### BEGIN SOLUTION\nx = 1")), "hw", path=PATH)
    assert (info.value.cell, info.value.line) == (3, 1)
    assert str(info.value).startswith(f"{PATH}, cell 3, line 1:")


def test_no_answer_cell() -> None:
    with pytest.raises(MarkerError, match="no answer cell"):
        transform(notebook(md("nothing to do"), code("x = 1")), "hw", path=PATH)


# --- leak check ---------------------------------------------------------------------------------


def test_solution_line_copied_into_markdown_is_a_leak() -> None:
    nb = notebook(code(ANSWER, "a"), md("Hint: `return torch.exp(x) + 1` works.", "hint"))
    with pytest.raises(LeakError) as info:
        transform(nb, "hw", path=PATH)
    err = info.value
    assert (err.cell, err.line, err.path) == (2, 1, PATH)
    assert "return torch.exp(x) + 1" in err.message and "cell 1, line 3" in err.message


def test_leak_check_ignores_whitespace_and_comments() -> None:
    nb = notebook(
        code("### BEGIN SOLUTION\nz = x @ A.T + b  # affine\n### END SOLUTION", "a"),
        code("check(z=x@A.T+b)", "demo"),
    )
    with pytest.raises(LeakError, match=re.escape("z = x @ A.T + b")):
        transform(nb, "hw")


def test_leak_into_the_answer_cells_own_visible_part() -> None:
    src = "def f(x):\n    y = torch.log1p(x)\n    ### BEGIN SOLUTION\n    y = torch.log1p(x)\n    ### END SOLUTION"
    with pytest.raises(LeakError):
        transform(notebook(code(src, "a")), "hw")


def test_prompt_that_repeats_the_solution_is_a_leak() -> None:
    src = '""" # BEGIN PROMPT\nmu = x.mean(dim=0)\n""" # END PROMPT\n# BEGIN SOLUTION\nmu = x.mean(dim=0)\n# END SOLUTION'
    with pytest.raises(LeakError):
        transform(notebook(code(src, "a")), "hw")


def test_generic_lines_are_not_secrets() -> None:
    answer = "\n".join(
        [
            "class Flow(nn.Module):",
            "    ### BEGIN SOLUTION",
            "    import math",
            "    def forward(self, x):",
            '        """Push x through the flow."""',
            "        loss.backward()",
            "        return x",
            "        pass",
            "    ### END SOLUTION",
        ]
    )
    other = 'import math\ndef forward(self, x):\n    loss.backward()\n    return x\n    pass\n"""Push x through the flow."""'
    r = transform(notebook(code(answer, "a"), code(other, "b")), "hw")
    assert r.secrets == ()


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("    z = x @ A.T + b  # affine", "z=x@A.T+b"),
        ("return torch.exp(x)", "returntorch.exp(x)"),
        ("s = '#not a comment' + t", "s='#notacomment'+t"),
        ("return x", None),
        ("return z, logdet", None),
        ("else:", None),
        ("opt.step()", None),
        ("from torch import nn", None),
        ("def coupling(x, mask):", None),
        ("@torch.no_grad()", None),
        ('"""A docstring line."""', None),
        ("# a comment", None),
        ("x = 1", None),
        ("", None),
    ],
)
def test_secret_key(line: str, key: str | None) -> None:
    assert secret_key(line) == key


def test_secret_key_in_markdown_keeps_prose_and_drops_headings() -> None:
    assert (
        secret_key("Because the Jacobian is triangular.", "markdown")
        == "BecausetheJacobianistriangular."
    )
    assert secret_key("## Part two", "markdown") is None
    assert secret_key("short", "markdown") is None
    assert MIN_SECRET_CHARS == 8


def test_docstring_bodies_inside_a_region_are_not_secrets() -> None:
    src = 'def f(x):\n    ### BEGIN SOLUTION\n    """\n    Long prose describing the method.\n    """\n    return torch.exp(x)\n    ### END SOLUTION'
    r = transform(notebook(code(src, "a"), md("Long prose describing the method.")), "hw")
    assert [s.text for s in r.secrets] == ["return torch.exp(x)"]


def test_find_leak_reports_the_line() -> None:
    r = transform(notebook(code(ANSWER, "a")), "hw")
    assert find_leak("ok\n  return torch.exp(x)+1\n", r.secrets) == (2, r.secrets[0])
    assert find_leak("nothing here", r.secrets) is None


# --- properties ---------------------------------------------------------------------------------

_word = st.text(alphabet="abcdefgh", min_size=1, max_size=6)
_plain = st.lists(st.builds(lambda a, b: f"{a} = {b}", _word, _word), max_size=3)
# Solution lines come from an alphabet the plain lines never use, so they cannot collide.
_secret = st.builds(lambda a, b: f"ZZ{a.upper()} = QQ{b.upper()}({a.upper()})", _word, _word)
_cell = st.one_of(
    st.builds(lambda p, s: ("code", p, s), _plain, st.lists(_secret, min_size=1, max_size=3)),
    st.builds(lambda p: ("code", p, None), _plain),
    st.builds(lambda p: ("markdown", p, None), _plain),
    st.builds(lambda p, s: ("markdown", p, s), _plain, st.lists(_secret, min_size=1, max_size=2)),
)
_cells = st.lists(_cell, min_size=1, max_size=6).filter(lambda cs: any(s for _, _, s in cs))


def _make(spec: list[tuple[str, list[str], list[str] | None]], with_ids: bool) -> Any:
    cells = []
    for index, (kind, plain, secret) in enumerate(spec):
        lines = list(plain)
        if secret is not None:
            lines += ["### BEGIN SOLUTION", *secret, "### END SOLUTION"]
        src = "\n".join(lines)
        cid = f"c{index}" if with_ids else None
        cells.append(code(src, cid) if kind == "code" else md(src, cid))
    return notebook(*cells, kernelspec={"name": "python3", "display_name": "Python 3"})


def _without_markers(src: str) -> str:
    return "\n".join(
        line for line in src.split("\n") if line not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )


@given(_cells, st.booleans())
def test_solution_is_the_source_without_marker_lines(spec: Any, with_ids: bool) -> None:
    nb = _make(spec, with_ids)
    r = transform(nb, "hw")
    assert [c.source for c in r.solution.cells] == [_without_markers(c.source) for c in nb.cells]


@given(_cells, st.booleans())
def test_student_version_holds_no_solution_line(spec: Any, with_ids: bool) -> None:
    r = transform(_make(spec, with_ids), "hw")
    student = "\n".join(cell_source(c) for c in r.student.cells)
    for _, _, secret in spec:
        for line in secret or []:
            assert line not in student
    assert not any(has_markers(cell_source(c)) for c in r.student.cells)


def _distinct_plain_lines(spec: Any) -> bool:
    plain = [line for _, lines, _ in spec for line in lines]
    return len(plain) == len(set(plain))


@settings(max_examples=40)  # each example writes six notebooks through nbformat's validator
@given(_cells.filter(_distinct_plain_lines), st.booleans())
def test_release_is_idempotent(spec: Any, with_ids: bool) -> None:
    # Released again, an answer cell is an nbgrader whole-cell solution (no markers left): all of
    # its lines are then secret, so a plain line shared with another cell would (rightly) be a
    # leak. Hence distinct plain lines.
    nb = _make(spec, with_ids)
    first = transform(nb, "hw")
    second = transform(copy.deepcopy(nb), "hw")
    assert dumps(first.student) == dumps(second.student)
    assert dumps(first.solution) == dumps(second.solution)
    # the solution version, released again, is its own solution version
    assert dumps(transform(first.solution, "hw").solution) == dumps(first.solution)


@given(_cells, st.booleans(), st.data())
def test_ids_survive_edits_of_other_cells(spec: Any, with_ids: bool, data: st.DataObject) -> None:
    nb = _make(spec, with_ids)
    before = [c.id for c in transform(nb, "hw").cells]
    edited = copy.deepcopy(nb)
    target = data.draw(st.integers(0, len(spec) - 1))
    edited.cells[target].source += "\nextra = line"
    assert [c.id for c in transform(edited, "hw").cells] == before


@given(_cells, st.data())
def test_own_ids_survive_inserted_and_moved_cells(spec: Any, data: st.DataObject) -> None:
    nb = _make(spec, True)
    before = {c.id for c in transform(nb, "hw").cells}
    moved = copy.deepcopy(nb)
    moved.cells = data.draw(st.permutations(moved.cells))
    moved.cells.insert(data.draw(st.integers(0, len(spec))), md("a new cell"))
    after = {c.id for c in transform(moved, "hw").cells}
    assert before < after


def test_transform_refuses_what_nbio_refuses() -> None:
    with pytest.raises(NotebookFormatError):
        loads_notebook(b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')


# --- nbio: strict reading, deterministic writing ------------------------------------------------


def _raw(**overrides: Any) -> dict[str, Any]:
    nb: dict[str, Any] = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["a\n", "b"]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    nb.update(overrides)
    return nb


def test_reading_never_invents_random_ids() -> None:
    nb = loads_notebook(json.dumps(_raw()))  # 4.5 without ids: nbformat.reads would add random ones
    assert "id" not in nb.cells[0] and nb.cells[0].source == "a\nb"
    r1, r2 = (
        transform(_raw(cells=[*nb.cells, code(ANSWER)]), "hw"),
        transform(nb | {"cells": [*nb.cells, code(ANSWER)]}, "hw"),
    )
    assert [c.id for c in r1.cells] == [c.id for c in r2.cells]


def test_reading_accepts_nbformat_4_4_and_bad_ids() -> None:
    assert loads_notebook(json.dumps(_raw(nbformat_minor=4))).nbformat_minor == 4
    bad = _raw(cells=[{"cell_type": "markdown", "id": "not valid!", "metadata": {}, "source": "x"}])
    assert loads_notebook(json.dumps(bad)).cells[0].id == "not valid!"  # the transform replaces it


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b'{"cells": [', "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[]", "not a Jupyter notebook"),
        (json.dumps(_raw(nbformat=3)).encode(), "nbformat 3"),
        (json.dumps(_raw(nbformat=5)).encode(), "unknown nbformat version 5"),
        (json.dumps(_raw(cells=[])).encode(), "no cells"),
        (json.dumps(_raw(cells=[{"cell_type": "heading"}])).encode(), "not a notebook cell"),
        (
            json.dumps(_raw(cells=[{"cell_type": "code", "source": ""}])).encode(),
            "not a valid nbformat 4",
        ),
    ],
)
def test_reading_refuses_with_path_and_fix(data: bytes, message: str) -> None:
    with pytest.raises(NotebookFormatError, match=message) as info:
        loads_notebook(data, path=PATH)
    assert info.value.path == PATH and info.value.fix


def test_read_notebook_of_a_missing_file(tmp_path: Path) -> None:
    from autograder.authoring.nbio import read_notebook

    with pytest.raises(NotebookFormatError, match="does not exist"):
        read_notebook(tmp_path / "nope.ipynb")


def test_dumps_is_nbformats_layout_with_a_trailing_newline() -> None:
    nb = transform(sample(), "hw").student
    data = dumps(nb)
    assert data == (nbformat.writes(nb) + "\n").encode("utf-8")
    assert (
        data == dumps(loads_notebook(data)) and data.endswith(b"\n") and not data.endswith(b"\n\n")
    )


def test_dumps_refuses_an_invalid_notebook() -> None:
    with pytest.raises(NotebookFormatError, match="invalid notebook"):
        dumps(
            {
                "cells": [{"cell_type": "code", "id": "c"}],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )


def test_dumps_refuses_cells_without_ids() -> None:
    with pytest.raises(NotebookFormatError, match="without a valid id"):
        dumps(_raw())  # nbformat would invent a random id here
