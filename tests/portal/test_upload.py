"""Uploads: checked against the release at upload, refused with the reason and nothing stored,
committed (file + row + job) before "received", the same file twice, the size cap, the late
policy."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from autograder.portal.models import Assignment, Job, Submission

from .conftest import DATA, GOOD, client_for, make_user, student_notebook, upload


def _stored_files() -> list[str]:
    return sorted(p.name for p in (DATA / "uploads").rglob("*") if p.is_file())


def test_good_upload_is_committed_before_received(published: str) -> None:
    ada = make_user("ada")
    c = client_for(ada)
    r = upload(c, student_notebook(GOOD))
    assert r.status_code == 302
    sub = Submission.objects.get()
    assert sub.status == "queued" and sub.number == 1 and sub.student == ada
    assert Job.objects.filter(submission=sub, state="queued").count() == 1
    assert (DATA / "uploads" / sub.path).read_bytes() == student_notebook(GOOD)
    page = c.get(r["Location"]).content.decode()
    assert "Received submission #1" in page and "queued" in page


def test_not_a_notebook_of_this_assignment_is_refused_and_nothing_stored(published: str) -> None:
    c = client_for(make_user("ada"))
    hw03 = student_notebook(slug="hw03_flows")
    for data, why in [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (json.dumps({"a": 1}).encode(), "not a Jupyter notebook"),
        (hw03, "not a notebook of Tiny"),
    ]:
        r = upload(c, data)
        assert r.status_code == 400, why
        assert why in r.content.decode(), why
    assert Submission.objects.count() == 0 and Job.objects.count() == 0
    assert _stored_files() == []


def test_fifty_megabytes_of_junk_is_refused_before_it_is_read(published: str) -> None:
    c = client_for(make_user("ada"))
    r = upload(c, b"\0junk" * (10 * 1024 * 1024))  # 50 MiB
    assert r.status_code == 413 and "nothing was stored" in r.content.decode()
    assert Submission.objects.count() == 0 and _stored_files() == []


def test_the_same_file_twice_is_one_submission(published: str) -> None:
    c = client_for(make_user("ada"))
    data = student_notebook(GOOD)
    upload(c, data)
    r = upload(c, data)
    assert Submission.objects.count() == 1 and Job.objects.count() == 1
    assert "identical to your submission #1" in c.get(r["Location"]).content.decode()
    upload(c, student_notebook())  # a different file is a new attempt
    assert sorted(Submission.objects.values_list("number", flat=True)) == [1, 2]


def test_late_days_and_hard_deadline(published: str) -> None:
    a = Assignment.objects.get(slug="tiny")
    a.due = timezone.now() - dt.timedelta(days=1, hours=2)
    a.penalty_per_day = 0.25
    a.save()
    c = client_for(make_user("ada"))
    page = c.get("/a/tiny/").content.decode()
    assert "25% of their score per started day" in page
    r = upload(c, student_notebook(GOOD))
    assert "2 day(s) late" in c.get(r["Location"]).content.decode()
    a.hard_deadline = timezone.now() - dt.timedelta(minutes=1)
    a.save()
    r = upload(c, student_notebook())
    assert r.status_code == 403 and "hard deadline has passed" in r.content.decode()
    assert Submission.objects.count() == 1


def test_unpublished_assignments_are_invisible_to_students(published: str) -> None:
    Assignment.objects.filter(slug="tiny").update(published=False)
    c = client_for(make_user("ada"))
    assert c.get("/a/tiny/").status_code == 404
    assert upload(c, student_notebook(GOOD)).status_code == 404
    assert "Tiny" not in c.get("/").content.decode()
