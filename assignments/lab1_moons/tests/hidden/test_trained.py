"""Hidden trained checks of Lab 1: the student's train_nll and train_cfm are called (fixed seed,
the lab's thread count and wall-clock budget), then judged with the grader's own data (fresh
make_moons sets the student never sees) and the grader's own computations:

* RealNVP: NLL of 5000 fresh moons from forward's z and logdet, after checking on this side that
  the logdet is log|det| of the finite-difference Jacobian and that inverse undoes forward;
* flow matching: samples integrated here (Euler, 100 steps, the grader's noise) from the
  student's field, energy distance to fresh moons over that of two fresh sets; and the NLL of
  fresh moons by the grader's RK4 with finite-difference divergence.

Partial credit: beating a single Gaussian fitted to the data, then the calibrated threshold.
"""

import pytest
import torch
from labcheck import (
    F32,
    F64,
    TEST_SEED,
    check_finite,
    check_tensor,
    energy_ratio,
    fresh_moons,
    max_err,
    randn,
    trusted_cnf_log_prob,
    trusted_euler,
    verified_flow_nll,
)

from autograder.testing import check_losses, points, visibility

# Sizes of the trained checks (the signatures' defaults are larger: 2000 and 3000 steps).
NLL_ITERS = 600
CFM_ITERS = 5000
CFM_LR = 1e-3
N_SAMPLES = 2000
N_NLL_FM = 1000


@pytest.fixture(scope="module")
def realnvp_nll(student, support, calibration):
    student.reseed(calibration.seed)
    model = student.make_realnvp()
    losses = student.train("train_nll", model, n_iters=NLL_ITERS, seed=calibration.seed)
    values = check_losses(losses, "train_nll's losses")
    assert len(values) == NLL_ITERS, f"train_nll(n_iters={NLL_ITERS}) returned {len(values)} losses"
    model64 = student.remote(support.double_copy, model)
    return verified_flow_nll(model64, fresh_moons(5000, TEST_SEED, F64), "the trained RealNVP")


@points(4)
@visibility("hidden")
def test_realnvp_beats_gaussian(realnvp_nll, calibration):
    """The RealNVP trained by your train_nll (600 steps, seed fixed) has a lower NLL on 5000 fresh moons than a single Gaussian fitted to the data (1.88 nats); its likelihood is computed by the grader from forward's z and logdet, checked against finite differences."""
    calibration.beats("realnvp_nll", realnvp_nll, calibration.baseline("realnvp_nll"), "a single Gaussian")


@points(8)
@visibility("hidden")
def test_realnvp_reaches_threshold(realnvp_nll, calibration):
    """The trained RealNVP's NLL on 5000 fresh moons reaches the threshold calibrated on the reference solution (worst of 5 seeds + margin)."""
    calibration.meets("realnvp_nll", realnvp_nll)


@pytest.fixture(scope="module")
def fm_metrics(student, support, calibration):
    student.reseed(calibration.seed)
    flow = student.Flow()
    losses = student.train("train_cfm", flow, n_iters=CFM_ITERS, lr=CFM_LR, seed=calibration.seed)
    values = check_losses(losses, "train_cfm's losses")
    assert len(values) == CFM_ITERS, f"train_cfm(n_iters={CFM_ITERS}) returned {len(values)} losses"
    noise = randn((N_SAMPLES, 2), TEST_SEED + 7, F32)
    samples = trusted_euler(flow, noise, 100, "the trained Flow")
    ratio = energy_ratio(samples, N_SAMPLES)
    flow64 = student.remote(support.double_copy, flow)
    x = fresh_moons(N_NLL_FM, TEST_SEED + 3, F64)
    lp = trusted_cnf_log_prob(flow64, x, 50, "the trained Flow (float64 copy)")
    check_finite(lp, "the log-likelihood of the trained flow")
    # The student's own sampler and likelihood on the trained field agree with the grader's.
    got = check_tensor(student.generate(flow, 200, n_steps=20, seed=4), (200, 2), F32, "generate")
    x0 = torch.randn(200, 2, generator=torch.Generator().manual_seed(4))
    agree_gen = max_err(got, trusted_euler(flow, x0, 20, "the trained Flow"))
    got_lp = check_tensor(student.fm_log_prob(flow64, x[:100]), (100,), F64, "fm_log_prob")
    agree_lp = max_err(got_lp, lp[:100])
    return {"energy_ratio": ratio, "nll": float(-lp.mean()), "gen": agree_gen, "lp": agree_lp}


@points(4)
@visibility("hidden")
def test_fm_samples_beat_gaussian(fm_metrics, calibration):
    """Samples of the field trained by your train_cfm (5000 steps, lr 1e-3, seed fixed), integrated by the grader (Euler, 100 steps), are closer to fresh moons in energy distance (relative to two fresh sets) than samples of a Gaussian fitted to the data."""
    calibration.beats("fm_energy_ratio", fm_metrics["energy_ratio"], calibration.baseline("fm_energy_ratio"), "a Gaussian fitted to the data")


@points(5)
@visibility("hidden")
def test_fm_samples_reach_threshold(fm_metrics, calibration):
    """The energy distance of the trained field's samples to fresh moons (over that of two fresh sets) reaches the threshold calibrated on the reference (worst of 5 seeds + margin)."""
    calibration.meets("fm_energy_ratio", fm_metrics["energy_ratio"])


@points(5)
@visibility("hidden")
def test_fm_likelihood(fm_metrics, calibration):
    """The trained field's NLL of 1000 fresh moons (grader's RK4, 50 steps, finite-difference divergence) beats a single Gaussian (1.88 nats) and reaches the calibrated threshold; your generate and fm_log_prob agree with the grader's integrators on the trained field."""
    assert fm_metrics["gen"] <= 1e-4, (
        f"generate on the trained flow differs from Euler with the same noise by {fm_metrics['gen']:.3g}"
    )
    assert fm_metrics["lp"] <= 1e-5 * (1 + abs(fm_metrics["nll"])), (
        f"fm_log_prob on the trained flow differs from RK4 with the exact divergence by {fm_metrics['lp']:.3g}"
    )
    calibration.beats("fm_nll", fm_metrics["nll"], calibration.baseline("fm_nll"), "a single Gaussian")
    calibration.meets("fm_nll", fm_metrics["nll"])
