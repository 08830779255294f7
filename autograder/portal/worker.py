"""The grading worker (``python -m autograder.portal.worker``): claims jobs, grades with the engine.

A separate process from the web server, which never runs student code. Each job's notebook is
read back from the upload folder and checked against the sha256 recorded at upload; it is
graded by :func:`autograder.commands.runs.grade_submission` on this worker's warm server,
through the result cache (so a regrade after a hidden-test fix grades again, and a regrade with
nothing changed costs nothing). The lease is extended while a grade runs; a worker that dies
leaves the job to the next claim.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

__all__ = ["main"]


class Worker:
    """One worker's grading contexts (one per assignment, replaced when its tests change)."""

    def __init__(self, name: str, sandbox: str) -> None:
        from django.conf import settings

        self.name = name
        self.sandbox = sandbox
        self.course = Path(settings.COURSE_ROOT)
        self.data = Path(settings.DATA_DIR)
        self.workdir = Path(tempfile.mkdtemp(prefix="ag-portal-work-"))
        os.chmod(self.workdir, 0o700)
        self.contexts: dict[str, tuple[str, Any]] = {}

    def context(self, slug: str) -> tuple[Any, str]:
        from ..commands.runs import prepare
        from ..course import load_assignment
        from ..reports.cache import assignment_fingerprint

        a = load_assignment(self.course, slug)
        known = self.contexts.get(slug)
        if known is not None:
            fp = assignment_fingerprint(a, known[1].backend)
            if fp == known[0]:
                return known[1], fp
        # The sandbox never sees the portal's data: other students' uploads, the database.
        ctx = prepare(a, self.sandbox, self.workdir, hide=[self.data])
        fp = assignment_fingerprint(a, ctx.backend)
        self.contexts[slug] = (fp, ctx)
        return ctx, fp

    def run_one(self) -> bool:
        """Claim and grade one job; False when the queue was empty."""
        from . import queue

        c = queue.claim(self.name)
        if c is None:
            return False
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(c, stop), daemon=True)
        beat.start()
        try:
            self._grade(c)
        except Exception as exc:  # the grader's own failure: retried, then reported
            queue.retry_or_fail(c, f"{type(exc).__name__}: {exc}")
        finally:
            stop.set()
            beat.join()
        return True

    def _grade(self, c: Any) -> None:
        from django.utils import timezone

        from ..commands.runs import grade_submission
        from ..commands.submission import Submission as EngineSubmission
        from ..reports.cache import ResultCache
        from . import queue
        from .intake import read_upload
        from .models import Submission
        from .policy import late_days

        sub = Submission.objects.select_related("assignment", "student").get(id=c.submission_id)
        try:
            data = read_upload(sub)
        except OSError as exc:
            queue.give_up(c, f"could not be graded: the stored file is gone ({exc}); upload again")
            return
        if hashlib.sha256(data).hexdigest() != sub.sha256:
            queue.give_up(
                c,
                "could not be graded: the stored copy of this notebook was damaged on the server "
                "(its checksum no longer matches the upload); please upload it again",
            )
            return
        slug = sub.assignment.slug
        ctx, fp = self.context(slug)
        cache = ResultCache(self.data / "cache" / slug, fp)
        result = cache.get(data)
        if result is None:
            print(
                f"worker {self.name}: grading submission {sub.id} (attempt {c.attempt})",
                file=sys.stderr,
                flush=True,
            )
            eng = EngineSubmission(sub.student.username, data, sub.path, sub.uploaded_at)
            result = grade_submission(ctx, eng)
            if result.system_error:
                queue.retry_or_fail(c, result.system_error)
                return
            cache.put(data, result)
        result.student = sub.student.username
        days = late_days(sub.assignment.due, sub.uploaded_at)
        result.late = days > 0
        result.submitted_at = sub.uploaded_at.isoformat()
        payload = json.dumps(dataclasses.asdict(result))

        def record() -> None:
            Submission.objects.filter(id=sub.id).update(
                status=Submission.GRADED,
                result=payload,
                auto_score=result.score,
                max_score=result.max_score,
                late_days=days,
                error="",
                graded_at=timezone.now(),
                fingerprint=fp,
            )

        queue.finish(c, record)

    def close(self) -> None:
        import shutil

        from ..commands.runs import close_servers

        close_servers()
        shutil.rmtree(self.workdir, ignore_errors=True)


def _beat(c: Any, stop: threading.Event) -> None:
    from django.conf import settings
    from django.db import connection

    from . import queue

    try:
        while not stop.wait(max(0.5, float(settings.LEASE_SECONDS) / 3)):
            if not queue.heartbeat(c):
                return
    finally:
        connection.close()


def _pending() -> bool:
    from .models import Job

    return Job.objects.filter(state__in=[Job.QUEUED, Job.RUNNING]).exists()


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m autograder.portal.worker")
    p.add_argument("--sandbox", default=None, help="auto | docker | process (default: settings)")
    p.add_argument("--name", default=f"{socket.gethostname()}:{os.getpid()}")
    p.add_argument("--poll", type=float, default=1.0, help="seconds between looks at the queue")
    p.add_argument("--parent", type=int, default=0, help="exit when this process is gone")
    p.add_argument(
        "--drain", action="store_true", help="exit once no job is queued or running (leased)"
    )
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autograder.portal.settings")
    import django

    django.setup()
    from django.conf import settings

    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    worker = Worker(args.name, args.sandbox or settings.SANDBOX)
    print(f"worker {args.name}: grading with --sandbox {worker.sandbox}", file=sys.stderr)
    try:
        while not stopping.is_set():
            if args.parent and os.getppid() != args.parent:
                break  # the server that started this worker is gone
            if not worker.run_one():
                if args.drain and not _pending():
                    break
                stopping.wait(args.poll)
    except KeyboardInterrupt:
        pass
    finally:
        worker.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
