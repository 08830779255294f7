"""`grade --cluster`: a real Dask scheduler and two real worker processes on loopback.

The hw03 examples graded on the cluster equal the local results; a worker SIGKILLed mid-grade,
a submission that kills every worker it lands on, a bundle changed on its way, and the
scheduler lost mid-batch (the rerun reuses what was finished).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import dask
import pytest
from distributed import Client, WorkerPlugin

from autograder.cli import main as cli_main
from autograder.commands.cluster import grade_task, make_bundle, unpack_bundle
from autograder.course import load_assignment
from autograder.errors import BundleRejected

from .conftest import GOOD, student_notebook

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


class Cluster:
    """A scheduler and ``n`` nanny-supervised workers of one thread each, on 127.0.0.1."""

    def __init__(self, tmp: Path, n: int = 2, tls: dict[str, Path] | None = None) -> None:
        tmp.mkdir(parents=True, exist_ok=True)
        self.file = tmp / "scheduler.json"
        self.tls = (
            []
            if tls is None
            else ["--tls-ca-file", str(tls["ca"]), "--tls-cert", str(tls["cert"]),
                  "--tls-key", str(tls["key"])]
        )  # fmt: skip
        env = {
            **os.environ,
            # A submission on whose grading 2 workers died is given up (KilledWorker).
            "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
            "PYTHONPATH": str(REPO),
        }
        log = open(tmp / "cluster.log", "ab")  # noqa: SIM115 - closed in stop()
        self.log = log
        self.scheduler = subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(self.file), *self.tls,
             *(["--protocol", "tls"] if tls else [])],
            env=env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self.file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = [self._worker(tmp / f"w{i}", env) for i in range(n)]
        with dask.config.set(_client_tls(tls)):
            self.client = Client(self.address, timeout="30s", set_as_default=False)
        self.client.wait_for_workers(n, timeout=120)

    def _worker(self, folder: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [str(BIN / "dask"), "worker", self.address, "--nthreads", "1", "--nworkers", "1",
             "--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "0",
             "--local-directory", str(folder), *self.tls],
            env=env, stdout=self.log, stderr=self.log, start_new_session=True,
        )  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close(timeout=5)
        for p in [*self.workers, self.scheduler]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        self.log.close()


def _client_tls(tls: dict[str, Path] | None) -> dict[str, str]:
    """Dask's own TLS settings for a client (what the README tells the grader to export)."""
    if tls is None:
        return {}
    return {
        "distributed.comm.tls.ca-file": str(tls["ca"]),
        "distributed.comm.tls.client.cert": str(tls["cert"]),
        "distributed.comm.tls.client.key": str(tls["key"]),
    }


def _certificates(folder: Path) -> dict[str, Path]:
    """A throw-away CA and one certificate it signed (scheduler, workers and client share it)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca, ca_key = folder / "ca.pem", folder / "ca.key"
    cert, key, csr = folder / "node.pem", folder / "node.key", folder / "node.csr"

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            "/CN=autograder test CA", "-keyout", str(ca_key), "-out", str(ca))  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", str(key), "-out", str(csr))  # fmt: skip
    ext = folder / "san.cnf"
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key),
            "-CAcreateserial", "-days", "2", "-extfile", str(ext), "-out", str(cert))  # fmt: skip
    return {"ca": ca, "cert": cert, "key": key}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    yield c
    c.stop()


def _grade(course: Path, assignment: str, subs: Path, out: Path, *extra: str) -> int:
    return cli_main(
        ["--course", str(course), "grade", assignment, str(subs), "--out", str(out),
         "--sandbox", "process", *extra]
    )  # fmt: skip


def _results(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}


def _key(res: dict[str, dict]) -> dict[str, list]:
    """What a grade is: per student the score and each test's status, score and output."""
    return {
        s: [r["score"], [(t["name"], t["status"], t["score"], t["output"]) for t in r["tests"]]]
        for s, r in res.items()
    }


def test_hw03_examples_on_the_cluster_equal_a_local_run(cluster: Cluster, tmp_path: Path) -> None:
    subs = REPO / "examples" / "submissions" / "hw03_flows"
    assert _grade(REPO, "hw03_flows", subs, tmp_path / "local", "--jobs", "2") == 0
    assert _grade(REPO, "hw03_flows", subs, tmp_path / "dask", "--cluster", cluster.address) == 0
    local, dask = _results(tmp_path / "local"), _results(tmp_path / "dask")
    assert len(local) == 5 and _key(dask) == _key(local)
    summary = json.loads((tmp_path / "dask" / "summary.json").read_text())
    assert summary["graded_now"] == 5 and summary["system_failures"] == 0


def _batch(course: Path, folder: Path, write_nb, n: int, prefix: str = "s") -> Path:
    for i in range(n):
        nb = student_notebook(course, GOOD, extra_last=f"# submission {prefix}{i}")
        write_nb(folder, f"{prefix}{i:02d}", nb)
    return folder


def test_a_worker_killed_mid_grade_loses_nothing(
    cluster: Cluster, tiny_course: Path, tmp_path: Path, write_nb
) -> None:
    subs = _batch(tiny_course, tmp_path / "subs", write_nb, 8)
    out = tmp_path / "out"
    codes: list[int] = []
    runner = threading.Thread(
        target=lambda: codes.append(
            _grade(tiny_course, "tiny", subs, out, "--cluster", cluster.address)
        )
    )
    runner.start()
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline:
        busy = [w for w, keys in cluster.client.processing().items() if keys]
        if busy and len(list(out.glob("*/results.json"))) >= 1:
            pid = cluster.client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)  # the worker process; its nanny starts a new one
            killed = busy[0]
        time.sleep(0.05)
    runner.join(timeout=300)
    assert killed is not None and codes == [0]
    res = _results(out)
    assert sorted(res) == [f"s{i:02d}" for i in range(8)]
    assert all(r["score"] == 6 for r in res.values()), {s: r["score"] for s, r in res.items()}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["graded_now"] == 8 and summary["system_failures"] == 0
    cluster.client.wait_for_workers(2, timeout=120)


class KillsItsWorker(WorkerPlugin):
    """Test fault: the worker process dies whenever it starts grading student `poison`."""

    name = "test-poison"

    def transition(self, key: object, start: str, finish: str, **kwargs: object) -> None:
        if finish == "executing" and "-poison-" in str(key):
            os._exit(1)


def test_a_submission_that_kills_every_worker_ends_ungraded(
    cluster: Cluster, tiny_course: Path, tmp_path: Path, write_nb
) -> None:
    subs = _batch(tiny_course, tmp_path / "subs", write_nb, 3)
    write_nb(subs, "poison", student_notebook(tiny_course, GOOD, extra_last="# poison"))
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    cluster.client.register_plugin(KillsItsWorker(), name=KillsItsWorker.name)
    try:
        assert (
            _grade(tiny_course, "tiny", subs, tmp_path / "out", "--cluster", cluster.address) == 0
        )
    finally:
        cluster.client.unregister_worker_plugin(KillsItsWorker.name)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    res = _results(tmp_path / "out")
    assert sorted(res) == ["poison", "s00", "s01", "s02"]
    assert [res[f"s{i:02d}"]["score"] for i in range(3)] == [6, 6, 6]
    assert res["poison"]["score"] == 0
    md = (tmp_path / "out" / "poison" / "feedback.md").read_text()
    assert "could not be graded: every grading worker it was given died" in md
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["system_failures"] == 1
    cluster.client.wait_for_workers(2, timeout=120)


def test_a_bundle_changed_on_its_way_is_refused(
    cluster: Cluster, tiny_course: Path, tmp_path: Path
) -> None:
    a = load_assignment(tiny_course, "tiny")
    data, sha = make_bundle(a)
    assert make_bundle(a) == (data, sha)  # deterministic: the same files, the same bytes
    root = unpack_bundle(data, sha, tmp_path)
    assert (root / "assignments" / "tiny" / "tests" / "hidden").is_dir()
    tampered = data.replace(b"def test_", b"def tst_", 1)
    with pytest.raises(BundleRejected, match="refused"):
        unpack_bundle(tampered, sha, tmp_path)
    nb = json.dumps(student_notebook(tiny_course, GOOD)).encode()
    fut = cluster.client.submit(
        grade_task, tampered, sha, "tiny", "process", False, "eve", nb, "eve.ipynb", None,
        pure=False,
    )  # fmt: skip
    with pytest.raises(BundleRejected, match="refused"):
        fut.result(timeout=120)


def test_the_scheduler_lost_fails_clearly_and_the_rerun_reuses(
    tiny_course: Path, tmp_path: Path, write_nb, capsys: pytest.CaptureFixture[str]
) -> None:
    subs = _batch(tiny_course, tmp_path / "subs", write_nb, 10, prefix="q")
    out = tmp_path / "out"
    first = Cluster(tmp_path / "c1")
    codes: list[int] = []
    runner = threading.Thread(
        target=lambda: codes.append(
            _grade(tiny_course, "tiny", subs, out, "--cluster", first.address)
        )
    )
    try:
        runner.start()
        deadline = time.monotonic() + 120
        while len(list(out.glob("*/results.json"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(first.scheduler.pid, signal.SIGKILL)
        runner.join(timeout=300)
    finally:
        first.stop()
    assert codes == [3]
    assert "lost the Dask scheduler" in capsys.readouterr().err
    done = len(list(out.glob("*/results.json")))
    assert 2 <= done < 10
    second = Cluster(tmp_path / "c2")
    try:
        assert _grade(tiny_course, "tiny", subs, out, "--cluster", second.address) == 0
    finally:
        second.stop()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["reused"] == done and summary["graded_now"] == 10 - done
    assert all(r["score"] == 6 for r in _results(out).values())


def test_over_tls_grades_and_refuses_clients_without_a_signed_certificate(
    tiny_course: Path, tmp_path: Path, write_nb, capsys: pytest.CaptureFixture[str]
) -> None:
    tls = _certificates(tmp_path / "pki")
    subs = _batch(tiny_course, tmp_path / "subs", write_nb, 3, prefix="t")
    c = Cluster(tmp_path / "c", n=1, tls=tls)
    try:
        assert c.address.startswith("tls://127.0.0.1:")
        with dask.config.set(_client_tls(tls)):
            assert _grade(tiny_course, "tiny", subs, tmp_path / "out", "--cluster", c.address) == 0
        assert [r["score"] for r in _results(tmp_path / "out").values()] == [6, 6, 6]
        # No client certificate configured: a clear message before any connection.
        code = _grade(tiny_course, "tiny", subs, tmp_path / "nocert", "--cluster", c.address)
        assert code == 3 and "no client certificate is configured" in capsys.readouterr().err
        # A certificate the cluster's CA did not sign: the handshake is refused.
        foreign = _certificates(tmp_path / "foreign")
        with dask.config.set({**_client_tls(foreign), "distributed.comm.timeouts.connect": "5s"}):
            code = _grade(tiny_course, "tiny", subs, tmp_path / "foreign", "--cluster", c.address)
        assert code == 3 and "cannot reach the Dask scheduler" in capsys.readouterr().err
        for refused in ("nocert", "foreign"):
            assert not list((tmp_path / refused).glob("*/results.json"))
    finally:
        c.stop()
