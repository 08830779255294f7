"""Command line: ``autograder release|check|grade|validate|calibrate|export|serve|image``.

Exit codes (DESIGN.md): 0 done (however badly students scored), 1 a check failed,
2 usage or author error, 3 the system itself failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .errors import AutograderError, UsageError

__all__ = ["main"]

# nbformat imports jsonschema, which imports rfc3987_syntax when it is installed (Jupyter Server
# pulls it in through jupyter-events, so a teacher's Jupyter environment has it); that module
# compiles a Lark grammar at import: 2 s of every command's start-up. It only checks the "iri"
# string format, which no notebook schema uses; without it jsonschema skips that format.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    p.add_argument(
        "--course",
        type=Path,
        default=None,
        help="course root (default: nearest folder with assignments/)",
    )
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("release", help="assignments/ -> release/ + solutions/")
    r.add_argument("ids", nargs="*", metavar="ID")
    r.add_argument(
        "--check", action="store_true", help="exit 1 if release/ or solutions/ are stale"
    )

    c = sub.add_parser("check", help="student self-check: structure + public tests")
    c.add_argument("notebook", type=Path)
    c.add_argument("--sandbox", choices=["auto", "docker", "process"], default="process")

    g = sub.add_parser("grade", help="grade a folder or zip of submissions")
    g.add_argument("id", metavar="ID")
    g.add_argument("submissions", type=Path)
    g.add_argument("--out", type=Path, required=True)
    g.add_argument("--sandbox", choices=["auto", "docker", "process"], default="auto")
    g.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    g.add_argument(
        "--force", action="store_true", help="regrade everything, ignoring cached results"
    )
    g.add_argument(
        "--unconfined",
        action="store_true",
        help="where the process sandbox cannot confine (no namespaces), grade unconfined anyway: "
        "trusted code, or a throw-away container such as Gradescope's",
    )
    g.add_argument(
        "--cluster",
        metavar="ADDRESS",
        default=None,
        help="grade on a Dask cluster (tcp://HOST:8786 or tls://...) instead of local threads",
    )

    v = sub.add_parser(
        "validate", help="CI gate: solutions pass, stubs score zero, mutants are caught"
    )
    v.add_argument("ids", nargs="*", metavar="ID")
    v.add_argument("--sandbox", choices=["auto", "docker", "process"], default="process")
    v.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    v.add_argument(
        "--mutation-score", action="store_true", help="also report automatic mutants that survive"
    )
    v.add_argument(
        "--mutation-limit", type=int, default=40, help="automatic mutants tried per assignment"
    )
    v.add_argument(
        "--mutation-min",
        type=float,
        default=97.5,
        help="with --mutation-score: fail below this score in percent (equivalent mutants "
        "declared in tests/hidden/equivalent.toml do not count)",
    )

    cal = sub.add_parser(
        "calibrate", help="a lab: train the reference on several seeds, store the thresholds"
    )
    cal.add_argument("id", metavar="ID")
    cal.add_argument("--seeds", type=int, default=5, help="calibration seeds 0..N-1 (default 5)")
    cal.add_argument("--sandbox", choices=["auto", "docker", "process"], default="process")
    cal.add_argument("--jobs", type=int, default=os.cpu_count() or 1)

    e = sub.add_parser("export", help="export an assignment for another platform")
    e.add_argument("target", choices=["gradescope"])
    e.add_argument("id", metavar="ID")
    e.add_argument("--out", type=Path, required=True)

    sv = sub.add_parser("serve", help="the course portal: a web app for students and teachers")
    sv.add_argument(
        "--data", type=Path, default=None, help="data folder (default: COURSE/.portal-data)"
    )
    sv.add_argument(
        "--database", default=None, help="postgresql://user:pw@host:port/db (default: SQLite)"
    )
    sv.add_argument(
        "--demo", action="store_true", help="seed a teacher, three students, publish everything"
    )
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--sandbox", choices=["auto", "docker", "process"], default="auto")
    sv.add_argument("--workers", type=int, default=1, help="grading worker processes")

    i = sub.add_parser("image", help="the Docker grading image")
    isub = i.add_subparsers(dest="image_command", required=True)
    ib = isub.add_parser("build", help="build the grading image (works offline)")
    ib.add_argument("--base", default=None, help="base image (default: the offline Debian base)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = _parser().parse_args(argv)
    # Before torch loads anywhere below (trusted runners, warm servers, sandbox zygotes inherit
    # it): idle OpenMP threads sleep instead of spinning on cores other jobs need.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    # Tables (gradebook, validate) stay readable in CI logs, where there is no terminal width.
    console = Console(stderr=False, width=None if sys.stdout.isatty() else 160)
    err = Console(stderr=True)
    try:
        from .course import find_course_root

        root = (args.course.resolve() if args.course else None) or (
            find_course_root() if args.command != "check" else Path.cwd()
        )
        if args.command == "release":
            from .authoring.release import run_release

            return run_release(root, args.ids, check=args.check, console=console)
        if args.command == "grade":
            from .engine.pool import close_servers, start_servers

            if not args.cluster:  # their imports overlap ours and the batch's preparation
                start_servers(args.jobs)
            try:
                from .commands.grade import run_grade

                return run_grade(
                    root,
                    args.id,
                    args.submissions,
                    args.out,
                    sandbox=args.sandbox,
                    jobs=args.jobs,
                    console=console,
                    force=args.force,
                    unconfined=args.unconfined,
                    cluster=args.cluster,
                )
            finally:
                close_servers()
        if args.command == "check":
            from .commands.check import run_check

            return run_check(args.notebook, sandbox=args.sandbox, console=console)
        if args.command == "validate":
            from .commands.validate import run_validate

            return run_validate(
                root,
                args.ids,
                sandbox=args.sandbox,
                jobs=args.jobs,
                mutation_score=args.mutation_score,
                mutation_limit=args.mutation_limit,
                mutation_min=args.mutation_min,
                console=console,
            )
        if args.command == "calibrate":
            from .commands.calibrate import run_calibrate
            from .course import load_assignment

            if args.seeds < 1:
                raise UsageError("--seeds needs at least 1")
            return run_calibrate(
                load_assignment(root, args.id),
                sandbox=args.sandbox,
                jobs=args.jobs,
                seeds=args.seeds,
                console=console,
            )
        if args.command == "export":
            from .reports.export import run_export

            return run_export(root, args.target, args.id, args.out, console=console)
        if args.command == "serve":
            from .portal.serve import run_serve

            return run_serve(
                root,
                data=args.data or root / ".portal-data",
                database=args.database,
                demo=args.demo,
                host=args.host,
                port=args.port,
                sandbox=args.sandbox,
                workers=max(0, args.workers),
                console=console,
            )
        if args.command == "image":
            from .sandbox.image.build import run_image_build

            return run_image_build(root, base=args.base, console=console)
        raise UsageError(f"unknown command {args.command!r}")
    except AutograderError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
