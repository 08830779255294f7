"""The pure parts: the late policy of assignment.toml and the score it leaves, database URLs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from autograder.course import load_assignment
from autograder.errors import ConfigError, UsageError
from autograder.portal.dburl import database_settings
from autograder.portal.policy import late_days, read_late_policy, score_of

from .conftest import ROOT

DUE = dt.datetime(2026, 12, 18, 23, 59, tzinfo=dt.UTC)


def test_late_days_count_started_days() -> None:
    assert late_days(None, DUE) == 0
    assert late_days(DUE, DUE) == 0
    assert late_days(DUE, DUE + dt.timedelta(seconds=1)) == 1
    assert late_days(DUE, DUE + dt.timedelta(days=1)) == 1
    assert late_days(DUE, DUE + dt.timedelta(days=1, seconds=1)) == 2


def test_the_penalty_takes_a_fraction_of_tests_and_hand_grades_never_below_zero() -> None:
    s = score_of(6, 2, 8, 2, 0.25)
    assert (s.penalty, s.total, s.max_points) == (4, 4, 8)
    assert score_of(6, 0, 6, 9, 0.25).total == 0
    assert score_of(6, 0, 6, 0, 0.25).total == 6


def _course(tmp_path: Path, toml: str) -> Path:
    folder = tmp_path / "assignments" / "tiny"
    shutil.copytree(ROOT / "tests" / "fixtures" / "tiny_course" / "assignments" / "tiny", folder)
    (folder / "assignment.toml").write_text(toml)
    return tmp_path


def test_read_late_policy_from_assignment_toml(tmp_path: Path) -> None:
    root = _course(
        tmp_path,
        'title = "T"\ndue = 2026-12-18T23:59:00Z\n\n[late]\npenalty_per_day = 0.1\n'
        "hard_deadline = 2026-12-21\n",
    )
    policy = read_late_policy(load_assignment(root, "tiny"))
    assert policy.due == DUE and policy.penalty_per_day == 0.1
    assert policy.hard_deadline == dt.datetime(2026, 12, 21, 23, 59, 59, tzinfo=dt.UTC)
    assert "10% off per started day late" in policy.describe()
    bad = _course(tmp_path / "b", "[late]\npenalty = 1\n")
    with pytest.raises(ConfigError, match="penalty_per_day and hard_deadline"):
        read_late_policy(load_assignment(bad, "tiny"))


def test_database_urls(tmp_path: Path) -> None:
    assert database_settings("", tmp_path)["NAME"] == str(tmp_path / "portal.sqlite3")
    pg = database_settings("postgresql://u:p%40ss@127.0.0.1:5433/course", tmp_path)
    assert (pg["ENGINE"], pg["USER"], pg["PASSWORD"], pg["PORT"], pg["NAME"]) == (
        "django.db.backends.postgresql", "u", "p@ss", "5433", "course",
    )  # fmt: skip
    sock = database_settings("postgresql:///course?host=/run/postgresql", tmp_path)
    assert sock["HOST"] == "/run/postgresql"
    with pytest.raises(UsageError):
        database_settings("mysql://x/y", tmp_path)
