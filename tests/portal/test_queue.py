"""The queue's promises, on both databases: each job is claimed by one worker at a time and
recorded exactly once; a lost lease cannot record; a job that keeps failing ends as "could not
be graded" with the reason after a bounded number of attempts."""

from __future__ import annotations

import threading
import time

from django.db import connection
from django.test import override_settings
from django.utils import timezone

from autograder.portal import queue
from autograder.portal.models import Assignment, Job, Submission

from .conftest import make_user


def _jobs(n: int) -> list[Submission]:
    a = Assignment.objects.get(slug="tiny")
    user = make_user("ada")
    subs = []
    for i in range(n):
        sub = Submission.objects.create(
            assignment=a, student=user, number=i + 1, sha256="0" * 64, size=1, path="x",
            uploaded_at=timezone.now(),
        )  # fmt: skip
        queue.enqueue(sub)
        subs.append(sub)
    return subs


def test_concurrent_workers_claim_each_job_once(published: str) -> None:
    _jobs(24)
    recorded: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            while (c := queue.claim(name)) is not None:

                def record(c: queue.Claim = c) -> None:
                    with lock:
                        recorded.append(c.job_id)

                assert queue.finish(c, record)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(recorded) == sorted(Job.objects.values_list("id", flat=True))
    assert len(set(recorded)) == 24 and set(Job.objects.values_list("state", flat=True)) == {"done"}
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}


def test_an_expired_lease_goes_to_the_next_worker_and_the_old_one_cannot_record(
    published: str,
) -> None:
    _jobs(1)
    with override_settings(LEASE_SECONDS=0.3):
        first = queue.claim("dies")
        assert first is not None and queue.claim("other") is None  # leased
        assert Submission.objects.get().status == "grading"
        time.sleep(0.5)
        second = queue.claim("other")
    assert second is not None and second.job_id == first.job_id and second.attempt == 2
    assert not queue.heartbeat(first)
    assert not queue.finish(first, lambda: None)
    done: list[str] = []
    assert queue.finish(second, lambda: done.append("once"))
    assert done == ["once"] and Job.objects.get().state == "done"
    assert queue.claim("late") is None


def test_a_job_that_keeps_crashing_ends_with_the_reason(published: str) -> None:
    (sub,) = _jobs(1)
    with override_settings(MAX_ATTEMPTS=3):
        outcomes = []
        for _ in range(3):
            c = queue.claim("w")
            assert c is not None
            outcomes.append(queue.retry_or_fail(c, "the trusted runner failed (exit -11)"))
        assert outcomes == ["queued", "queued", "failed"]
        assert queue.claim("w") is None
    sub.refresh_from_db()
    assert sub.status == "failed" and "failed 3 times" in sub.error and "exit -11" in sub.error
    assert Job.objects.get().state == "failed"


def test_a_job_whose_worker_always_dies_ends_with_the_reason(published: str) -> None:
    (sub,) = _jobs(1)
    with override_settings(MAX_ATTEMPTS=2, LEASE_SECONDS=0.2):
        for _ in range(2):
            assert queue.claim("dies") is not None  # and never comes back
            time.sleep(0.3)
        assert queue.claim("next") is None  # the sweep ended it
    sub.refresh_from_db()
    assert sub.status == "failed" and "stopped" in sub.error and "failed 2 times" in sub.error
