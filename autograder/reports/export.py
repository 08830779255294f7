"""``autograder export gradescope ID --out ID-autograder.zip``: a Gradescope autograder bundle.

Gradescope runs one container per submission: ``setup.sh`` once when the image is built, then
``run_autograder`` with the student's files in ``/autograder/submission``, expecting
``/autograder/results/results.json``. The bundle carries the package, the assignment (hidden
tests included, mutants not), its release and solution, and runs our ``grade`` with the
``process`` backend inside that single container (no Docker-in-Docker there).
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

from rich.console import Console

from ..course import Assignment, load_assignment
from ..errors import UsageError

__all__ = ["build_gradescope_bundle", "run_export"]

_SETUP = """#!/usr/bin/env bash
# Gradescope image build: install the grader and its dependencies (CPU torch).
set -euo pipefail
cd "$(dirname "$0")"
apt-get update -qq && apt-get install -y -qq python3 python3-pip python3-venv >/dev/null
python3 -m venv /opt/grader
# CPU torch: point PIP_INDEX_URL / PIP_EXTRA_INDEX_URL at a CPU wheel index if the default resolves to CUDA.
/opt/grader/bin/pip install -q torch==2.13.0
/opt/grader/bin/pip install -q ./package
"""

_RUN = """#!/usr/bin/env bash
# Gradescope entry point: grade /autograder/submission, write /autograder/results/results.json.
set -euo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{AUTOGRADER_PYTHON:-/opt/grader/bin/python}}"
OUT="$ROOT/results/run"
rm -rf "$OUT"
mkdir -p "$ROOT/results"
cd "$ROOT/source/course"
"$PYTHON" -m autograder grade {id} "$ROOT/submission" --out "$OUT" --sandbox process --unconfined --jobs 1 --force \\
    > "$ROOT/results/grade.log" 2>&1 || true
"$PYTHON" - "$OUT" "$ROOT/results/results.json" "$ROOT/submission" <<'PY'
import json, sys
from pathlib import Path
out, dest, sub = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
found = sorted(out.glob("*/results.json"))
preferred = [p for p in found if p.parent.name == "{id}"]
if found:
    dest.write_text((preferred or found)[0].read_text())
else:
    log = (dest.parent / "grade.log").read_text()[-3000:] if (dest.parent / "grade.log").exists() else ""
    names = ", ".join(p.name for p in sub.iterdir()) if sub.is_dir() else "nothing"
    dest.write_text(json.dumps({{"score": 0, "output": "No notebook could be graded. Upload {id}.ipynb. "
                                 "Received: " + names + "\\n" + log, "tests": []}}))
PY
"""


def _add(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # reproducible bytes
    info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def _add_tree(zf: zipfile.ZipFile, src: Path, prefix: str) -> None:
    for f in sorted(src.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and not f.name.endswith(".pyc"):
            _add(zf, f"{prefix}/{f.relative_to(src).as_posix()}", f.read_bytes())


def build_gradescope_bundle(a: Assignment) -> bytes:
    """The zip's bytes (deterministic for the same inputs)."""
    if not a.release_notebook.is_file() or not a.solution_notebook.is_file():
        raise UsageError(
            f"release/{a.id} or solutions/{a.id} is missing: run `autograder release {a.id}` first"
        )
    package_root = Path(__file__).resolve().parents[2]  # the folder holding autograder/
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        _add(zf, "setup.sh", _SETUP.encode(), executable=True)
        _add(zf, "run_autograder", _RUN.format(id=a.id).encode(), executable=True)
        _add_tree(zf, package_root / "autograder", "package/autograder")
        _add(zf, "package/pyproject.toml", (package_root / "pyproject.toml").read_bytes())
        _add(zf, "package/README.md", b"The genmodels autograder, packaged for Gradescope.\n")
        for sub in ("tests", "support.py", "data", "assignment.toml", f"{a.id}.ipynb"):
            p = a.dir / sub
            if p.is_dir():
                _add_tree(zf, p, f"course/assignments/{a.id}/{sub}")
            elif p.is_file():
                _add(zf, f"course/assignments/{a.id}/{sub}", p.read_bytes())
        _add_tree(zf, a.release_dir, f"course/release/{a.id}")
        _add_tree(zf, a.solution_notebook.parent, f"course/solutions/{a.id}")
    return buf.getvalue()


def run_export(root: Path, target: str, assignment_id: str, out: Path, *, console: Console) -> int:
    """The ``export`` command."""
    if target != "gradescope":
        raise UsageError(f"unknown export target {target!r} (known: gradescope)")
    a = load_assignment(root, assignment_id)
    data = build_gradescope_bundle(a)
    out.write_bytes(data)
    console.print(
        f"wrote {out} ({len(data) / 1024:.0f} KiB): upload it as the Gradescope autograder of {a.id}"
    )
    return 0
