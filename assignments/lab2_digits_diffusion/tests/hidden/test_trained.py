"""Hidden trained checks of Lab 2: the student's EpsMLP is trained ONCE by their train_ddpm (fixed seed,
the lab's thread count and wall-clock budget) on the 1400 training digits passed by value, then judged
with the grader's own data and code:

* noise-prediction error on the 397 held-out digits at t = T/2 (fresh noise drawn here);
* class-conditional samples (w = 1, labels 0..9 in turn) drawn by the grader's own sampler
  (labcheck.trusted_sample with clip=True: the DDIM/DDPM update with x̂₀ clipped to the pixel range and
  the grader's noise, calling only the trained network's forward), judged by the digits-FID in the hidden
  layer of the grader's classifier, and that classifier's accuracy on guided samples (w = 3).

  Why conditional: the null label is trained on only p_uncond = 10 % of the batches, so the unconditional
  samples of a good network are much worse (reference, seed 0: FID 9.7 vs 3.1 conditional at w = 1, the
  Gaussian-fit baseline 7.45). Judging them would grade the 10 % and not the model;
* the student's own `sample` on the trained network must agree with the grader's sampler.

Partial credit: beating a simple baseline (computed here), then the threshold calibrated on the reference.
"""

import math

import numpy as np
import pytest
import torch
from labcheck import (
    F32,
    F64,
    NULL,
    T_LAB,
    accuracy,
    check_samples,
    digits_fid,
    gaussian_fit_eps_mse,
    gaussian_fit_fid,
    heldout_split,
    lab_schedule,
    min_distance_to_real,
    rel_err,
    train_split,
    trusted_sample,
)

from autograder.testing import check_finite, check_losses, check_tensor, points

# Size of the trained check (the signature's default is 4000 iterations): fits the 90 s budget on 2 threads.
N_ITERS = 3000
TEST_SEED = 20261202
N_FID = 1000
N_CFG = 500
W_CFG = 3.0


class _Remote:
    """The trained network as the trusted sampler sees it: forward calls into the sandbox, by value."""

    def __init__(self, handle, alpha_bar):
        self.handle, self.alpha_bar, self.data_dim, self.n_classes = handle, alpha_bar, 64, NULL

    def __call__(self, x, t, y):
        out = check_tensor(self.handle(x, t, y), (x.shape[0], 64), F32, "the trained EpsMLP's output")
        check_finite(out, "the trained EpsMLP's output")
        return out


@pytest.fixture(scope="module")
def trained(student, calibration):
    student.reseed(calibration.seed)
    X, y = train_split()
    model = student.EpsMLP()
    losses = student.train("train_ddpm", model, X, y, n_iters=N_ITERS, seed=calibration.seed)
    values = check_losses(losses, "train_ddpm's losses")
    assert len(values) == N_ITERS, f"train_ddpm(n_iters={N_ITERS}) returned {len(values)} losses"
    _, want = lab_schedule(T_LAB)
    ab = model.alpha_bar
    assert isinstance(ab, torch.Tensor) and tuple(ab.shape) == (T_LAB + 1,), "model.alpha_bar is not a (201,) tensor"
    assert torch.allclose(ab.to(F64), want, rtol=1e-6, atol=1e-9), "model.alpha_bar is not the lab's schedule"
    net = _Remote(model, want)

    # noise-prediction error on the held-out digits at t = T / 2
    xh, yh = heldout_split()
    x0 = torch.tensor(xh, dtype=F32)
    eps = torch.randn(x0.shape, generator=torch.Generator().manual_seed(TEST_SEED))
    a = float(want[T_LAB // 2])
    x_t = (math.sqrt(a) * x0.to(F64) + math.sqrt(1 - a) * eps.to(F64)).to(F32)
    pred = net(x_t, torch.full((len(x0),), T_LAB // 2), torch.tensor(yh))
    mse = float(((pred.to(F64) - eps.to(F64)) ** 2).mean())

    # samples by the grader's sampler
    balanced = torch.arange(N_FID) % 10
    ddpm = trusted_sample(net, N_FID, balanced, 1.0, 1.0, list(range(T_LAB, 0, -1)), TEST_SEED + 1, clip=True)
    ddim = trusted_sample(net, N_FID, balanced, 1.0, 0.0, list(range(T_LAB, 0, -4)), TEST_SEED + 2, clip=True)
    labels = torch.arange(N_CFG) % 10
    guided = trusted_sample(net, N_CFG, labels, W_CFG, 1.0, list(range(T_LAB, 0, -1)), TEST_SEED + 3, clip=True)

    # the student's own sampler on the trained network agrees with the grader's
    steps = list(range(T_LAB, 0, -10))
    own = check_samples(student.sample(model, 50, labels[:50], W_CFG, 0.5, steps, 7), 50)
    agree = rel_err(own, trusted_sample(net, 50, labels[:50], W_CFG, 0.5, steps, 7))
    return {
        "losses": values,
        "eps_mse": mse,
        "eps_mse_gauss": gaussian_fit_eps_mse(x0, eps, a),
        "fid_ddpm": digits_fid(ddpm),
        "fid_ddim": digits_fid(ddim),
        "copies": float((min_distance_to_real(ddpm) < 0.5).mean()),
        "cfg_accuracy": accuracy(guided, labels.numpy()),
        "agree": agree,
    }


@points(2)
def test_trained_training_run(trained):
    """Your train_ddpm on the 1400 training digits (3000 iterations, fixed seed) returns finite losses that
    decrease (the last 10 % average below the first 10 %), and your sample on the trained network agrees with
    the grader's sampler (guided, eta = 0.5, 20 steps)."""
    v = np.array(trained["losses"])
    k = max(len(v) // 10, 1)
    assert v[-k:].mean() < v[:k].mean(), (
        f"the loss does not decrease: first 10 % average {v[:k].mean():.4f}, last 10 % {v[-k:].mean():.4f}"
    )
    assert trained["agree"] <= 1.0, "on the trained network, your sample differs from the grader's sampler"


@points(3)
def test_eps_mse_beats_gaussian(trained, calibration):
    """On the 397 held-out digits at t = T/2 with fresh noise, the trained network predicts the noise better
    (mean squared error per coordinate) than the exact noise predictor of a single Gaussian fitted to the
    training digits (the best linear denoiser); predicting 0 would give 1.0."""
    calibration.beats("eps_mse", trained["eps_mse"], trained["eps_mse_gauss"], "a Gaussian fitted to the digits")


@points(4)
def test_eps_mse_reaches_threshold(trained, calibration):
    """The held-out noise-prediction error at t = T/2 reaches the threshold calibrated on the reference
    solution (worst of 5 training seeds + margin)."""
    calibration.meets("eps_mse", trained["eps_mse"])


@points(4)
def test_fid_beats_gaussian(trained, calibration):
    """1000 class-conditional DDPM samples (labels 0..9 in turn, w = 1, 200 steps, eta = 1, the grader's sampler
    with x0-hat clipped to [-1, 1] and the grader's noise, your trained network) have a lower digits-FID to the held-out digits than 1000 samples of a Gaussian fitted to the
    training digits; digits-FID = Fréchet distance in the hidden layer of the grader's digit classifier.
    The samples are not copies of real digits."""
    assert trained["copies"] <= 0.05, (
        f"{trained['copies']:.0%} of the samples are (almost) copies of real digits: the model memorises the data"
    )
    calibration.beats("digits_fid", trained["fid_ddpm"], gaussian_fit_fid(N_FID), "a Gaussian fitted to the digits")


@points(5)
def test_fid_reaches_threshold(trained, calibration):
    """The digits-FID of the trained model's DDPM samples reaches the threshold calibrated on the reference
    solution (worst of 5 training seeds + margin)."""
    calibration.meets("digits_fid", trained["fid_ddpm"])


@points(2)
def test_guidance_beats_chance(trained, calibration):
    """With guidance w = 3 (500 samples, labels 0..9, DDPM 200 steps, the grader's clipped sampler), more than half of the samples are read by
    the grader's classifier as the requested digit (chance: 10 %)."""
    calibration.beats("cfg_accuracy", trained["cfg_accuracy"], 0.5, "half of the samples")


@points(3)
def test_guidance_reaches_threshold(trained, calibration):
    """The accuracy of the guided samples (w = 3) reaches the threshold calibrated on the reference solution
    (worst of 5 training seeds - margin)."""
    calibration.meets("cfg_accuracy", trained["cfg_accuracy"])


@points(3)
def test_ddim50_close_to_ddpm(trained, calibration):
    """Deterministic DDIM with 50 steps (eta = 0, w = 1, the grader's clipped sampler) on the trained network keeps the sample quality: its digits-FID
    is at most the DDPM (200 steps) digits-FID + 1.0, and reaches the threshold calibrated on the reference."""
    gap = trained["fid_ddim"] - trained["fid_ddpm"]
    assert gap <= 1.0, (
        f"DDIM 50 steps: digits-FID {trained['fid_ddim']:.3f}, DDPM 200 steps {trained['fid_ddpm']:.3f}: more than +1.0"
    )
    calibration.meets("ddim_fid", trained["fid_ddim"])
