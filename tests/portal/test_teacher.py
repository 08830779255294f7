"""Teacher pages in-process, on a submission graded by hand-made engine results (the real
grading is in test_grading): publish, roster import, rubric, hand grading, report, exports,
regrade, unpublish."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from autograder.portal.models import Assignment, Job, ManualCell, Submission
from autograder.reports.results import make_result

from .conftest import EXPLAIN, GOOD, client_for, make_user, student_notebook, upload

COLLECTED = [
    {"name": "test_double_values", "points": 2, "doc": "double", "visibility": "visible"},
    {"name": "test_add_integers", "points": 4, "doc": "add", "visibility": "hidden"},
]


def _graded(sub: Submission, passed: bool) -> None:
    record = {"tests": [{"name": t["name"], "passed": passed, "seconds": 0.1} for t in COLLECTED]}
    r = make_result(sub.student.username, COLLECTED, record)
    Submission.objects.filter(id=sub.id).update(
        status="graded", result=json.dumps(dataclasses.asdict(r)), auto_score=r.score,
        max_score=r.max_score, graded_at=timezone.now(),
    )  # fmt: skip
    Job.objects.filter(submission=sub).update(state="done")


def test_publish_roster_rubric_hand_grade_report_exports(db_url: str) -> None:
    t = client_for(make_user("tess", staff=True))
    assert "tiny" in t.get("/teach/").content.decode()
    r = t.post("/teach/publish/", {"slug": "tiny", "published": "1"})
    assert r["Location"] == "/teach/a/tiny/"
    assert Assignment.objects.get(slug="tiny").published
    assert t.post("/teach/publish/", {"slug": "nope"})["Location"] == "/teach/"

    roster = "username,email,role\nada,ada@example.invalid,student\nbea,,ta\n"
    page = t.post("/teach/roster/", {"roster": SimpleUploadedFile("r.csv", roster.encode())})
    text = page.content.decode()
    assert text.count("/login/link/") == 2
    assert (
        User.objects.get(username="bea").is_staff and not User.objects.get(username="ada").is_staff
    )
    link = text[text.index("/login/link/") :].split("<")[0]
    ada_client = Client()
    assert ada_client.post(link.replace("http://testserver", "")).status_code == 302

    ada = User.objects.get(username="ada")
    upload(client_for(ada), student_notebook({**GOOD, EXPLAIN: "It is 2x."}))
    sub = Submission.objects.get()
    _graded(sub, True)
    cell = ManualCell.objects.get(cell_id=EXPLAIN)
    t.post(f"/teach/a/tiny/cell/{cell.id}/", {"max_points": "3", "rubric": "2 | right\n1 | short"})
    page = t.get(f"/teach/s/{sub.id}/").content.decode()
    assert "It is 2x." in page and "right" in page
    t.post(f"/teach/s/{sub.id}/manual/", {"cell": cell.id, "items": ["0", "1"], "comment": "Good."})
    assert "9 / 9" in t.get(f"/teach/s/{sub.id}/").content.decode()
    t.post(f"/teach/s/{sub.id}/manual/", {"cell": cell.id, "points": "7", "comment": "capped"})
    assert "9 / 9" in t.get(f"/teach/s/{sub.id}/").content.decode()  # kept within the max
    t.post(f"/teach/s/{sub.id}/manual/", {"cell": cell.id, "points": "1", "comment": "Say why."})
    mine = client_for(ada).get(f"/s/{sub.id}/").content.decode()
    assert "7 / 9" in mine and "Say why." in mine

    assert "class report" in t.get("/teach/a/tiny/report.html").content.decode()
    assert t.get("/teach/a/tiny/status.json").json()["counts"] == {"graded": 1}
    rows = list(
        csv.DictReader(io.StringIO(t.get("/teach/a/tiny/export/gradebook.csv").content.decode()))
    )
    assert rows[0]["student"] == "ada" and rows[0]["total"] == "7" and rows[0]["max"] == "9"
    assert "ada,7,9" in t.get("/teach/a/tiny/export/lms.csv").content.decode()
    assert t.get(f"/teach/s/{sub.id}/feedback.html").status_code == 200
    assert t.get(f"/teach/s/{sub.id}/status.json").json()["score"] == 7

    t.post("/teach/a/tiny/regrade/")
    assert Job.objects.filter(submission=sub, state="queued").count() == 1
    t.post("/teach/a/tiny/regrade/")  # already queued: not twice
    assert Job.objects.filter(state="queued").count() == 1
    t.post("/teach/publish/", {"slug": "tiny", "published": "0"})
    assert client_for(ada).get("/a/tiny/").status_code == 404


def test_late_penalty_is_applied_and_shown(published: str) -> None:
    ada = make_user("ada")
    upload(client_for(ada), student_notebook(GOOD))
    sub = Submission.objects.get()
    _graded(sub, True)
    Assignment.objects.filter(slug="tiny").update(penalty_per_day=0.25)
    Submission.objects.filter(id=sub.id).update(late_days=2)
    page = client_for(ada).get(f"/s/{sub.id}/").content.decode()
    assert "3 / 8" in page and "late penalty" in page and "2 day(s)" in page
