"""A live portal for fault and browser tests: ``autograder serve`` as its own process (session
leader, so a kill takes its workers too), and a ``requests`` session signed in over HTTP."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.db import connections

from .conftest import COURSE, DATA, free_port, worker_env

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


class LiveServer:
    def __init__(self, url: str, *, workers: int = 1, **env: str) -> None:
        self.db_url = url
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.env = worker_env(url, **env)
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = DATA / f"serve-{self.port}.log"

    def start(self) -> LiveServer:
        connections["default"].close()
        cmd = [sys.executable, "-m", "autograder", "--course", str(COURSE), "serve",
               "--data", str(DATA), "--database", self.db_url, "--port", str(self.port),
               "--sandbox", "process", "--workers", str(self.workers)]  # fmt: skip
        with self.log.open("ab") as fh:
            self.proc = subprocess.Popen(
                cmd, env=self.env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
            )
        end = time.monotonic() + 90
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"the portal exited: {self.log.read_text()}")
            try:
                requests.get(f"{self.origin}/login/", timeout=10)
                return self
            except requests.RequestException:
                time.sleep(0.2)
        self.kill()
        raise AssertionError(f"the portal did not start: {self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL the server and everything it started (its workers, their graders)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def session(self, username: str, password: str) -> requests.Session:
        s = requests.Session()
        s.get(f"{self.origin}/login/", timeout=10)
        r = s.post(
            f"{self.origin}/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": _token(s)},
            headers={"Referer": f"{self.origin}/login/"},
            timeout=10,
            allow_redirects=False,
        )
        assert r.status_code == 302, r.text
        return s

    def upload(self, s: requests.Session, data: bytes, slug: str = "tiny") -> requests.Response:
        page = s.get(f"{self.origin}/a/{slug}/", timeout=10).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page
        return s.post(
            f"{self.origin}/a/{slug}/upload/",
            data={"csrfmiddlewaretoken": token.group(1)},
            files={"notebook": ("nb.ipynb", data, "application/x-ipynb+json")},
            headers={"Referer": f"{self.origin}/a/{slug}/"},
            timeout=60,
            allow_redirects=False,
        )


def _token(s: requests.Session) -> str:
    return str(s.cookies.get("csrftoken", ""))
