"""Trusted-side data, metrics and numerics shared by the Lab 2 hidden tests (never released).

* The data: ``sklearn.datasets.load_digits`` (1797 images of 8×8 pixels in 0..16), scaled to
  x / 16 · 2 − 1 ∈ [−1, 1], split once by a fixed permutation into 1400 training images (passed
  by value to the student's ``train_ddpm``) and 397 held-out images (they never leave this side).
* The feature map of the digits-FID: the hidden layer (ReLU, 128 units) of the grader's
  ``MLPClassifier((128,), random_state=0)`` trained on the training split (98.5 % held-out
  accuracy). Its weights are stored in ``digits_classifier.npz`` (made by
  ``make_classifier.py``), so grading does not depend on scikit-learn's optimiser.
* The Fréchet distance as in HW09, computed here (never by the student's code).
* The GMM oracle's parameters (one full-covariance Gaussian per digit class, fitted to the
  training split), the lab's noise schedule, and an independent float64 re-implementation of the
  sampler (DDIM update + classifier-free guidance) to compare exact chains against.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import numpy as np
import torch

from autograder.testing import check_finite, check_tensor

F32 = torch.float32
F64 = torch.float64
HERE = Path(__file__).resolve().parent
N_TRAIN = 1400
NULL = 10  # the null label of the digits models (n_classes = 10)
T_LAB = 200


# -- data ------------------------------------------------------------------------------------------
@functools.cache
def _digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits  # trusted side only (not in the sandbox image)

    d = load_digits()
    x = d.data.astype(np.float64) / 16.0 * 2.0 - 1.0
    perm = np.random.default_rng(0).permutation(len(x))
    tr, te = perm[:N_TRAIN], perm[N_TRAIN:]
    return x[tr], d.target[tr].astype(np.int64), x[te], d.target[te].astype(np.int64)


def train_split() -> tuple[torch.Tensor, torch.Tensor]:
    """The 1400 training images (float32, (1400, 64)) and labels (int64, (1400,)): sent to the student."""
    x, y, _, _ = _digits()
    return torch.tensor(x, dtype=F32), torch.tensor(y, dtype=torch.long)


def heldout_split() -> tuple[np.ndarray, np.ndarray]:
    """The 397 held-out images (float64) and labels: the grader's, never sent anywhere."""
    _, _, x, y = _digits()
    return x, y


# -- the grader's classifier and the digits-FID ---------------------------------------------------
@functools.cache
def _classifier() -> dict[str, np.ndarray]:
    with np.load(HERE / "digits_classifier.npz") as f:
        return {k: f[k].astype(np.float64) for k in f.files}


def features(x: np.ndarray) -> np.ndarray:
    """The 128 hidden ReLU units of the grader's classifier, (n, 128)."""
    c = _classifier()
    return np.maximum(np.asarray(x, dtype=np.float64) @ c["W1"] + c["b1"], 0.0)


def predict(x: np.ndarray) -> np.ndarray:
    """The grader classifier's digit for each image, (n,) ints."""
    c = _classifier()
    return np.argmax(features(x) @ c["W2"] + c["b2"], axis=1)


def frechet_distance(mu1: np.ndarray, s1: np.ndarray, mu2: np.ndarray, s2: np.ndarray) -> float:
    """||mu1 - mu2||^2 + tr(S1 + S2 - 2 (S1^{1/2} S2 S1^{1/2})^{1/2}), by symmetric eigendecompositions."""
    w, v = np.linalg.eigh(0.5 * (s1 + s1.T))
    root1 = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
    m = root1 @ s2 @ root1
    cross = np.sqrt(np.clip(np.linalg.eigvalsh(0.5 * (m + m.T)), 0.0, None)).sum()
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2.0 * cross)


def fid_features(f1: np.ndarray, f2: np.ndarray) -> float:
    return frechet_distance(f1.mean(0), np.cov(f1, rowvar=False), f2.mean(0), np.cov(f2, rowvar=False))


@functools.cache
def _heldout_features() -> np.ndarray:
    return features(heldout_split()[0])


def digits_fid(samples: np.ndarray | torch.Tensor) -> float:
    """FD between the grader-classifier features of ``samples`` (n, 64) and of the held-out images.

    Samples are clipped to the pixel range [-1, 1] first (as one does before showing an image).
    """
    x = np.clip(np.asarray(torch.as_tensor(samples).detach().to(F64).numpy()), -1.0, 1.0)
    return fid_features(features(x), _heldout_features())


def accuracy(samples: np.ndarray | torch.Tensor, labels: Any) -> float:
    """Fraction of samples the grader's classifier reads as the requested digit."""
    x = np.clip(np.asarray(torch.as_tensor(samples).detach().to(F64).numpy()), -1.0, 1.0)
    return float((predict(x) == np.asarray(labels)).mean())


def check_samples(x: Any, n: int, d: int = 64, what: str = "sample(...)") -> torch.Tensor:
    x = check_tensor(x, (n, d), F32, what)
    check_finite(x, what)
    return x


# -- schedule and baselines ------------------------------------------------------------------------
def lab_schedule(T: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(betas, alpha_bar), float64, length T + 1: the linear schedule rescaled to T steps,
    beta_t evenly spaced from 0.1 / T to 20 / T (1e-4 .. 0.02 at T = 1000), betas[0] = 0."""
    betas = np.zeros(T + 1)
    betas[1:] = np.linspace(0.1 / T, 20.0 / T, T)
    return torch.tensor(betas, dtype=F64), torch.tensor(np.cumprod(1.0 - betas), dtype=F64)


@functools.cache
def class_gaussians(reg: float = 1e-3) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Means (10, 64), covariances (10, 64, 64) (+ reg I) and weights (10,) of the training split,
    one Gaussian per digit: a 10-component GMM fitted to the digits (by class)."""
    x, y, _, _ = _digits()
    means = np.stack([x[y == k].mean(0) for k in range(10)])
    covs = np.stack([np.cov(x[y == k], rowvar=False) + reg * np.eye(64) for k in range(10)])
    weights = np.array([(y == k).mean() for k in range(10)])
    return torch.tensor(means, dtype=F64), torch.tensor(covs, dtype=F64), torch.tensor(weights, dtype=F64)


@functools.cache
def gaussian_fit_fid(n: int, seed: int = 1) -> float:
    """The digits-FID of n samples of one Gaussian fitted to the training split (the baseline)."""
    x, _, _, _ = _digits()
    rng = np.random.default_rng(seed)
    g = rng.multivariate_normal(x.mean(0), np.cov(x, rowvar=False), size=n)
    return digits_fid(g)


def gaussian_fit_eps_mse(x0: torch.Tensor, eps: torch.Tensor, ab: float) -> float:
    """ε-MSE of the exact noise predictor of the Gaussian fit (the best linear denoiser) on x_t."""
    x, _, _, _ = _digits()
    mu, cov = x.mean(0), np.cov(x, rowvar=False)
    xt = math.sqrt(ab) * x0.to(F64).numpy() + math.sqrt(1 - ab) * eps.to(F64).numpy()
    cov_t = ab * cov + (1 - ab) * np.eye(cov.shape[0])
    pred = math.sqrt(1 - ab) * np.linalg.solve(cov_t, (xt - math.sqrt(ab) * mu).T).T
    return float(((pred - eps.to(F64).numpy()) ** 2).mean())


# -- the sampler, independently (float64) ----------------------------------------------------------
def draws(n: int, d: int, seed: int, n_steps: int, eta: float) -> tuple[torch.Tensor, list[torch.Tensor]]:
    """x_T and the z of each step as the notebook specifies: one generator seeded with ``seed``;
    x_T = randn((n, d)) first, then (only when eta > 0) one randn((n, d)) per step."""
    gen = torch.Generator().manual_seed(int(seed))
    x_T = torch.randn((n, d), generator=gen)
    zs = [torch.randn((n, d), generator=gen) for _ in range(n_steps)] if eta > 0 else []
    return x_T, zs


@torch.no_grad()
def guided_eps(model: Any, x: torch.Tensor, t: int, y: torch.Tensor | None, w: float, null: int) -> torch.Tensor:
    n = x.shape[0]
    tt = torch.full((n,), int(t), dtype=torch.long)
    uncond = model(x, tt, torch.full((n,), null, dtype=torch.long)).to(F64)
    if y is None:
        return uncond
    cond = model(x, tt, y).to(F64)
    return uncond + w * (cond - uncond)


@torch.no_grad()
def trusted_sample(
    model: Any,
    n: int,
    y: torch.Tensor | None,
    w: float,
    eta: float,
    timesteps: list[int],
    seed: int,
    *,
    clip: bool = False,
) -> torch.Tensor:
    """The sampler of the notebook, in float64 (the model is fed float32 states, as in the sandbox).

    ``clip=True`` is the grader's judging sampler: at each step x̂₀ is clipped to the pixel range
    [-1, 1] and the noise re-derived from it, ε̂ = (x_t − √ᾱ_t x̂₀)/√(1 − ᾱ_t) (Ho et al.'s
    ``clip_denoised``; diffusers' ``clip_sample`` with ``use_clipped_model_output``). A learned ε
    is least accurate where most pixels sit at exactly −1, and the deterministic DDIM ODE does not
    correct its drift the way DDPM's noise does: on the reference network (3000 iterations, seed 0,
    w = 1) DDIM 50 steps scores FID 8.67 unclipped against DDPM's 3.14; clipped, 3.54 and 3.62.
    """
    ab = model.alpha_bar.to(F64)
    steps = [int(t) for t in timesteps]
    x_T, zs = draws(n, model.data_dim, seed, len(steps), eta)
    x = x_T.to(F64)
    for i, t in enumerate(steps):
        tp = steps[i + 1] if i + 1 < len(steps) else 0
        e = guided_eps(model, x.to(F32), t, y, w, model.n_classes)
        a, ap = float(ab[t]), float(ab[tp])
        x0 = (x - math.sqrt(1 - a) * e) / math.sqrt(a)
        if clip:
            x0 = x0.clamp(-1.0, 1.0)
            e = (x - math.sqrt(a) * x0) / math.sqrt(1 - a)
        sigma = eta * math.sqrt((1 - ap) / (1 - a)) * math.sqrt(max(1 - a / ap, 0.0))
        x = math.sqrt(ap) * x0 + math.sqrt(max(1 - ap - sigma**2, 0.0)) * e
        if sigma > 0:
            x = x + sigma * zs[i].to(F64)
    return x


def rel_err(got: torch.Tensor, want: torch.Tensor) -> float:
    """Largest |got - want| / (1e-4 + 1e-4 |want|): <= 1 means close at float32 accuracy."""
    err = (got.to(F64) - want.to(F64)).abs() / (1e-4 + 1e-4 * want.to(F64).abs())
    return float(err.max()) if err.numel() else 0.0


def min_distance_to_real(samples: np.ndarray | torch.Tensor) -> np.ndarray:
    """For each (clipped) sample, the Euclidean distance to the nearest of the 1797 real digits."""
    x = np.clip(np.asarray(torch.as_tensor(samples).detach().to(F64).numpy()), -1.0, 1.0)
    tr, _, te, _ = _digits()
    real = np.concatenate([tr, te])
    d2 = (x**2).sum(1)[:, None] + (real**2).sum(1)[None, :] - 2.0 * x @ real.T
    return np.sqrt(np.clip(d2.min(1), 0.0, None))
