"""Load on the course portal: N students upload within a window before the deadline, over HTTP
on loopback, to a real ``autograder serve`` with its grading workers; every upload must be
accepted and every submission graded for real (the tiny fixture course), none lost or twice.

Prints the accept latency (p50 / p99 of the upload POST, i.e. until the student reads
"received"), how long grading took from the first upload to the last grade, and the checks.
Bounded: loopback only, at most --concurrency requests in flight, --timeout for grading.

    python benchmarks/portal_load.py                       # 200 students, 120 s, SQLite
    python benchmarks/portal_load.py --database postgresql://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
GOOD = {
    "answer-double": "def double(x):\n    return x + x\n",
    "answer-add": "def add(x, y):\n    return y + x\n",
}
WRONG_ADD = {**GOOD, "answer-add": "def add(x, y):\n    return x - y\n"}
EXPECTED = {"good": 6.0, "wrong_add": 3.0, "untouched": 0.0}


def build_course(base: Path) -> Path:
    course = base / "course"
    shutil.copytree(
        ROOT / "tests" / "fixtures" / "tiny_course" / "assignments", course / "assignments"
    )
    subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(course), "release", "tiny"],
        check=True,
        capture_output=True,
    )
    return course


def notebook(course: Path, kind: str, who: str) -> bytes:
    nb = json.loads((course / "release" / "tiny" / "tiny.ipynb").read_text())
    answers = {"good": GOOD, "wrong_add": WRONG_ADD, "untouched": {}}[kind]
    for cell in nb["cells"]:
        if cell.get("id") in answers:
            # A line of its own per student: every file differs, so nothing comes from the cache.
            cell["source"] = f"# {who}\n" + answers[cell["id"]]
    return json.dumps(nb).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_student(origin: str, link: str, data: bytes, at: float) -> tuple[float, int, str]:
    """Sign in with the link, wait for this student's moment, upload; (latency, status, notice)."""
    s = requests.Session()
    s.get(link, timeout=30)
    s.post(link, data={"csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
           headers={"Referer": link}, timeout=30, allow_redirects=False)  # fmt: skip
    page = s.get(f"{origin}/a/tiny/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    time.sleep(max(0.0, at - time.time()))
    t0 = time.perf_counter()
    r = s.post(
        f"{origin}/a/tiny/upload/",
        data={"csrfmiddlewaretoken": token.group(1) if token else ""},
        files={"notebook": ("tiny.ipynb", data, "application/x-ipynb+json")},
        headers={"Referer": f"{origin}/a/tiny/"},
        timeout=120,
        allow_redirects=False,
    )
    latency = time.perf_counter() - t0
    notice = ""
    if r.status_code == 302:
        notice = s.get(origin + r.headers["Location"], timeout=30).text
        notice = "received" if "Received submission #1" in notice else notice[:200]
    return latency, r.status_code, notice


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, default=200)
    p.add_argument("--window", type=float, default=120.0, help="seconds before the deadline")
    p.add_argument("--workers", type=int, default=2, help="grading worker processes")
    p.add_argument("--concurrency", type=int, default=48, help="students in flight at once")
    p.add_argument("--database", default="", help="a PostgreSQL URL (default: SQLite)")
    p.add_argument("--timeout", type=float, default=1800.0, help="give up grading after this")
    args = p.parse_args()

    base = Path(tempfile.mkdtemp(prefix="ag-portal-load-"))
    course = build_course(base)
    data_dir = base / "data"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="autograder.portal.settings",
        AG_PORTAL_DATA=str(data_dir),
        AG_PORTAL_COURSE=str(course),
        AG_PORTAL_DATABASE=args.database,
        AG_PORTAL_SANDBOX="process",
    )
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from autograder.portal.access import make_token
    from autograder.portal.models import Assignment, Job, Submission
    from autograder.portal.teaching import publish

    call_command("migrate", verbosity=0, interactive=False)
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    publish("tiny")
    start = time.time() + 15  # time for every student to sign in first
    deadline = start + args.window
    Assignment.objects.filter(slug="tiny").update(due=dt.datetime.fromtimestamp(deadline, dt.UTC))
    rng = random.Random(0)
    plan = []
    for i in range(args.students):
        name = f"s{i:03d}"
        user = User.objects.create(username=name)
        kind = rng.choices(["good", "wrong_add", "untouched"], [7, 2, 1])[0]
        at = start + rng.uniform(0, args.window * 0.95)
        plan.append(
            (
                name,
                kind,
                f"{origin}/login/link/{make_token(user)}/",
                notebook(course, kind, name),
                at,
            )
        )
    connection.close()
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "autograder",
            "--course",
            str(course),
            "serve",
            "--data",
            str(data_dir),
            "--database",
            args.database,
            "--port",
            str(port),
            "--sandbox",
            "process",
            "--workers",
            str(args.workers),
        ],
        stdout=(base / "serve.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                requests.get(f"{origin}/login/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        print(f"{args.students} students upload within {args.window:g} s before the deadline "
              f"({args.workers} worker(s), {connection.vendor})", flush=True)  # fmt: skip
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            futures = [
                pool.submit(one_student, origin, link, nb, at) for _, _, link, nb, at in plan
            ]
            outcomes = [f.result() for f in futures]
        uploads_done = time.time()
        lat = sorted(o[0] for o in outcomes)
        accepted = sum(1 for o in outcomes if o[1] == 302 and o[2] == "received")
        p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))]
        print(f"accepted {accepted}/{args.students}; accept latency p50 {statistics.median(lat) * 1000:.0f} ms, "
              f"p99 {p99 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms", flush=True)  # fmt: skip
        end = time.time() + args.timeout
        while time.time() < end:
            left = Submission.objects.filter(status__in=["queued", "grading"]).count()
            if not left:
                break
            time.sleep(2)
        finished = time.time()
        connection.close()
        subs = list(Submission.objects.select_related("student"))
        by_student = {s.student.username: s for s in subs}
        graded = [s for s in subs if s.status == "graded"]
        wrong = [
            n for n, k, *_ in plan if n in by_student and by_student[n].auto_score != EXPECTED[k]
        ]
        jobs = list(Job.objects.values_list("submission_id", "state", "attempts"))
        seconds = [json.loads(s.result)["seconds"] for s in graded]
        print(f"graded {len(graded)}/{len(subs)} submissions; grading ended {finished - uploads_done:.1f} s after "
              f"the last upload, {finished - start:.1f} s after the first; engine time per submission "
              f"{statistics.mean(seconds) if seconds else 0:.2f} s mean", flush=True)  # fmt: skip
        checks = {
            "every upload accepted": accepted == args.students,
            "one submission per student, none lost": len(subs) == len(by_student) == args.students,
            "every submission graded": len(graded) == args.students,
            "one job each, done once, first attempt": len(jobs) == args.students
            and len({j[0] for j in jobs}) == args.students
            and all(j[1] == "done" and j[2] == 1 for j in jobs),
            "every score as expected": not wrong,
        }
        for what, ok in checks.items():
            print(f"  {'ok ' if ok else 'FAIL'} {what}")
        return 0 if all(checks.values()) else 1
    finally:
        os.killpg(serve.pid, 15)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, 9)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
