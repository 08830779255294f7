"""Feedback and class report pages (rendered in Chromium), the regrade cache, LMS and Gradescope exports."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.cli import main as cli_main

from .conftest import GOOD, grade, student_notebook

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def batch(tiny_course: Path, tmp_path: Path, write_nb) -> tuple[Path, Path]:
    subs = tmp_path / "subs"
    write_nb(subs, "ada", student_notebook(tiny_course, GOOD))
    write_nb(subs, "bob", student_notebook(tiny_course))
    write_nb(
        subs,
        "cy",
        student_notebook(tiny_course, {**GOOD, "answer-add": "def add(x, y):\n    return x - y"}),
    )
    return subs, tmp_path / "out"


def _reused(out: Path) -> tuple[int, int]:
    s = json.loads((out / "summary.json").read_text())
    return s["reused"], s["graded_now"]


def test_report_numbers_gradebook_and_lms_csv(tiny_course: Path, batch: tuple[Path, Path]) -> None:
    subs, out = batch
    results = grade(tiny_course, subs, out)
    assert {k: v["score"] for k, v in results.items()} == {"ada": 6, "bob": 0, "cy": 3}
    report = json.loads((out / "report.json").read_text())
    assert report["full_marks"] == 1 and report["median"] == 3
    hardest = report["tests"][0]
    assert (
        hardest["name"].startswith("test_add") and hardest["passed"] == 1 and hardest["graded"] == 3
    )
    assert any(f["message"] == "not answered yet" for f in hardest["top_failures"])
    rows = list(csv.DictReader((out / "gradebook.csv").read_text().splitlines()))
    assert [r["student"] for r in rows] == ["ada", "bob", "cy"] and rows[2][
        "test_add_integers"
    ] == "0"
    lms = list(csv.DictReader((out / "grades_lms.csv").read_text().splitlines()))
    assert lms[2]["Grade"] == "3" and "test_add_integers" in lms[2]["Feedback comments"]


def test_cache_reuses_adds_invalidates_and_survives_corruption(
    tiny_course: Path, batch: tuple[Path, Path], write_nb
) -> None:
    subs, out = batch
    grade(tiny_course, subs, out)
    assert _reused(out) == (0, 3)
    grade(tiny_course, subs, out)
    assert _reused(out) == (3, 0)
    write_nb(subs, "dee", student_notebook(tiny_course, GOOD, extra_last="print('late')"))
    (subs / "ada.ipynb").write_text(
        json.dumps(student_notebook(tiny_course, GOOD, extra_last="x = 1"))
    )
    (subs / "bob.ipynb").unlink()
    results = grade(tiny_course, subs, out)
    assert _reused(out) == (1, 2) and results["dee"]["score"] == 6
    # the newest two entries are ada's and dee's from the last run (older ones are stale:
    # bob's and ada's first notebook), so breaking them is sure to hit live entries
    entries = sorted((out / ".cache").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    entries[-1].write_text("{ not json")
    entries[-2].write_text(json.dumps({"fingerprint": "other", "result": {}}))
    grade(tiny_course, subs, out)
    assert _reused(out) == (1, 2)  # the broken entries are graded again, cy's is reused
    grade(tiny_course, subs, out, "--force")
    assert _reused(out) == (0, 3)


def test_changing_a_hidden_test_invalidates_the_cache(
    tiny_course: Path, tmp_path: Path, write_nb
) -> None:
    course = tmp_path / "course"
    shutil.copytree(tiny_course, course)
    subs = tmp_path / "subs"
    write_nb(subs, "ada", student_notebook(course, GOOD))
    grade(course, subs, tmp_path / "out")
    hidden = course / "assignments" / "tiny" / "tests" / "hidden" / "test_tiny.py"
    hidden.write_text(hidden.read_text() + "\n# a comment changes the fingerprint too\n")
    grade(course, subs, tmp_path / "out")
    assert _reused(tmp_path / "out") == (0, 1)


@pytest.mark.browser
@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_pages_render_in_chromium_on_a_phone(
    tiny_course: Path, batch: tuple[Path, Path], tmp_path: Path
) -> None:
    sync_playwright = pytest.importorskip(
        "playwright.sync_api", reason="playwright is in the test extra"
    ).sync_playwright
    subs, out = batch
    grade(tiny_course, subs, out)
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto((out / "cy" / "feedback.html").as_uri())
        text = page.inner_text("body")
        page.screenshot(path=str(tmp_path / "feedback.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        page.goto((out / "report.html").as_uri())
        report_text = page.inner_text("body")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        images = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
        browser.close()
    assert (
        "3 / 6" in text
        and "test_add_integers" in text
        and "add(a, b) == a + b for integers." in text
    )
    assert "The details of this hidden test are not shown." in text  # hidden: no assertion message
    assert width <= 390, "the feedback page must not scroll sideways on a phone"
    assert "class report" in report_text and "Mean 3.0, median 3.0 out of 6" in report_text
    assert len(images) == 2 and all(w > 100 for w in images), "both plots are embedded and decode"
    assert all(u.startswith(("file:", "data:")) for u in requests), (
        f"pages must not load anything: {requests}"
    )
    assert (tmp_path / "feedback.png").stat().st_size > 10_000


def test_gradescope_bundle_runs_like_gradescope(
    tiny_course: Path, tmp_path: Path, write_nb
) -> None:
    bundle = tmp_path / "tiny-autograder.zip"
    assert (
        cli_main(
            ["--course", str(tiny_course), "export", "gradescope", "tiny", "--out", str(bundle)]
        )
        == 0
    )
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        assert "run_autograder" in names and "setup.sh" in names
        assert not any("mutants" in n for n in names)
        zf.extractall(root / "source")
    run = root / "source" / "run_autograder"
    os.chmod(run, 0o755)
    write_nb(
        root / "submission",
        "tiny",
        student_notebook(tiny_course, {**GOOD, "answer-add": "def add(x, y):\n    return x - y"}),
    )
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    subprocess.run(["bash", str(run)], env=env, check=True, timeout=600)
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 3 and results["max_score"] == 6
    assert {t["name"]: t["status"] for t in results["tests"]}["test_add_integers"] == "failed"
    assert all(
        {"name", "score", "max_score", "status", "output", "visibility"} <= set(t)
        for t in results["tests"]
    )


def _strip_times(d: object) -> object:
    if isinstance(d, dict):
        return {k: _strip_times(v) for k, v in d.items() if k != "execution_time"}
    if isinstance(d, list):
        return [_strip_times(v) for v in d]
    return d


def test_grading_twice_gives_identical_results(tiny_course: Path, batch: tuple[Path, Path]) -> None:
    subs, out = batch
    first = grade(tiny_course, subs, out)
    second = grade(tiny_course, subs, out, "--force")
    assert _reused(out) == (0, 3)
    assert _strip_times(first) == _strip_times(second)
    assert "Failing test case" not in json.dumps(first["cy"])  # hidden test: example withheld


def test_warm_and_cold_workers_give_identical_results(
    tiny_course: Path, batch: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    subs, out = batch
    warm = grade(tiny_course, subs, out, "--force")
    monkeypatch.setenv("AUTOGRADER_WARM", "0")
    cold = grade(tiny_course, subs, out, "--force")
    assert _strip_times(warm) == _strip_times(cold)


def test_warm_runs_fork_their_first_worker(
    tiny_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm path is really taken (the worker is adopted, not replaced by a cold start)."""
    from autograder.commands.runs import close_servers, grade_cells, prepare
    from autograder.course import load_assignment

    ctx = prepare(load_assignment(tiny_course, "tiny"), "process", tmp_path, hide=[])
    assert ctx.reference_cells
    try:
        warm = grade_cells(ctx, ctx.reference_cells)
        monkeypatch.setenv("AUTOGRADER_WARM", "0")
        cold = grade_cells(ctx, ctx.reference_cells)
    finally:
        close_servers()
    assert (warm["starts"], warm["warm_starts"]) == (1, 1)
    assert (cold["starts"], cold["warm_starts"]) == (1, 0)
    assert [t["passed"] for t in warm["tests"]] == [t["passed"] for t in cold["tests"]]
    assert all(t["passed"] for t in warm["tests"])
