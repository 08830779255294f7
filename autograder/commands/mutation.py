"""``validate --mutation-score``: automatic mutants of the solution, to find gaps in the tests.

Small, classic mutations of each answer cell (flip a sign, swap two arguments, change a
constant, drop a term, off-by-one on an index), built with :mod:`ast`, each graded against the
whole suite. A mutant that passes every test is a *survivor*: either it is equivalent to the
solution (harmless) or the tests miss something. This reports; it never fails CI.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..course import Assignment
from ..errors import SystemFailure
from ..worker.executor import Cell
from .equivalents import EQUIVALENT_FILE, MutationScore, read_equivalents, score_mutants
from .runs import close_servers, grade_cells, prepare

__all__ = ["AutoMutant", "all_mutants", "generate_mutants", "mutation_gate", "run_mutation_score"]

_SWAP_OPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Pow: ast.Mult,
}  # fmt: skip


@dataclass(frozen=True)
class AutoMutant:
    """One mutated answer cell and what was changed."""

    cell_id: str
    description: str
    source: str

    @property
    def key(self) -> str:
        """A name that survives edits elsewhere: the cell and a hash of the mutated source."""
        digest = hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:12]
        return f"{self.cell_id}:{digest}"


def _variants(tree: ast.Module) -> Iterator[tuple[str, ast.Module]]:
    """Every single-point mutation of ``tree``, with a one-line description."""
    nodes = list(ast.walk(tree))
    for index, node in enumerate(nodes):
        line = getattr(node, "lineno", 0)

        def mutate(
            change: str, edit: object, index: int = index, line: int = line
        ) -> tuple[str, ast.Module]:
            new_tree = copy.deepcopy(tree)
            target = list(ast.walk(new_tree))[index]
            edit(target)  # type: ignore[operator]
            return f"line {line}: {change}", new_tree

        if isinstance(node, ast.BinOp) and type(node.op) in _SWAP_OPS:
            new_op = _SWAP_OPS[type(node.op)]
            yield mutate(
                f"{type(node.op).__name__} -> {new_op.__name__}",
                lambda t, op=new_op: setattr(t, "op", op()),
            )
            yield mutate("drop the right-hand term", lambda t: _replace_with(t, t.left))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            yield mutate("drop a minus sign", lambda t: _replace_with(t, t.operand))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            v = node.value
            yield mutate(f"constant {v!r} -> {v + 1!r}", lambda t: setattr(t, "value", t.value + 1))
            if v not in (0, 1):
                yield mutate(
                    f"constant {v!r} -> {v / 2!r}", lambda t: setattr(t, "value", t.value / 2)
                )
        elif isinstance(node, ast.Call) and len(node.args) >= 2:
            yield mutate(
                "swap the first two arguments",
                lambda t: setattr(t, "args", [t.args[1], t.args[0], *t.args[2:]]),
            )
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int)
        ):
            yield mutate("index off by one", lambda t: setattr(t.slice, "value", t.slice.value + 1))


def _replace_with(node: ast.AST, other: ast.AST) -> None:
    """Turn ``node`` into a copy of ``other`` in place (the parent keeps its reference)."""
    for field in node._fields:
        if hasattr(node, field):
            delattr(node, field)
    node.__class__ = other.__class__
    for field in other._fields:
        setattr(node, field, getattr(other, field))


def _quote(description: str, base: list[str], source: str) -> str:
    """``line N: change`` and the line it changes, before -> after, so the reader sees which
    of several candidates on a line was mutated."""
    new = source.splitlines()
    for old_line, new_line in zip(base, new, strict=False):
        if old_line != new_line:
            return f"{description}   ({old_line.strip()[:60]}  ->  {new_line.strip()[:60]})"
    return description


def all_mutants(cells: list[Cell]) -> list[AutoMutant]:
    """Every distinct single-point mutant of the answer cells, in a fixed order."""
    found: list[AutoMutant] = []
    for cell in cells:
        if cell.role != "answer":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics: not mutated
            continue
        seen = {ast.unparse(tree)}
        base = ast.unparse(tree).splitlines()
        for description, new in _variants(tree):
            try:
                source = ast.unparse(ast.fix_missing_locations(new))
                compile(source, "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError, AttributeError):
                continue
            if source not in seen:
                seen.add(source)
                found.append(AutoMutant(cell.id, _quote(description, base, source), source))
    return found


def generate_mutants(cells: list[Cell], limit: int) -> list[AutoMutant]:
    """Up to ``limit`` mutants of the answer cells, spread evenly over all candidates (deterministic)."""
    found = all_mutants(cells)
    if len(found) <= limit:
        return found
    step = len(found) / limit
    return [found[int(i * step)] for i in range(limit)]


def run_mutation_score(
    a: Assignment, *, sandbox: str, jobs: int, console: Console, limit: int = 40
) -> MutationScore:
    """Grade automatic mutants, print the survivors and the score (see :mod:`.equivalents`)."""
    declared = read_equivalents(a.hidden_tests / EQUIVALENT_FILE)
    workdir = Path(tempfile.mkdtemp(prefix="ag-mutation-"))
    try:
        ctx = prepare(a, sandbox, workdir, hide=[], trusted=True)
        solution = ctx.reference_cells or []
        candidates = all_mutants(solution)
        mutants = generate_mutants(solution, limit)

        def grade(m: AutoMutant) -> tuple[AutoMutant, bool | None]:
            cells = [
                Cell(c.id, c.role, m.source if c.id == m.cell_id else c.source) for c in solution
            ]
            try:
                record = grade_cells(ctx, cells)
            except SystemFailure:
                return m, None
            return m, all(t["passed"] for t in record["tests"])

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            outcomes = list(pool.map(grade, mutants))
    finally:
        close_servers()
        shutil.rmtree(workdir, ignore_errors=True)
    result = score_mutants(
        {m.key: survived for m, survived in outcomes}, declared, {m.key for m in candidates}
    )
    by_key = {m.key: m for m in mutants}
    table = Table(
        title=f"{a.id}: mutation score {result.percent:.1f} % "
        f"({result.killed} killed of {result.tried} tried, {len(result.equivalent)} equivalent, "
        f"{len(result.gaps)} not caught"
        + (
            f", {len(outcomes) - result.tried} could not be graded"
            if len(outcomes) > result.tried
            else ""
        )
        + ")"
    )
    table.add_column("key")
    table.add_column("surviving mutation")
    table.add_column("status")
    for key in result.gaps:
        table.add_row(key, by_key[key].description, "[red]not caught: a test is missing[/]")
    for key, why in result.equivalent:
        table.add_row(key, by_key[key].description, f"equivalent: {why}")
    console.print(table)
    for key in result.stale:
        console.print(
            f"[yellow]![/] {a.id}: {EQUIVALENT_FILE} declares {key}, which the tests now kill "
            "or the solution no longer has: remove the entry"
        )
    return result


def mutation_gate(
    assignments: list[Assignment],
    *,
    sandbox: str,
    jobs: int,
    console: Console,
    limit: int,
    minimum: float,
) -> bool:
    """``validate --mutation-score``: the score of each assignment; False if one is below ``minimum``."""
    ok = True
    for a in assignments:
        result = run_mutation_score(a, sandbox=sandbox, jobs=jobs, console=console, limit=limit)
        if result.percent < minimum:
            console.print(
                f"[red]✗[/] {a.id}: mutation score {result.percent:.1f} % is below {minimum} %: "
                "write the tests the survivors show are missing, or declare a mutant that "
                "computes the same function in tests/hidden/equivalent.toml with the reason"
            )
            ok = False
    return ok
