"""The portal under test: Django set up in this process on a throw-away data folder, a course
(the tiny fixture with a free-text cell, plus hw03) released into a temporary folder, and the
database fixture parametrized over SQLite and a real PostgreSQL cluster started here.

Grading runs for real, in worker processes (``python -m autograder.portal.worker``), the way
``autograder serve`` runs it.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
_BASE = Path(tempfile.mkdtemp(prefix="ag-portal-test-"))
atexit.register(shutil.rmtree, _BASE, True)
DATA = _BASE / "data"
COURSE = _BASE / "course"
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "autograder.portal.settings",
        "AG_PORTAL_DATA": str(DATA),
        "AG_PORTAL_COURSE": str(COURSE),
        "AG_PORTAL_DATABASE": "",
        "AG_PORTAL_SANDBOX": "process",
        "AG_PORTAL_LEASE_SECONDS": "60",
    }
)
import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Hashing with the real (PBKDF2, ~1 s) hasher in-process makes every sign-in test slow; the live
# servers of the fault and browser tests keep the portal's own settings. test_security checks them.
PORTAL_HASHERS = list(settings.PASSWORD_HASHERS)
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from autograder.portal.dburl import database_settings  # noqa: E402

GOOD = {
    "answer-double": 'def double(x):\n    """2x, same dtype and shape."""\n    return x + x\n',
    "answer-add": 'def add(x, y):\n    """x + y."""\n    return y + x\n',
}
EXPLAIN = "explain"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _build_course() -> None:
    from autograder.cli import main as cli_main

    shutil.copytree(
        ROOT / "tests" / "fixtures" / "tiny_course" / "assignments", COURSE / "assignments"
    )
    nb_path = COURSE / "assignments" / "tiny" / "tiny.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"].insert(
        4,
        {
            "cell_type": "markdown",
            "id": EXPLAIN,
            "metadata": {},
            "source": "Explain in one sentence why `x + x` doubles.\n\n### BEGIN SOLUTION\n"
            "Adding x to itself is 2x.\n### END SOLUTION",
        },
    )
    nb_path.write_text(json.dumps(nb, indent=1))
    assert cli_main(["--course", str(COURSE), "release", "tiny"]) == 0
    for part in ("assignments", "release", "solutions"):
        shutil.copytree(ROOT / part / "hw03_flows", COURSE / part / "hw03_flows")


_build_course()


def student_notebook(answers: dict[str, str] | None = None, slug: str = "tiny") -> bytes:
    nb = json.loads((COURSE / "release" / slug / f"{slug}.ipynb").read_text())
    for cell in nb["cells"]:
        if answers and cell.get("id") in answers:
            cell["source"] = answers[cell["id"]]
    return json.dumps(nb).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """A throw-away PostgreSQL 15 cluster in a temp folder, on 127.0.0.1 and a unix socket,
    run as ``nobody`` when the tests run as root."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="ag-pg-"))
        os.chmod(self.base, 0o755)
        self.data = self.base / "data"
        self.sock = self.base / "sock"
        self.port = free_port()
        self.data.mkdir()
        self.sock.mkdir()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.data, "nobody")
            shutil.chown(self.sock, "nobody")
            shutil.chown(self.base, "nobody")
            self.prefix = ["runuser", "-u", "nobody", "--"]

    def run(self, *cmd: str) -> None:
        subprocess.run([*self.prefix, *cmd], check=True, capture_output=True, cwd=self.base)

    def start(self) -> None:
        self.run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                 "-E", "UTF8", "--no-sync")  # fmt: skip
        opts = f"-k {self.sock} -c listen_addresses=127.0.0.1 -p {self.port} -c fsync=off"
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "log"),
                 "-o", opts, "-w", "start")  # fmt: skip

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if not (PG_BIN / "initdb").is_file():
        pytest.fail(f"PostgreSQL 15 is not installed ({PG_BIN}/initdb): apt-get install postgresql")
    cluster = PgCluster()
    cluster.start()
    yield cluster
    cluster.stop()


def use_database(entry: dict[str, Any]) -> None:
    """Point this process's default connection at another database (the fixture's param)."""
    connections["default"].close()
    connections.settings["default"] = connections.configure_settings({"default": entry})["default"]
    del connections["default"]


_migrated: dict[str, str] = {}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty, migrated portal database on ``request.param``; its URL for worker processes."""
    kind = request.param
    if kind not in _migrated:
        if kind == "sqlite":
            url = f"sqlite:///{_BASE / 'portal.sqlite3'}"
        else:
            cluster = request.getfixturevalue("pg_cluster")
            cluster.create_database("portal")
            url = cluster.url("portal")
        use_database(database_settings(url, DATA))
        call_command("migrate", verbosity=0, interactive=False)
        _migrated[kind] = url
    url = _migrated[kind]
    use_database(database_settings(url, DATA))
    _empty_tables()
    shutil.rmtree(DATA / "uploads", ignore_errors=True)
    shutil.rmtree(DATA / "cache", ignore_errors=True)
    yield url
    connections["default"].close()


def _empty_tables() -> None:
    from django.contrib.sessions.models import Session

    from autograder.portal import models as m

    for model in (m.ManualGrade, m.Job, m.Submission, m.ManualCell, m.Assignment,
                  m.LoginAttempt, m.LoginToken, Session, User):  # fmt: skip
        model.objects.all().delete()


def make_user(
    name: str, *, staff: bool = False, password: str | None = None, live: bool = False
) -> User:
    """A user; ``live``: hashed with the portal's own hasher, for a live server to check."""
    from django.test import override_settings

    user = User.objects.create(username=name, is_staff=staff, is_superuser=staff)
    if password:
        with override_settings(
            PASSWORD_HASHERS=PORTAL_HASHERS if live else settings.PASSWORD_HASHERS
        ):
            user.set_password(password)
        user.save()
    return user


def client_for(user: User, *, csrf: bool = False) -> Client:
    c = Client(enforce_csrf_checks=csrf)
    c.force_login(user)
    return c


def upload(c: Client, data: bytes, slug: str = "tiny", name: str = "nb.ipynb") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post(f"/a/{slug}/upload/", {"notebook": SimpleUploadedFile(name, data)})


def worker_env(url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(AG_PORTAL_DATABASE=url, AG_PORTAL_DATA=str(DATA), AG_PORTAL_COURSE=str(COURSE))
    env.update(extra)
    return env


def run_worker(url: str, *, timeout: float = 240, **extra: str) -> None:
    """Grade everything queued in a worker process, as ``autograder serve`` would."""
    connections["default"].close()  # SQLite: let the worker write
    subprocess.run(
        [sys.executable, "-m", "autograder.portal.worker", "--drain", "--sandbox", "process"],
        env=worker_env(url, **extra),
        check=True,
        timeout=timeout,
    )


def wait_for(pred: Callable[[], bool], timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


@pytest.fixture
def course() -> Path:
    return COURSE


@pytest.fixture
def published(db_url: str) -> str:
    from autograder.portal.teaching import publish

    publish("tiny")
    return db_url
