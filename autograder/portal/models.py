"""The portal's tables: assignments, submissions, grading jobs, hand grading, logins.

A teacher or TA is a user with ``is_staff``; every other user is a student.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = [
    "Assignment",
    "Job",
    "LoginAttempt",
    "LoginToken",
    "ManualCell",
    "ManualGrade",
    "Submission",
]


class Assignment(models.Model):
    """An assignment of ``release/`` the teacher published (or took back)."""

    slug = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    due = models.DateTimeField(null=True, blank=True)
    hard_deadline = models.DateTimeField(null=True, blank=True)
    penalty_per_day = models.FloatField(default=0.0)  # fraction of the score per started day

    def __str__(self) -> str:
        return self.slug


class ManualCell(models.Model):
    """A free-text (markdown) answer cell of the release, graded by a person with a rubric."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="cells")
    cell_id = models.CharField(max_length=200)
    prompt = models.TextField(blank=True)
    max_points = models.FloatField(default=2.0)
    rubric = models.TextField(blank=True)  # one item a line: "<points> | <what earns them>"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "cell_id"], name="one_cell_per_id")
        ]


class Submission(models.Model):
    """One uploaded notebook: stored file, status, and the engine's result as JSON."""

    QUEUED, GRADING, GRADED, FAILED = "queued", "grading", "graded", "failed"
    STATUSES = [(s, s) for s in (QUEUED, GRADING, GRADED, FAILED)]

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE)
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    number = models.PositiveIntegerField()  # 1, 2, ... per student and assignment
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    path = models.CharField(max_length=500)  # relative to the upload folder
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    result = models.TextField(blank=True)  # SubmissionResult as JSON, once graded
    auto_score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)
    late_days = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # why it could not be graded
    graded_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)  # what it was graded against

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student", "number"], name="one_number_per_attempt"
            )
        ]
        ordering = ["-uploaded_at", "-id"]


class Job(models.Model):
    """A grading job; claimed by one worker at a time under a lease."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATES = [(s, s) for s in (QUEUED, RUNNING, DONE, FAILED)]

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="jobs")
    state = models.CharField(max_length=10, choices=STATES, default=QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=64, blank=True)  # the lease holder's token
    worker = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "lease_until"], name="job_state_lease")]


class ManualGrade(models.Model):
    """A person's grade of one free-text cell of one submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="manual")
    cell = models.ForeignKey(ManualCell, on_delete=models.CASCADE)
    points = models.FloatField()
    checked = models.CharField(max_length=200, blank=True)  # rubric items ticked: "0,2"
    comment = models.TextField(blank=True)
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "cell"], name="one_grade_per_cell")
        ]


class LoginAttempt(models.Model):
    """A failed sign-in, counted for rate limiting by user name and by address."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)


class LoginToken(models.Model):
    """A sign-in link (roster import, demo); only its sha256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, unique=True)
    expires = models.DateTimeField()
