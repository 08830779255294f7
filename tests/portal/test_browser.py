"""The pages in headless Chromium against a live ``autograder serve`` (SQLite and PostgreSQL):
a student uploads the hw03 example and watches it turn graded; a teacher publishes, watches the
report, grades the free-text cell by hand and exports. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autograder.portal.models import Submission
from autograder.portal.teaching import publish

from .conftest import EXPLAIN, GOOD, ROOT, make_user, student_notebook
from .live import ARTIFACTS, LiveServer

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PASSWORD = "correct horse battery"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run does)"
    ),
]


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium; the test touches the database only before and after it (Playwright's
    sync API runs an event loop, in which Django refuses synchronous queries)."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _shot(page: Any, name: str, db: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"portal-{db}-{name}.png"), full_page=True)


def _sign_in(page: Any, origin: str, username: str) -> None:
    page.goto(f"{origin}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#signin")
    page.wait_for_load_state()


def _db(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def test_student_uploads_hw03_and_watches_it_graded(db_url: str) -> None:
    publish("hw03_flows")
    make_user("alice", password=PASSWORD, live=True)
    server = LiveServer(db_url).start()
    db = _db(db_url)
    seen: list[str] = []
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.on("request", lambda r: seen.append(r.url))
            _sign_in(page, server.origin, "alice")
            page.click("text=HW03")
            _shot(page, "student-assignment", db)
            example = ROOT / "examples" / "submissions" / "hw03_flows" / "alice_correct.ipynb"
            page.set_input_files("#file", str(example))
            page.click("#upload")
            page.wait_for_selector("#notice")
            assert "Received submission #1" in page.inner_text("#notice")
            assert page.inner_text("#status") in ("queued", "grading", "graded")
            _shot(page, "student-received", db)
            page.wait_for_selector("#score", timeout=240_000)  # the page polls, then reloads
            assert page.inner_text("#status") == "graded"
            score = page.inner_text("#score")
            frame = page.frame_locator("iframe[title=feedback]")
            assert "HW03" in frame.locator("h1").inner_text()
            _shot(page, "student-graded", db)
    finally:
        server.stop()
    sub = Submission.objects.get()
    assert score == f"{sub.auto_score:g} / {sub.max_score:g}" and sub.auto_score == sub.max_score
    assert all(u.startswith(server.origin) for u in seen), "the pages load nothing from outside"


def test_teacher_publishes_watches_the_report_grades_by_hand_and_exports(
    db_url: str, tmp_path: Path
) -> None:
    make_user("tess", staff=True, password=PASSWORD, live=True)
    make_user("ada", password=PASSWORD, live=True)
    server = LiveServer(db_url).start()
    db = _db(db_url)
    path, lms = tmp_path / "gradebook.csv", tmp_path / "lms.csv"
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            _sign_in(page, server.origin, "tess")
            assert "/teach/" in page.url
            page.click("#publish-tiny")
            page.wait_for_selector("#notice")
            assert "is published" in page.inner_text("#notice")
            page.fill("textarea[name=rubric]", "1 | says it is 2x\n1 | one sentence")
            page.click("text=Save rubric")
            page.wait_for_selector("#notice")
            ada = server.session("ada", PASSWORD)
            r = server.upload(ada, student_notebook({**GOOD, EXPLAIN: "x + x is 2x."}))
            assert r.status_code == 302
            report = page.frame_locator("#report")
            report.locator("text=ada").first.wait_for(timeout=120_000)  # reloads itself
            _shot(page, "teacher-report", db)
            page.reload()  # the class table is rendered with the page
            page.click("#class a")
            page.wait_for_selector(".manual-form")
            assert "x + x is 2x." in page.inner_text("pre.answer")
            page.check("input[name=items][value='0']")
            page.fill("textarea[name=comment]", "Say why, too.")
            page.click("text=Save grade")
            page.wait_for_selector("#notice")
            assert "explain: 1 / 2 saved" in page.inner_text("#notice")
            assert page.inner_text("#score") == "7 / 8"
            _shot(page, "teacher-hand-graded", db)
            page.goto(f"{server.origin}/teach/a/tiny/")
            with page.expect_download() as dl:
                page.click("#export-gradebook")
            dl.value.save_as(str(path))
            with page.expect_download() as dl:
                page.click("#export-lms")
            dl.value.save_as(str(lms))
    finally:
        server.stop()
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    assert [(r["student"], r["total"], r["max"]) for r in rows] == [("ada", "7", "8")]
    assert "ada,7,8" in lms.read_text()
