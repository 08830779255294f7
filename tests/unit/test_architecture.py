"""The package's architecture, checked on its source: imports run one way between the layers,
there is no import cycle, the pure core imports nothing that starts a process, opens a socket or
touches Docker, and no module is past the size where one concern fits in one head.

Every import counts, also one inside a function (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import autograder

PKG = Path(autograder.__file__).resolve().parent

# Lowest first. A module may import its own unit (top-level module or subpackage) and the units
# of strictly lower layers, nothing else.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    ("calibration",),
    ("__init__", "course", "testing"),
    ("wire", "authoring", "testmodels"),
    ("worker", "reports"),
    ("sandbox",),
    ("engine",),
    ("commands",),
    ("portal",),  # the web application (Django): above the commands it drives, below the CLI
    ("cli",),
    ("__main__",),
)
# The pure core: decisions and rendering, no processes, sockets, containers or file locks.
PURE = (
    "autograder.authoring.markers",
    "autograder.calibration",
    "autograder.authoring.leaks",
    "autograder.authoring.transform",
    "autograder.reports.results",
    "autograder.reports.feedback",
    "autograder.reports.html",
    "autograder.wire.codec",
)
IO_MODULES = frozenset(
    {
        "subprocess",
        "socket",
        "docker",
        "multiprocessing",
        "concurrent",
        "ctypes",
        "pty",
        "asyncio",
        "select",
        "signal",
        "fcntl",
        "threading",
    }
)
MAX_LINES = 400


def sources() -> dict[str, str]:
    """Every module of the package: dotted name -> source."""
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__" and len(parts) > 2:
            parts = parts[:-1]
        out[".".join(parts)] = path.read_text(encoding="utf-8")
    return out


def _is_package(name: str, mods: Mapping[str, str]) -> bool:
    return any(m.startswith(name + ".") for m in mods) and name != "autograder.__init__"


def imports(name: str, source: str, mods: Mapping[str, str]) -> set[str]:
    """The absolute names ``name`` imports (anywhere in it): autograder modules resolved to
    the module (``from .x import y`` where x.y is a module names x.y), others as written."""
    found: set[str] = set()
    package = name if _is_package(name, mods) else name.rsplit(".", 1)[0]
    if name == "autograder.__init__":
        package = "autograder"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                src = ".".join(base + ([node.module] if node.module else []))
            else:
                src = node.module or ""
            for a in node.names:
                full = f"{src}.{a.name}"
                found.add(full if full in mods else src)
    return found


def unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer(u: str) -> int:
    for i, names in enumerate(LAYERS):
        if u in names:
            return i
    raise AssertionError(f"{u!r} is in no layer: add it to LAYERS in this test")


def graph(mods: Mapping[str, str]) -> dict[str, set[str]]:
    out = {}
    for name, src in mods.items():
        deps = {
            d for d in imports(name, src, mods) if d == "autograder" or d.startswith("autograder.")
        }
        out[name] = {("autograder.__init__" if d == "autograder" else d) for d in deps} - {name}
    return out


def layer_violations(mods: Mapping[str, str]) -> list[str]:
    bad = []
    for a, deps in graph(mods).items():
        for b in sorted(deps):
            ua, ub = unit(a), unit(b)
            if ua != ub and layer(ub) >= layer(ua):
                bad.append(f"{a} imports {b}: {ub!r} is not below {ua!r}")
    return bad


def cycles(mods: Mapping[str, str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    g = graph(mods)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in g:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def impurities(mods: Mapping[str, str]) -> list[str]:
    """What the pure modules reach (through the package's own imports) that does I/O."""
    g = graph(mods)
    bad = []
    for pure in PURE:
        seen, todo = set(), [pure]
        while todo:
            m = todo.pop()
            if m in seen:
                continue
            seen.add(m)
            if unit(m) in ("sandbox", "engine", "worker", "commands"):
                bad.append(f"{pure} reaches {m}")
            if m not in mods:
                continue
            todo.extend(g[m])
            for d in imports(m, mods[m], mods):
                if d.split(".")[0] in IO_MODULES:
                    bad.append(f"{pure} reaches {m}, which imports {d}")
    return bad


def test_no_import_cycles() -> None:
    assert cycles(sources()) == []


def test_imports_run_down_the_layers() -> None:
    assert layer_violations(sources()) == []


def test_the_pure_core_does_no_io() -> None:
    assert impurities(sources()) == []


def test_no_module_is_over_400_lines() -> None:
    sizes = {m: s.count("\n") for m, s in sources().items()}
    assert {m: n for m, n in sizes.items() if n > MAX_LINES} == {}


def test_the_checks_catch_a_worker_import_in_the_markers() -> None:
    """The rules above can fail: the pure marker parser importing the worker is caught three
    ways (layer, purity, and a cycle once the worker imports the markers back)."""
    mods = sources()
    mods["autograder.authoring.markers"] += "\nimport autograder.engine.worker\n"
    mods["autograder.engine.worker"] = "from ..authoring import markers\n"
    assert any("autograder.engine.worker" in v for v in layer_violations(mods))
    assert any("autograder.engine.worker" in v for v in impurities(mods))
    assert ["autograder.authoring.markers", "autograder.engine.worker"] in cycles(mods)
    mods = sources()
    mods["autograder.reports.results"] += "\nimport subprocess\n"
    assert any("subprocess" in v for v in impurities(mods))
