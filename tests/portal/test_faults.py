"""Faults: the worker killed mid-grade and restarted, the server killed between upload and
grading. Nothing is lost, nothing is graded twice. (A corrupted upload, 50 MB of junk and the
same file twice are in test_grading and test_upload.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.db import connections

from autograder.portal.models import Job, Submission

from .conftest import (
    GOOD,
    client_for,
    make_user,
    run_worker,
    student_notebook,
    upload,
    wait_for,
    worker_env,
)
from .live import LiveServer


def test_worker_killed_mid_grade_resumes_the_job_exactly_once(published: str) -> None:
    slow = {**GOOD, "answer-double": "import time\ntime.sleep(3)\n" + GOOD["answer-double"]}
    upload(client_for(make_user("ada")), student_notebook(slow))
    env = worker_env(published, AG_PORTAL_LEASE_SECONDS="3")
    cmd = [sys.executable, "-m", "autograder.portal.worker", "--sandbox", "process"]
    connections["default"].close()
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the worker says when the engine starts on the submission
            if "grading submission" in line:
                break
        time.sleep(1.5)  # the student's cell is running in the sandbox now
        assert Job.objects.get().state == "running"
        os.killpg(proc.pid, signal.SIGKILL)  # mid-grade: the job is leased, nothing recorded
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    job = Job.objects.get()
    assert job.state == "running" and job.attempts == 1
    assert Submission.objects.get().status == "grading"
    run_worker(published, AG_PORTAL_LEASE_SECONDS="3")  # waits out the lease, then grades
    job.refresh_from_db()
    sub = Submission.objects.get()
    assert (job.state, job.attempts, sub.status, sub.auto_score) == ("done", 2, "graded", 6)
    assert Job.objects.count() == 1 and Submission.objects.count() == 1


def test_server_killed_between_upload_and_grading_loses_nothing(published: str) -> None:
    make_user("ada", password="correct horse battery", live=True)
    server = LiveServer(published, workers=0).start()
    try:
        s = server.session("ada", "correct horse battery")
        r = server.upload(s, student_notebook(GOOD))
        assert r.status_code == 302
        assert "Received submission #1" in s.get(server.origin + r.headers["Location"]).text
    finally:
        server.kill()  # SIGKILL: no clean shutdown
    assert Submission.objects.get().status == "queued"
    server = LiveServer(published, workers=1).start()
    try:
        wait_for(lambda: Submission.objects.get().status == "graded", 120, "the grade")
    finally:
        server.stop()
    sub = Submission.objects.get()
    assert sub.auto_score == 6 and Job.objects.get().attempts == 1
