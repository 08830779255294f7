"""Hidden tests: the sampler with the exact noise predictor of a Gaussian mixture fitted to the digits.

One full-covariance Gaussian per digit class, fitted to the training split (labcheck.class_gaussians):
a 10-component mixture whose noised marginals are explicit, so eps* = -sqrt(1 - ab_t) grad log p_t is
exact (support.GaussianMixtureEps; the label y restricts the mixture to class y, the null label 10 uses
all of it). A correct sampler then draws from the mixture itself. Distances are Fréchet distances in the
hidden layer of the grader's digit classifier, between the sampler's output and fresh draws of the mixture
made here; the tolerance is a multiple of the distance between two independent sets of draws (measured
in labcheck's set-up: about 0.8 for 1000 vs 1000 draws; DDPM with the exact oracle gives 0.86, DDIM 50 steps 1.02, DDIM 10 steps 2.7).
"""

import functools

import torch
from labcheck import (
    F64,
    T_LAB,
    accuracy,
    check_samples,
    class_gaussians,
    features,
    fid_features,
    lab_schedule,
)

from autograder.testing import points

N = 1000
FD_MAX = 1.6  # twice the distance between two independent sets of 1000 draws of the mixture (0.79)


@functools.cache
def _local(support):
    means, covs, weights = class_gaussians()
    _, ab = lab_schedule(T_LAB)
    return support.GaussianMixtureEps(ab, means, covs, weights), (ab, means, covs, weights)


def _oracle(student, support):
    local, (ab, means, covs, weights) = _local(support)
    return student.remote(support.GaussianMixtureEps, ab, means, covs, weights), local


@functools.cache
def _draw_features(support, n, seed):
    local, _ = _local(support)
    return features(local.draw(n, seed=seed).numpy())


def _fd_to_mixture(support, x):
    return fid_features(features(x.to(F64).numpy()), _draw_features(support, N, 1234))


@points(5)
def test_oracle_ddpm_reproduces_mixture(student, support):
    """DDPM (eta = 1, all 200 steps, y = None) with the exact noise predictor of the digits' Gaussian mixture
    draws from that mixture: 1000 samples are within a Fréchet distance of 1.6 (grader-classifier features) of
    fresh draws of the mixture."""
    oracle, _ = _oracle(student, support)
    x = check_samples(student.sample(oracle, N, None, 0.0, 1.0, list(range(T_LAB, 0, -1)), 0), N)
    fd = _fd_to_mixture(support, x)
    assert fd <= FD_MAX, f"the DDPM samples are at Fréchet distance {fd:.3f} from the mixture (tolerance {FD_MAX})"


@points(4)
def test_oracle_ddim50_reproduces_mixture(student, support):
    """Deterministic DDIM (eta = 0) with only 50 steps [200, 196, ..., 4] and the exact noise predictor also draws
    from the mixture: Fréchet distance to fresh draws at most 1.6."""
    oracle, _ = _oracle(student, support)
    x = check_samples(student.sample(oracle, N, None, 0.0, 0.0, list(range(T_LAB, 0, -4)), 1), N)
    fd = _fd_to_mixture(support, x)
    assert fd <= FD_MAX, f"the 50-step DDIM samples are at Fréchet distance {fd:.3f} from the mixture (tolerance {FD_MAX})"


@points(5)
def test_oracle_guidance_sharpens_classes(student, support):
    """With the exact class-conditional predictor (labels 0..9, 50 samples each, DDIM 50 steps): w = 0 ignores
    the labels (the grader's classifier finds the requested digit for at most 25 %), w = 1 draws each class's
    Gaussian (at least 80 % recognised), and w = 3 is recognised at least as often as w = 1, and at least 90 %."""
    oracle, _ = _oracle(student, support)
    y = torch.arange(500) % 10
    steps = list(range(T_LAB, 0, -4))
    acc = {}
    for w in (0.0, 1.0, 3.0):
        x = check_samples(student.sample(oracle, 500, y, w, 0.0, steps, 2), 500)
        acc[w] = accuracy(x, y.numpy())
    assert acc[0.0] <= 0.25, f"w = 0 should ignore the labels, yet {acc[0.0]:.0%} of the samples show the requested digit"
    assert acc[1.0] >= 0.8, f"w = 1 (the conditional model): only {acc[1.0]:.0%} of the samples show the requested digit"
    assert acc[3.0] >= max(acc[1.0], 0.9), (
        f"w = 3: {acc[3.0]:.0%} of the samples show the requested digit, against {acc[1.0]:.0%} at w = 1"
    )
