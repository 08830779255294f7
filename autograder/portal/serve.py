"""``autograder serve``: migrate, (seed the demo), start the grading worker(s), serve HTTP.

The web server is Django's threaded WSGI server bound to loopback by default; put a TLS proxy in
front of it to open it to a network (``AG_PORTAL_SECURE=1`` then marks cookies Secure). The
workers are separate processes (``python -m autograder.portal.worker``), restarted when they die;
a job a dead worker held is picked up again once its lease runs out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from rich.console import Console

__all__ = ["configure", "run_serve"]


def configure(course: Path, data: Path, database: str | None, sandbox: str) -> dict[str, str]:
    """Point the portal's settings at this course and data folder, set Django up; the env."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "autograder.portal.settings",
            "AG_PORTAL_COURSE": str(course.resolve()),
            "AG_PORTAL_DATA": str(data.resolve()),
            "AG_PORTAL_DATABASE": database or "",
            "AG_PORTAL_SANDBOX": sandbox,
        }
    )
    import django

    django.setup()
    return dict(os.environ)


def _start_worker(env: dict[str, str], n: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "autograder.portal.worker", "--name", f"serve-{os.getpid()}-{n}"]
    cmd += ["--parent", str(os.getpid())]  # the worker stops when this server is gone
    return subprocess.Popen(cmd, env=env)


def run_serve(
    course: Path,
    *,
    data: Path,
    database: str | None,
    demo: bool,
    host: str,
    port: int,
    sandbox: str,
    workers: int,
    console: Console,
) -> int:
    env = configure(course, data, database, sandbox)
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    httpd = ThreadedWSGIServer((host, port), WSGIRequestHandler, ipv6=":" in host)
    httpd.daemon_threads = True
    httpd.set_app(StaticFilesHandler(get_wsgi_application()))
    origin = f"http://{host if ':' not in host else f'[{host}]'}:{httpd.server_address[1]}"
    db = connection.vendor
    console.print(f"course portal on {origin}/ ({db}, data in {data.resolve()})", soft_wrap=True)
    if demo:
        from .demo import seed_demo

        for name, link in seed_demo(origin):
            console.print(f"  sign in as {name:8s} {link}", soft_wrap=True, highlight=False)
    connection.close()

    def _term(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _term)
    procs = [_start_worker(env, n) for n in range(workers)]
    server = threading.Thread(target=httpd.serve_forever, daemon=True)
    server.start()
    try:
        while True:
            time.sleep(1)
            for i, p in enumerate(procs):
                if p.poll() is not None:
                    console.print(f"grading worker {i} exited ({p.returncode}); restarting it")
                    procs[i] = _start_worker(env, i)
    except KeyboardInterrupt:
        console.print("stopping")
    finally:
        httpd.shutdown()
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
    return 0
