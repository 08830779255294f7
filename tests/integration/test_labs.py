"""Trained checks end to end on the ``tinylab`` fixture: budgets, divergence, feedback,
calibration and validate's calibration and determinism checks (process sandbox)."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from autograder.calibration import parse_calibration
from autograder.cli import main as cli_main
from autograder.commands.calibrate import calibrate_assignment
from autograder.commands.validate import validate_assignment
from autograder.course import load_assignment

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_lab"
COMMITTED = FIXTURE / "assignments" / "tinylab" / "tests" / "hidden" / "calibration.toml"


def _course(tmp: Path, **limits: float) -> Path:
    root = tmp / "lab-course"
    shutil.copytree(FIXTURE / "assignments", root / "assignments")
    if limits:
        toml = root / "assignments" / "tinylab" / "assignment.toml"
        text = toml.read_text()
        for key, value in limits.items():
            text = re.sub(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
        toml.write_text(text)
    assert cli_main(["--course", str(root), "release", "tinylab"]) == 0
    return root


def _submission(root: Path, train_source: str | None) -> dict:
    """The solution notebook, with train_gauss replaced when ``train_source`` is given."""
    nb = json.loads((root / "solutions" / "tinylab" / "tinylab.ipynb").read_text())
    if train_source is not None:
        for cell in nb["cells"]:
            if "def train_gauss" in "".join(cell["source"]):
                cell["source"] = train_source
    return nb


ENDLESS = """
def train_gauss(model, x, n_steps=300, lr=0.05, seed=0):
    losses = []
    while True:
        losses.append(0.0)
"""

DIVERGES = """
def train_gauss(model, x, n_steps=300, lr=0.05, seed=0):
    torch.manual_seed(seed)
    opt = torch.optim.SGD(model.parameters(), lr=1e4)
    losses = []
    for _ in range(n_steps):
        loss = -model.log_prob(x[torch.randint(0, x.shape[0], (64,))]).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss))
    return losses
"""


def test_budget_divergence_and_feedback(tmp_path: Path, write_nb) -> None:
    root = _course(tmp_path, train_seconds=6)
    subs = tmp_path / "subs"
    write_nb(subs, "good", _submission(root, None))
    write_nb(subs, "endless", _submission(root, ENDLESS))
    write_nb(subs, "nan", _submission(root, DIVERGES))
    out = tmp_path / "out"
    args = ["--course", str(root), "grade", "tinylab", str(subs), "--out", str(out)]
    assert cli_main([*args, "--sandbox", "process", "--jobs", "2"]) == 0
    res = {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}
    by_test = {s: {t["name"]: t for t in r["tests"]} for s, r in res.items()}

    assert res["good"]["score"] == 22
    reach = by_test["good"]["test_trained_reaches_threshold"]["output"]
    assert "Measured by the grader: heldout_nll = 0.72" in reach

    # Past the budget: the trained tests fail with the budget's sentence, the others still pass.
    assert res["endless"]["score"] == 6
    stopped = by_test["endless"]["test_trained_reaches_threshold"]["output"]
    assert "training stopped after 6 s (budget)" in stopped
    assert by_test["endless"]["test_log_prob_matches_closed_form"]["status"] == "passed"
    md = (out / "endless" / "feedback.md").read_text()
    assert "## Training" in md and "stopped at the budget" in md and "of a 6 s budget" in md

    # Diverged: a clear message at the step it happened, unit tests keep their points.
    assert res["nan"]["score"] == 6
    diverged = by_test["nan"]["test_training_losses_are_finite"]["output"]
    assert "training diverged: the loss became nan at step" in diverged
    assert "Training `train_gauss` took" in diverged
    good_md = (out / "good" / "feedback.md").read_text()
    assert re.search(r"Training `train_gauss` took \d+\.\d s of a 6 s budget \(returned\)", good_md)


def test_calibrate_is_reproducible_and_validate_checks_it(tmp_path: Path) -> None:
    root = _course(tmp_path)
    a = load_assignment(root, "tinylab")
    metrics, records = calibrate_assignment(a, sandbox="process", jobs=2, seeds=2)
    (m,) = metrics
    assert m.seeds == (0, 1) and m.worst == max(m.values)
    assert m.threshold == pytest.approx(m.worst + 0.05)
    # Same seed, same bits: the committed calibration's seed-0 value comes back exactly.
    committed = parse_calibration(tomllib.loads(COMMITTED.read_text()))["heldout_nll"]
    assert m.values[0] == committed.values[0]
    assert all(t["status"] == "returned" for r in records.values() for t in r["trainings"])

    rep = validate_assignment(a, sandbox="process", jobs=2)
    assert rep.ok, rep.failures
    assert rep.checks["calibrated"] == "1 ok" and rep.checks["deterministic"] == "ok"

    # A stale calibration (the reference no longer gives what was measured) fails validate.
    stale = COMMITTED.read_text().replace(
        f"values = [{committed.values[0]!r}", f"values = [{committed.values[0] + 1.0!r}"
    )
    a.calibration_file.write_text(stale)
    rep = validate_assignment(a, sandbox="process", jobs=2)
    assert not rep.ok
    assert any("[calibrated]" in f and "stale" in f for f in rep.failures), rep.failures


def test_uncalibrated_lab_fails_with_the_command_to_run(tmp_path: Path) -> None:
    root = _course(tmp_path)
    a = load_assignment(root, "tinylab")
    a.calibration_file.unlink()
    rep = validate_assignment(a, sandbox="process", jobs=2)
    assert any("not calibrated" in f for f in rep.failures), rep.failures
    assert cli_main(["--course", str(root), "calibrate", "tinylab", "--seeds", "1"]) == 0
    assert parse_calibration(tomllib.loads(a.calibration_file.read_text()))[
        "heldout_nll"
    ].seeds == (0,)
