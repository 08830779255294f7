"""The grading queue: jobs in the database, claimed under a lease, finished exactly once.

A worker claims the oldest job that is queued or whose lease has run out (its worker died or
was stopped): with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, with one conditional
``UPDATE`` (still queued, or still expired) on SQLite, whose writers are serialised. Each claim
counts an attempt and hands out a fresh token; only the holder of the current token can extend
the lease or record the result, in the same transaction as the job's end, so a result is
recorded once even when a worker that lost its lease comes back. A job whose attempts are used
up ends as "could not be graded" with the last reason, never as a silent zero.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Job, Submission

__all__ = ["Claim", "claim", "enqueue", "finish", "give_up", "heartbeat", "retry_or_fail", "sweep"]


@dataclass(frozen=True)
class Claim:
    job_id: int
    submission_id: int
    token: str
    attempt: int


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=float(settings.LEASE_SECONDS))


def enqueue(submission: Submission) -> Job:
    """A new job for ``submission`` (call inside the transaction that stores it)."""
    Submission.objects.filter(id=submission.id).update(status=Submission.QUEUED)
    return Job.objects.create(submission=submission)


def _available(now: dt.datetime) -> Q:
    expired = Q(state=Job.RUNNING, lease_until__lt=now)
    return (Q(state=Job.QUEUED) | expired) & Q(attempts__lt=settings.MAX_ATTEMPTS)


def _take(job_id: int, token: str, worker: str, now: dt.datetime) -> int:
    return Job.objects.filter(_available(now), id=job_id).update(
        state=Job.RUNNING,
        claim=token,
        worker=worker[:200],
        lease_until=now + _lease(),
        attempts=F("attempts") + 1,
    )


def claim(worker: str) -> Claim | None:
    """The next job for ``worker``, or None when there is nothing to do."""
    sweep()
    token = secrets.token_hex(16)
    for _ in range(20):
        now = timezone.now()
        with transaction.atomic():
            if connection.vendor == "postgresql":
                job = (
                    Job.objects.select_for_update(skip_locked=True)
                    .filter(_available(now))
                    .order_by("id")
                    .first()
                )
                if job is None:
                    return None
                job_id = job.id
            else:
                found = (
                    Job.objects.filter(_available(now))
                    .order_by("id")
                    .values_list("id", flat=True)
                    .first()
                )
                if found is None:
                    return None
                job_id = found
            if not _take(job_id, token, worker, now):
                continue  # another worker was first: try the next one
            job = Job.objects.get(id=job_id)
            Submission.objects.filter(id=job.submission_id).update(status=Submission.GRADING)
            return Claim(job.id, job.submission_id, token, job.attempts)
    return None


def heartbeat(c: Claim) -> bool:
    """Extend the lease; False when it was lost (the job went to another worker)."""
    return bool(
        Job.objects.filter(id=c.job_id, claim=c.token, state=Job.RUNNING).update(
            lease_until=timezone.now() + _lease()
        )
    )


def finish(c: Claim, record: Callable[[], None]) -> bool:
    """End the job and run ``record`` (store the result) in one transaction, if still ours."""
    with transaction.atomic():
        ended = Job.objects.filter(id=c.job_id, claim=c.token, state=Job.RUNNING).update(
            state=Job.DONE, finished_at=timezone.now(), lease_until=None
        )
        if not ended:
            return False
        record()
    return True


def _fail(job_ids: list[int], reason: str) -> None:
    now = timezone.now()
    Job.objects.filter(id__in=job_ids).update(
        state=Job.FAILED, finished_at=now, lease_until=None, last_error=reason
    )
    subs = Job.objects.filter(id__in=job_ids).values_list("submission_id", flat=True)
    Submission.objects.filter(id__in=list(subs)).update(
        status=Submission.FAILED, error=reason, graded_at=now
    )


def retry_or_fail(c: Claim, reason: str) -> str:
    """The grader failed on this job: queue it again, or end it once the attempts are used up."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(id=c.job_id, claim=c.token).first()
        if job is None or job.state != Job.RUNNING:
            return "lost"
        if job.attempts >= settings.MAX_ATTEMPTS:
            _fail([job.id], _final_reason(job.attempts, reason))
            return Job.FAILED
        Job.objects.filter(id=job.id).update(
            state=Job.QUEUED, claim="", lease_until=None, last_error=reason
        )
        Submission.objects.filter(id=job.submission_id).update(status=Submission.QUEUED)
        return Job.QUEUED


def _final_reason(attempts: int, reason: str) -> str:
    return (
        f"could not be graded: the grader failed {attempts} times on this notebook "
        f"(last: {reason.strip()[:2000] or 'no reason given'}). Your teacher has been told."
    )


def sweep() -> int:
    """End the jobs whose workers died on every attempt; how many."""
    now = timezone.now()
    with transaction.atomic():
        dead = list(
            Job.objects.filter(
                state=Job.RUNNING, lease_until__lt=now, attempts__gte=settings.MAX_ATTEMPTS
            ).values_list("id", "attempts", "last_error")
        )
        for job_id, attempts, last in dead:
            why = last or "the grading process stopped (killed, or out of memory) mid-grade"
            _fail([job_id], _final_reason(attempts, why))
    return len(dead)


def give_up(c: Claim, reason: str) -> bool:
    """End the job now as "could not be graded" (nothing a retry would change)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(id=c.job_id, claim=c.token).first()
        if job is None or job.state != Job.RUNNING:
            return False
        _fail([job.id], reason)
    return True
