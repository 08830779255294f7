"""Grading on a Dask cluster: the same :func:`~autograder.commands.runs.grade_submission`, run
as tasks on the cluster's workers instead of local threads.

Trust model: the scheduler and the workers are grader-owned machines (as trusted as the machine
running ``grade``); students' code still runs only in each worker's sandbox. What travels:

* the **assignment bundle** (``assignments/<id>``, ``release/<id>``, ``solutions/<id>``: hidden
  tests, solution, limits) as one deterministic tar, scattered once to every worker and unpacked
  there only after its SHA-256 matches the hash the grading client computed (a bundle changed on
  its way is refused);
* each submission's bytes, as data (never executed outside a sandbox);
* functions of this package, pickled by reference: workers run the same installed autograder.

Each worker holds a :class:`WarmGrading` plugin for its whole life: the unpacked bundle and its
grading context, and (through :mod:`autograder.commands.runs`) one warm trusted server per
worker thread, so a submission costs on a cluster what it costs locally. Dask reschedules the
tasks of a worker that dies; a submission on which ``allowed-failures`` workers died ends as
"could not be graded". Use ``tls://`` addresses with Dask's own security configuration
(``distributed.comm.tls.*``) between machines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import tarfile
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import dask
from distributed import Client, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from ..course import Assignment, load_assignment
from ..errors import BundleRejected, SystemFailure
from ..reports.results import SubmissionResult, make_result
from .backend import remove_batch_containers
from .runs import GradeContext, close_servers, grade_submission, prepare
from .submission import Submission

__all__ = [
    "ClusterGrader",
    "WarmGrading",
    "grade_task",
    "make_bundle",
    "unpack_bundle",
    "verify_bundle",
]

PLUGIN_NAME = "autograder-warm-grading"


def _bundle_members(root: Path, assignment_id: str) -> list[Path]:
    tops = [
        f"assignments/{assignment_id}",
        f"release/{assignment_id}",
        f"solutions/{assignment_id}",
    ]
    files: list[Path] = []
    for top in tops:
        folder = root / top
        if folder.is_dir():
            files += [
                p
                for p in folder.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            ]
    return sorted(files)


def make_bundle(a: Assignment) -> tuple[bytes, str]:
    """The assignment as a deterministic tar (same bytes for the same files) and its SHA-256."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for path in _bundle_members(a.root, a.id):
            data = path.read_bytes()
            info = tarfile.TarInfo(path.relative_to(a.root).as_posix())
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    data = buf.getvalue()
    return data, hashlib.sha256(data).hexdigest()


def verify_bundle(data: bytes, expected_sha256: str) -> None:
    """Refuse a bundle whose SHA-256 is not the one the grading client computed."""
    got = hashlib.sha256(data).hexdigest()
    if got != expected_sha256:
        raise BundleRejected(
            f"the assignment bundle received has SHA-256 {got[:16]}..., not the {expected_sha256[:16]}... "
            "the grading client sent: refused (changed on its way?)"
        )


def unpack_bundle(data: bytes, expected_sha256: str, into: Path) -> Path:
    """Verify and unpack a bundle into ``into/<hash>``; the course root it makes."""
    verify_bundle(data, expected_sha256)
    root = into / expected_sha256
    if not root.is_dir():
        tmp = Path(tempfile.mkdtemp(prefix="bundle-", dir=into))
        with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
            tar.extractall(tmp, filter="data")  # no absolute paths, links out or devices
        tmp.rename(root)
    return root


class WarmGrading(WorkerPlugin):
    """A Dask worker plugin: the grading contexts (one per bundle and sandbox) of one worker."""

    name = PLUGIN_NAME

    # Built in setup(), on the worker: the instance itself is pickled to get there.
    contexts: dict[tuple[str, str, bool], GradeContext]
    dir: Path
    lock: threading.Lock

    def setup(self, worker: Any) -> None:
        self.contexts = {}
        self.dir = Path(tempfile.mkdtemp(prefix="ag-cluster-"))
        self.lock = threading.Lock()

    def teardown(self, worker: Any) -> None:
        close_servers()
        for ctx in self.contexts.values():
            remove_batch_containers(ctx.backend)
        shutil.rmtree(self.dir, ignore_errors=True)

    def context(
        self, bundle: bytes, sha: str, assignment_id: str, sandbox: str, unconfined: bool
    ) -> GradeContext:
        key = (sha, sandbox, unconfined)
        verify_bundle(bundle, sha)  # every time (a few ms): what arrives now must be what was sent
        with self.lock:
            ctx = self.contexts.get(key)
            if ctx is None:
                root = unpack_bundle(bundle, sha, self.dir)
                work = Path(tempfile.mkdtemp(prefix="work-", dir=self.dir))
                a = load_assignment(root, assignment_id)
                ctx = prepare(a, sandbox, work, hide=[], unconfined=unconfined)
                self.contexts[key] = ctx
            return ctx


def grade_task(
    bundle: bytes,
    sha: str,
    assignment_id: str,
    sandbox: str,
    unconfined: bool,
    student: str,
    data: bytes,
    origin: str,
    submitted_at: str | None,
) -> dict[str, Any]:
    """One submission, on a worker (the task the client submits); the result as plain data."""
    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, WarmGrading):  # a worker that joined before registration
        plugin = WarmGrading()
        plugin.setup(worker)
        worker.plugins[PLUGIN_NAME] = plugin
    ctx = plugin.context(bundle, sha, assignment_id, sandbox, unconfined)
    when = dt.datetime.fromisoformat(submitted_at) if submitted_at else None
    return asdict(grade_submission(ctx, Submission(student, data, origin, when)))


class ClusterGrader:
    """The grading client's side: connect, ship the bundle once, stream results back."""

    def __init__(
        self, address: str, a: Assignment, sandbox: str, *, unconfined: bool = False
    ) -> None:
        self.assignment = a
        self.sandbox = sandbox
        self.unconfined = unconfined
        self.address = address
        if address.startswith("tls://") and not dask.config.get(
            "distributed.comm.tls.client.cert", None
        ):
            raise SystemFailure(
                f"{address} is a TLS address but no client certificate is configured: export "
                "DASK_DISTRIBUTED__COMM__TLS__CA_FILE, DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT "
                "and DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY (README: grading on a cluster)"
            )
        try:
            self.client = Client(address, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise SystemFailure(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        self.client.register_plugin(WarmGrading(), name=PLUGIN_NAME)
        bundle, self.sha = make_bundle(a)
        self.bundle = self.client.scatter(bundle, broadcast=True, hash=False)

    def close(self) -> None:
        self.client.close(timeout=10)

    def grade(
        self, subs: Iterable[Submission], collected: list[dict[str, Any]]
    ) -> Iterator[tuple[Submission, SubmissionResult]]:
        """Results in completion order; a submission the cluster could not grade gets a
        system error saying why; the scheduler lost raises a SystemFailure."""
        futures = {}
        for sub in subs:
            digest = hashlib.sha256(sub.data).hexdigest()[:16]
            fut = self.client.submit(
                grade_task,
                self.bundle,
                self.sha,
                self.assignment.id,
                self.sandbox,
                self.unconfined,
                sub.student,
                sub.data,
                sub.origin,
                sub.submitted_at.isoformat() if sub.submitted_at else None,
                key=f"grade-{self.assignment.id}-{sub.student}-{digest}",
                pure=False,
            )
            futures[fut.key] = (fut, sub)
        done = 0
        try:
            for fut in as_completed([f for f, _ in futures.values()], loop=self.client.loop):
                sub = futures[fut.key][1]
                try:
                    raw = fut.result()
                    result = SubmissionResult(**raw)
                except KilledWorker as exc:
                    result = make_result(
                        sub.student,
                        collected,
                        None,
                        system_error="could not be graded: every grading worker it was given "
                        f"died while grading it ({exc})",
                    )
                except BundleRejected:
                    raise
                except Exception as exc:
                    if self.client.status != "running":
                        raise
                    result = make_result(
                        sub.student,
                        collected,
                        None,
                        system_error=f"the cluster failed to grade it: {type(exc).__name__}: {exc}",
                    )
                done += 1
                yield sub, result
        except BundleRejected:
            raise
        except Exception as exc:
            if self.client.status == "running":
                raise
            raise SystemFailure(
                f"lost the Dask scheduler at {self.address} after {done} of {len(futures)} "
                "submission(s); their results are cached: run the same command again to grade "
                "the rest"
            ) from exc
