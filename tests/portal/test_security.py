"""Security, each property a test: students see only their own things; hidden tests, solutions
and uploads are never served; login is rate-limited; cookies are HttpOnly and SameSite; every
state-changing request needs CSRF; teacher actions are refused to students."""

from __future__ import annotations

from django.test import Client, override_settings
from django.urls import get_resolver

from autograder.portal.models import Submission

from .conftest import COURSE, DATA, GOOD, client_for, make_user, student_notebook, upload

STUDENT_URLS = [
    "/s/{id}/",
    "/s/{id}/status.json",
    "/s/{id}/feedback.html",
    "/s/{id}/notebook.ipynb",
]
TEACHER_GET = [
    "/teach/",
    "/teach/roster/",
    "/teach/a/tiny/",
    "/teach/a/tiny/status.json",
    "/teach/a/tiny/report.html",
    "/teach/a/tiny/export/gradebook.csv",
    "/teach/a/tiny/export/lms.csv",
    "/teach/s/{id}/",
    "/teach/s/{id}/feedback.html",
    "/teach/s/{id}/status.json",
]
TEACHER_POST = [
    "/teach/publish/",
    "/teach/roster/",
    "/teach/a/tiny/regrade/",
    "/teach/a/tiny/cell/1/",
    "/teach/s/{id}/manual/",
]


def _two_students() -> tuple[Client, Client, Submission]:
    ada, bob = make_user("ada"), make_user("bob")
    upload(client_for(ada), student_notebook(GOOD))
    sub = Submission.objects.get(student=ada)
    Submission.objects.filter(id=sub.id).update(
        status="graded", auto_score=6, max_score=6, result=""
    )
    return client_for(ada), client_for(bob), sub


def test_a_student_reads_only_their_own_submissions(published: str) -> None:
    ada, bob, sub = _two_students()
    for url in STUDENT_URLS:
        assert bob.get(url.format(id=sub.id)).status_code == 404, url
        assert bob.get(url.format(id=sub.id + 999)).status_code == 404, url
    assert ada.get(f"/s/{sub.id}/").status_code == 200
    assert ada.get(f"/s/{sub.id}/notebook.ipynb").status_code == 200
    assert f"/s/{sub.id}/" not in bob.get("/").content.decode()
    assert f"/s/{sub.id}/" not in bob.get("/a/tiny/").content.decode()


def test_teacher_actions_are_refused_to_a_student_session(published: str) -> None:
    _, bob, sub = _two_students()
    for url in TEACHER_GET:
        assert bob.get(url.format(id=sub.id)).status_code == 403, url
    for url in TEACHER_POST:
        assert bob.post(url.format(id=sub.id), {"slug": "tiny"}).status_code == 403, url
    assert bob.get("/admin/").status_code == 302  # the admin sends non-staff to its login
    anon = Client()
    for url in TEACHER_GET + STUDENT_URLS:
        assert anon.get(url.format(id=sub.id)).status_code == 302, url


def test_every_state_changing_request_needs_csrf(published: str) -> None:
    ada = make_user("ada")
    teacher = make_user("tess", staff=True)
    upload(client_for(ada), student_notebook(GOOD))
    sub = Submission.objects.get()
    strict_student = client_for(ada, csrf=True)
    strict_teacher = client_for(teacher, csrf=True)
    posts = {"/a/tiny/upload/": strict_student, "/logout/": strict_student}
    posts |= {u.format(id=sub.id): strict_teacher for u in TEACHER_POST}
    for url, c in posts.items():
        assert c.post(url, {"slug": "tiny"}).status_code == 403, url
    assert Client(enforce_csrf_checks=True).post("/login/", {"username": "ada"}).status_code == 403
    # Every POST route is in the list above, or is the login form (also refused without CSRF).
    routes = {str(p.pattern) for p in get_resolver().url_patterns}
    assert {"a/<slug:slug>/upload/", "teach/s/<int:sub_id>/manual/", "logout/"} <= routes
    assert Submission.objects.count() == 1


def test_hidden_tests_solutions_and_uploads_are_never_served(published: str) -> None:
    ada, _, sub = _two_students()
    download = ada.get("/a/tiny/notebook.ipynb")
    text = download.content.decode()
    assert (
        "YOUR CODE HERE" in text
        and "return 2 * x" not in text
        and "Explain in one sentence" in text
    )
    hidden = (COURSE / "assignments" / "tiny" / "tests" / "hidden" / "test_tiny.py").read_text()
    probes = [
        "/a/tiny/tests/hidden/test_tiny.py",
        "/a/tiny/../../solutions/tiny/tiny.ipynb",
        "/a/..%2F..%2Fsolutions/notebook.ipynb",
        "/static/../assignments/tiny/tests/hidden/test_tiny.py",
        "/static/portal.sqlite3",
        f"/static/{sub.path}",
        f"/uploads/{sub.path}",
        f"/media/{sub.path}",
        "/solutions/tiny/tiny.ipynb",
        "/release/tiny/tiny.ipynb",
        "/a/hw03_flows/notebook.ipynb",  # not published
    ]
    for url in probes:
        r = ada.get(url)
        assert r.status_code == 404, url
    # The upload folder is in the data folder, outside the package and every static folder.
    stored = (DATA / "uploads" / sub.path).resolve()
    assert stored.is_file() and "autograder/portal" not in str(stored)
    assert hidden.strip() and not any(
        hidden[:200] in ada.get(p).content.decode(errors="replace") for p in ["/", "/a/tiny/"]
    )


def test_login_is_rate_limited(published: str) -> None:
    make_user("ada", password="correct horse battery")
    c = Client()
    for _ in range(5):
        r = c.post("/login/", {"username": "ada", "password": "wrong"})
        assert r.status_code == 401
    r = c.post("/login/", {"username": "ada", "password": "correct horse battery"})
    assert r.status_code == 429 and "Too many failed sign-ins" in r.content.decode()
    assert "_auth_user_id" not in c.session


def test_cookies_are_httponly_and_samesite(published: str) -> None:
    make_user("ada", password="correct horse battery")
    c = Client()
    c.get("/login/")
    r = c.post("/login/", {"username": "ada", "password": "correct horse battery"})
    assert r.status_code == 302
    for name in ("sessionid", "csrftoken"):
        morsel = c.cookies[name]
        assert morsel["httponly"] and morsel["samesite"] == "Lax", name


def test_sign_in_links_change_nothing_on_get(published: str) -> None:
    from autograder.portal.access import make_token

    token = make_token(make_user("ada"))
    c = Client()
    assert "Sign in as ada" in c.get(f"/login/link/{token}/").content.decode()
    assert "_auth_user_id" not in c.session
    assert c.post(f"/login/link/{token}/").status_code == 302
    assert c.session["_auth_user_id"]
    assert Client().get("/login/link/not-a-token/").status_code == 404


def test_passwords_are_stored_hashed_with_a_slow_hasher(published: str) -> None:
    from django.contrib.auth.hashers import make_password

    from .conftest import PORTAL_HASHERS

    assert PORTAL_HASHERS[0].endswith("PBKDF2PasswordHasher")  # Django's default, kept
    with override_settings(PASSWORD_HASHERS=PORTAL_HASHERS):
        stored = make_password("correct horse battery")
    assert stored.startswith("pbkdf2_sha256$") and "correct horse" not in stored
