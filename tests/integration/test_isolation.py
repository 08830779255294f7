"""The sandbox sees an allow-list of the host, not the host minus a few secrets.

Canaries are planted on the grading machine before a batch is graded: another batch's
submissions in the machine's ``/tmp``, a fake course checkout (``solutions/`` and
``tests/hidden/``) elsewhere on disk, files in ``/root`` and ``/home``, and a process with a secret
in its environment and command line. A hostile submission walks ``/``, lists ``/proc`` and reads
every file it can; when it finds a solution notebook it executes it. Another writes into every
writable folder it can find. Under both backends, on the warm and the cold path: nothing of the
canaries reaches the submission (it scores 0, its feedback shows none of them) and nothing it wrote
is left on the host. The user-namespace path (how a grader without root confines) is taken here
as root too, with ``AUTOGRADER_PROCESS_CONFINE=userns``.

Without root and without user namespaces the process sandbox refuses students' code, naming
``--sandbox docker`` and ``--unconfined``; ``--unconfined`` grades as before.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURE, GOOD, grade, student_notebook
from .test_hostile import _docker_ready

MARK = "AGCANARY"  # the walker looks for this prefix; the rest of each canary is random

WALKER = r"""
import json, os, stat, time
def _scan():
    deadline = time.monotonic() + 30
    found, stolen = [], None
    prune = {"/proc", "/sys", "/dev", "/usr", "/var/lib/docker"}
    skip = {"site-packages", "dist-packages", "__pycache__", ".git", "node_modules", "locale"}
    for d, dirs, files in os.walk("/"):
        if d in prune or time.monotonic() > deadline:
            dirs[:] = []
            continue
        dirs[:] = [x for x in dirs if x not in skip]
        for f in files:
            p = os.path.join(d, f)
            try:
                st = os.lstat(p)
                if not stat.S_ISREG(st.st_mode) or st.st_size > 262144:
                    continue
                with open(p, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            if b"MARK" in data:
                found.append(p)
                if p.endswith(".ipynb") and b"def add" in data:
                    stolen = data
    pids = [x for x in os.listdir("/proc") if x.isdigit()]
    for pid in pids:
        for part in ("cmdline", "environ"):
            try:
                with open(f"/proc/{pid}/{part}", "rb") as fh:
                    if b"MARK" in fh.read():
                        found.append(f"/proc/{pid}/{part}")
            except OSError:
                pass
    print("PIDS", len(pids))
    for p in found:
        print("FOUND", p)
    return stolen
_stolen = _scan()
if _stolen:
    for _c in json.loads(_stolen)["cells"]:
        _src = "".join(_c["source"])
        if _c["cell_type"] == "code" and ("def add" in _src or "def double" in _src):
            exec(_src)
""".replace("MARK", MARK)

WRITER = r"""
import os, time
_deadline = time.monotonic() + 20
_cands = {"/tmp", "/var/tmp", "/dev/shm", "/run", "/run/lock", os.path.expanduser("~"), os.getcwd(),
          os.environ.get("TMPDIR", "/tmp")}
for d, dirs, files in os.walk("/"):
    if d in ("/proc", "/sys") or time.monotonic() > _deadline:
        dirs[:] = []
        continue
    dirs[:] = [x for x in dirs if x not in ("site-packages", "__pycache__", ".git")]
    if os.access(d, os.W_OK):
        _cands.add(d)
_wrote = []
for d in sorted(_cands):
    try:
        with open(os.path.join(d, "NAME"), "w") as fh:
            fh.write("left behind")
        _wrote.append(d)
    except OSError:
        pass
print("WROTE", len(_wrote), _wrote[:20])
"""

PROBER = r"""
import os, socket, stat, time
_found, _ok = [], []
_deadline = time.monotonic() + 20
for d, dirs, files in os.walk("/"):
    if d in ("/proc", "/sys") or time.monotonic() > _deadline:
        dirs[:] = []
        continue
    dirs[:] = [x for x in dirs if x not in ("site-packages", "__pycache__", ".git")]
    for f in files:
        p = os.path.join(d, f)
        try:
            if stat.S_ISSOCK(os.lstat(p).st_mode):
                _found.append(p)
        except OSError:
            pass
for p in sorted(set(_found + ["/run/autograder.sock", "/var/run/docker.sock", "/run/docker.sock"])):
    s = socket.socket(socket.AF_UNIX)
    try:
        s.settimeout(2)
        s.connect(p)
        _ok.append(p)
    except OSError:
        pass
    finally:
        s.close()
print("SOCKETS", len(_found), "CONNECTED", _ok)
"""


def _find_on_host(name: str) -> list[str]:
    """Every path on the host with this name (the container store aside: nothing of a
    read-only container is written there)."""
    cmd = ["find", "/", "-path", "/proc", "-prune", "-o", "-path", "/sys", "-prune", "-o"]
    cmd += ["-path", "/var/lib/docker", "-prune", "-o", "-name", name, "-print"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return proc.stdout.split()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny course with room for a walk of the whole disk in one cell."""
    from autograder.cli import main as cli_main

    root = tmp_path_factory.mktemp("isolation-course")
    shutil.copytree(FIXTURE / "assignments", root / "assignments")
    toml = root / "assignments" / "tiny" / "assignment.toml"
    toml.write_text(toml.read_text().replace("cell_seconds = 8", "cell_seconds = 90"))
    assert cli_main(["--course", str(root), "release", "tiny"]) == 0
    return root


@pytest.fixture(scope="module")
def canaries(course: Path) -> Iterator[dict[str, str]]:
    """Plant every canary; yield them (name -> where); remove them all afterwards."""
    tag = secrets.token_hex(6)
    token = f"{MARK}-{tag}"
    solved = student_notebook(course, GOOD)
    solved["cells"].append({"cell_type": "markdown", "metadata": {}, "source": token, "id": "c"})
    made: list[Path] = []

    def plant(path: Path, text: str) -> str:
        top = next(p for p in [path, *path.parents] if p.parent.exists())
        if not top.exists():
            made.append(top)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o644)
        for p in path.parents:
            if p == top.parent:
                break
            p.chmod(0o755)
        return str(path)

    spots = {
        "other batch in /tmp": plant(
            Path(f"/tmp/ag-canary-{tag}/submissions/alice.ipynb"), json.dumps(solved)
        ),
        "course solutions": plant(
            Path(f"/opt/ag-canary-{tag}/course/solutions/tiny/tiny.ipynb"), json.dumps(solved)
        ),
        "course hidden tests": plant(
            Path(f"/opt/ag-canary-{tag}/course/assignments/tiny/tests/hidden/test_tiny.py"),
            f"# {token}\n",
        ),
        "root's home": plant(Path(f"/root/ag-canary-{tag}.txt"), token),
        "a user's home": plant(Path(f"/home/ag-canary-{tag}/notes.txt"), token),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(900)", token],
        env={"AG_SECRET": token, "PATH": os.environ.get("PATH", "/usr/bin")},
    )
    spots["a process"] = f"pid {proc.pid}"
    try:
        yield {"token": token, "tag": tag, **spots}
    finally:
        proc.kill()
        proc.wait()
        Path(f"/root/ag-canary-{tag}.txt").unlink(missing_ok=True)
        for top in made:
            shutil.rmtree(top, ignore_errors=True)
        for p in _find_on_host(f"agwrite-{tag}*"):
            Path(p).unlink(missing_ok=True)


@pytest.fixture(
    scope="module",
    params=[
        ("process", "warm"),
        ("process", "cold"),
        ("process-userns", "warm"),
        ("process-userns", "cold"),
        pytest.param(("docker", "warm"), marks=pytest.mark.docker),
        pytest.param(("docker", "cold"), marks=pytest.mark.docker),
    ],
    ids=lambda p: "-".join(p),
)
def graded(
    request: pytest.FixtureRequest,
    course: Path,
    canaries: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    write_nb,
) -> Iterator[tuple[dict[str, dict], str]]:
    backend, path = request.param
    if backend == "docker" and (why := _docker_ready()) is not None:
        pytest.skip(why)
    name = f"agwrite-{canaries['tag']}-{backend}-{path}"
    subs = tmp_path_factory.mktemp("subs")
    out = tmp_path_factory.mktemp("out")
    write_nb(subs, "walker", student_notebook(course, extra_last=WALKER))
    write_nb(subs, "writer", student_notebook(course, extra_last=WRITER.replace("NAME", name)))
    write_nb(subs, "correct", student_notebook(course, GOOD))
    write_nb(subs, "prober", student_notebook(course, extra_last=PROBER))
    mp = pytest.MonkeyPatch()
    if path == "cold":
        mp.setenv("AUTOGRADER_WARM", "0")
    if backend == "process-userns":  # the path a grader without root takes, taken as root
        mp.setenv("AUTOGRADER_PROCESS_CONFINE", "userns")
    try:
        results = grade(course, subs, out, "--jobs", "2", sandbox=backend.split("-")[0])
    finally:
        mp.undo()
    for student, r in results.items():
        r["feedback"] = (out / student / "feedback.md").read_text()
    yield results, name


def test_the_sandbox_still_grades(graded: tuple[dict[str, dict], str]) -> None:
    results, _ = graded
    assert results["correct"]["score"] == 6.0


def test_a_walk_of_the_disk_finds_no_canary(
    graded: tuple[dict[str, dict], str], canaries: dict[str, str]
) -> None:
    results, _ = graded
    walker = results["walker"]
    fb = walker["feedback"]
    assert "PIDS" in fb, "the walker did not run to its end"
    assert "FOUND" not in fb and canaries["tag"] not in json.dumps(walker), (
        "the submission found a canary: "
        + ", ".join(line for line in fb.splitlines() if "FOUND" in line)
    )
    assert walker["score"] == 0.0


def test_host_processes_are_invisible(graded: tuple[dict[str, dict], str]) -> None:
    results, _ = graded
    fb = results["walker"]["feedback"]
    pids = int(fb.split("PIDS ", 1)[1].split()[0])
    assert pids <= 8, f"the sandbox lists {pids} processes: the host's are visible"


def test_no_socket_in_reach_accepts_a_connection(graded: tuple[dict[str, dict], str]) -> None:
    """A submission connects to every unix socket it can see (the warm container's channel
    socket is bind-mounted at /run/autograder.sock, its listener closed once the zygote is in),
    and to Docker's: none answers."""
    results, _ = graded
    fb = results["prober"]["feedback"]
    assert "SOCKETS" in fb, "the prober did not run to its end"
    assert "CONNECTED []" in fb, (
        "a submission connected to a socket: " + fb.split("CONNECTED", 1)[1][:200]
    )


def test_writes_leave_nothing_on_the_host(graded: tuple[dict[str, dict], str]) -> None:
    results, name = graded
    fb = results["writer"]["feedback"]
    wrote = int(fb.split("WROTE ", 1)[1].split()[0])
    assert wrote >= 2, "the writer could not even write its own home and /tmp"
    assert _find_on_host(f"{name}*") == []


def test_without_confinement_grading_is_refused_with_the_way_out(
    course: Path, tmp_path: Path, write_nb, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from autograder.cli import main as cli_main

    monkeypatch.setattr(
        "autograder.sandbox.process.confinement_problem",
        lambda: "unshare: Operation not permitted",
    )
    write_nb(tmp_path / "subs", "correct", student_notebook(course, GOOD))
    argv = ["--course", str(course), "grade", "tiny", str(tmp_path / "subs")]
    argv += ["--out", str(tmp_path / "out"), "--sandbox", "process"]
    assert cli_main(argv) == 3
    err = capsys.readouterr().err
    assert "--sandbox docker" in err and "--unconfined" in err and "Operation not permitted" in err
    assert not list((tmp_path / "out").glob("*/results.json")), "nothing is graded"

    write_nb(
        tmp_path / "subs",
        "whoami",
        student_notebook(course, GOOD, extra_last="import os\nprint('UID', os.getuid())"),
    )
    results = grade(course, tmp_path / "subs", tmp_path / "out", "--unconfined")
    assert results["correct"]["score"] == 6.0 and results["whoami"]["score"] == 6.0
    if os.geteuid() == 0:  # unconfined, but still not as root
        fb = (tmp_path / "out" / "whoami" / "feedback.md").read_text()
        assert "UID " in fb and "UID 0\n" not in fb


def test_the_probe_finds_how_this_machine_confines() -> None:
    from autograder.sandbox.process import confinement_mode, confinement_problem

    assert confinement_problem() is None, "this machine (and CI) can confine"
    assert confinement_mode() == ("root" if os.geteuid() == 0 else "userns")


def test_trusted_runs_fall_back_to_unconfined(monkeypatch: pytest.MonkeyPatch) -> None:
    """validate (the course's own code) and check (a student's own notebook, on their own
    machine) still run where confinement is impossible; grading does not."""
    from autograder.commands.backend import process_backend
    from autograder.errors import SandboxUnavailable

    monkeypatch.setattr("autograder.sandbox.process.confinement_problem", lambda: "no userns")
    assert process_backend([], unconfined=False, trusted=True)["confine"] == "none"
    with pytest.raises(SandboxUnavailable):
        process_backend([], unconfined=False, trusted=False)
