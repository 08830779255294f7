"""Real grading through the queue and a worker process: scores, feedback, history, the class
report, hand grading of the free-text cell, exports, a corrupted upload, regrade after a
hidden-test fix (through the result cache)."""

from __future__ import annotations

import csv
import io

from autograder.portal.models import Job, ManualCell, Submission

from .conftest import (
    COURSE,
    DATA,
    EXPLAIN,
    GOOD,
    client_for,
    make_user,
    run_worker,
    student_notebook,
    upload,
)


def test_grade_feedback_report_hand_grading_and_exports(published: str) -> None:
    ada, bob, cy = make_user("ada"), make_user("bob"), make_user("cy")
    tess = make_user("tess", staff=True)
    answered = {**GOOD, EXPLAIN: "Because x + x = 2x."}
    upload(client_for(ada), student_notebook(answered))
    upload(client_for(bob), student_notebook())
    upload(client_for(cy), student_notebook(GOOD))
    damaged = Submission.objects.get(student=cy)
    (DATA / "uploads" / damaged.path).write_bytes(b'{"cells": [garbage')  # corrupted on disk
    run_worker(published)

    subs = {s.student.username: s for s in Submission.objects.all()}
    assert {k: s.status for k, s in subs.items()} == {
        "ada": "graded",
        "bob": "graded",
        "cy": "failed",
    }
    assert "damaged on the server" in subs["cy"].error and "upload it again" in subs["cy"].error
    assert Job.objects.filter(state="done").count() == 2
    assert (subs["ada"].auto_score, subs["ada"].max_score, subs["bob"].auto_score) == (6, 6, 0)

    c = client_for(ada)
    page = c.get(f"/s/{subs['ada'].id}/").content.decode()
    assert "6 / 8" in page and "graded" in page  # 6 test points + a 2-point free-text cell
    feedback = c.get(f"/s/{subs['ada'].id}/feedback.html").content.decode()
    assert "test_double_values" in feedback and "graded by hand: explain" in feedback
    assert c.get(f"/s/{subs['ada'].id}/status.json").json()["status"] == "graded"
    assert "could not be graded" in client_for(cy).get(f"/s/{subs['cy'].id}/").content.decode()

    t = client_for(tess)
    cell = ManualCell.objects.get(cell_id=EXPLAIN)
    t.post(
        f"/teach/a/tiny/cell/{cell.id}/",
        {"max_points": "2", "rubric": "1 | says 2x\n1 | one sentence"},
    )
    page = t.get(f"/teach/s/{subs['ada'].id}/").content.decode()
    assert "Because x + x = 2x." in page and "says 2x" in page
    r = t.post(
        f"/teach/s/{subs['ada'].id}/manual/",
        {"cell": cell.id, "items": ["0"], "comment": "Right, but say why addition is linear."},
    )
    assert r.status_code == 302
    page = c.get(f"/s/{subs['ada'].id}/").content.decode()
    assert "7 / 8" in page and "say why addition is linear" in page
    assert (
        "say why addition is linear" in c.get(f"/s/{subs['ada'].id}/feedback.html").content.decode()
    )

    report = t.get("/teach/a/tiny/report.html").content.decode()
    assert "class report" in report and "ada" in report and "cy" in report
    assert "damaged on the server" in report  # the upload that could not be graded is listed
    klass = t.get("/teach/a/tiny/").content.decode()
    assert "7 / 8" in klass and "failed" in klass
    gradebook = list(
        csv.DictReader(io.StringIO(t.get("/teach/a/tiny/export/gradebook.csv").content.decode()))
    )
    assert {r["student"]: r["total"] for r in gradebook} == {"ada": "7", "bob": "0"}
    assert gradebook[0]["graded by hand: explain"] == "1"
    lms = list(csv.reader(io.StringIO(t.get("/teach/a/tiny/export/lms.csv").content.decode())))
    assert lms[0][:2] == ["Identifier", "Grade"] and lms[1][:3] == ["ada", "7", "8"]


def test_regrade_after_a_hidden_test_fix(published: str) -> None:
    ada = make_user("ada")
    tess = make_user("tess", staff=True)
    upload(client_for(ada), student_notebook(GOOD))
    run_worker(published)
    sub = Submission.objects.get()
    assert sub.auto_score == 6
    cache = DATA / "cache" / "tiny" / ".cache"  # the engine's ResultCache layout
    entries = len(list(cache.glob("*.json")))
    t = client_for(tess)
    t.post("/teach/a/tiny/regrade/")  # nothing changed: the cache answers
    run_worker(published)
    assert len(list(cache.glob("*.json"))) == entries
    hidden = COURSE / "assignments" / "tiny" / "tests" / "hidden" / "test_tiny.py"
    original = hidden.read_text()
    try:
        hidden.write_text(
            original.replace("@points(1)\ndef test_add_tensors", "@points(3)\ndef test_add_tensors")
        )
        r = t.post("/teach/a/tiny/regrade/")
        assert r.status_code == 302
        assert "1 submission(s) queued" in t.get("/teach/a/tiny/").content.decode()
        run_worker(published)
    finally:
        hidden.write_text(original)
    sub.refresh_from_db()
    assert (sub.auto_score, sub.max_score, sub.status) == (8, 8, "graded")
    assert len(list(cache.glob("*.json"))) == entries + 1
    assert Job.objects.filter(submission=sub, state="done").count() == 3
