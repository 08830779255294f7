"""Every shipped example submission scores as its name says: `*correct*` full marks, `*untouched*` zero."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.cli import main as cli_main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (REPO / "examples" / "submissions").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_score_as_named(folder: Path, tmp_path: Path) -> None:
    assert (
        cli_main(
            [
                "--course",
                str(REPO),
                "grade",
                folder.name,
                str(folder),
                "--out",
                str(tmp_path),
                "--sandbox",
                "process",
                "--jobs",
                "2",
            ]
        )
        == 0
    )
    scores = {p.parent.name: json.loads(p.read_text()) for p in tmp_path.glob("*/results.json")}
    assert scores, "no example was graded"
    for student, r in scores.items():
        if "correct" in student:
            assert r["score"] == r["max_score"] > 0, f"{student}: {r['score']}/{r['max_score']}"
        if "untouched" in student:
            assert r["score"] == 0, f"{student}: {r['score']}"
            assert all(t["status"] == "failed" for t in r["tests"])
