"""Hidden tests: train_ddpm, seen through a spy model (cheap: a few dozen steps, no real training).

The data are a single point m repeated (every x_0 is m), so the noise of every training input is
known on this side: eps = (x_t - sqrt(ab_t) m) / sqrt(1 - ab_t). The spy (support.SpyEps) outputs a
learnable vector c and records x_t, t, y and c at every call, so each returned loss can be recomputed.
"""

import math

import torch
from labcheck import F64, lab_schedule

from autograder import testmodels
from autograder.testing import points

D, K = 8, 4  # data dimension and number of classes of the spy runs
M = torch.linspace(-0.8, 0.8, D)
N_DATA = 64


def _data(seed=0, labels=(0, 1, 2)):
    g = torch.Generator().manual_seed(seed)
    x = M.repeat(N_DATA, 1)
    y = torch.tensor(labels)[torch.randint(0, len(labels), (N_DATA,), generator=g)]
    return x, y


def _run(student, support, T=50, n_iters=40, p_uncond=0.3, seed=3, init=1.5):
    spy = student.remote(support.SpyEps, D, K, init=init, record_inputs=True)
    x, y = _data()
    losses = student.train_ddpm(spy, x, y, T=T, n_iters=n_iters, p_uncond=p_uncond, seed=seed)
    return spy, losses, x, y


def _losses(losses, n_iters):
    assert isinstance(losses, list | tuple), f"train_ddpm should return a list of floats; got {type(losses).__name__}"
    assert len(losses) == n_iters, f"train_ddpm(n_iters={n_iters}) returned {len(losses)} losses"
    vals = [float(v) for v in losses]
    bad = [i for i, v in enumerate(vals) if not math.isfinite(v)]
    assert not bad, f"the loss is not finite from step {bad[0]} on (training diverged)"
    return vals


def _training_calls(spy, n_iters):
    """The spy's records of the calls made with gradients enabled (the training steps)."""
    calls, xs, cs = spy.calls, spy.inputs, spy.c_values
    keep = [i for i, c in enumerate(calls) if c[3]]
    assert len(keep) == n_iters, (
        f"train_ddpm(n_iters={n_iters}) called the model with gradients enabled {len(keep)} times; expected one "
        f"call per step"
    )
    return [calls[i] for i in keep], [xs[i] for i in keep], [cs[i] for i in keep]


def _recovered_eps(x_t, t, alpha_bar):
    ab = alpha_bar[t][:, None]
    return (x_t - ab.sqrt() * M.to(F64)) / (1 - ab).sqrt()


@points(2)
def test_train_returns_losses_and_sets_schedule(student, support):
    """train_ddpm(model, X, y, T, n_iters, p_uncond, seed) trains `model` in place: it returns a list of n_iters
    finite losses (Python floats), stores the lab's schedule (linear betas 0.1/T .. 20/T, cumulative product) as
    model.alpha_bar (float64, length T + 1, alpha_bar[0] = 1), changes the parameters, and is reproducible: the
    same seed gives the same losses and parameters, another seed other losses."""
    spy, losses, _, _ = _run(student, support)
    vals = _losses(losses, 40)
    kinds = sorted({type(v).__name__ for v in losses if type(v) is not float})
    assert not kinds, f"train_ddpm should return Python floats (loss.item()); got {', '.join(kinds)}"
    ab = spy.alpha_bar
    _, want = lab_schedule(50)
    assert isinstance(ab, torch.Tensor) and tuple(ab.shape) == (51,), (
        f"model.alpha_bar should be a tensor of shape (51,) for T = 50; got {type(ab).__name__} "
        f"{tuple(ab.shape) if isinstance(ab, torch.Tensor) else ''}"
    )
    assert torch.allclose(ab.to(F64), want, rtol=1e-6, atol=1e-9), (
        f"model.alpha_bar is not the lab's schedule: off by {float((ab.to(F64) - want).abs().max()):.3g}"
    )
    assert ab.dtype == F64, f"model.alpha_bar should stay float64; got {ab.dtype}"
    c = spy.c_values
    assert c and not torch.equal(c[0], c[-1]), "the parameters never change during training"
    spy2, losses2, _, _ = _run(student, support)
    assert [float(v) for v in losses2] == vals, "two runs with the same seed give different losses"
    assert torch.equal(spy2.c_values[-1], c[-1]), "two runs with the same seed give different parameters"
    _, losses3, _, _ = _run(student, support, seed=4)
    assert [float(v) for v in losses3] != vals, "two different seeds give the same losses"


@points(4)
def test_train_loss_is_noise_mse(student, support):
    """Every training step feeds the model x_t = sqrt(ab_t) x_0 + sqrt(1 - ab_t) eps with eps ~ N(0, I) drawn
    afresh (mean 0, variance 1), and the returned loss of that step is mean((eps - model(x_t, t, y))^2) over the
    batch and the coordinates (F.mse_loss), recomputed here from what the model saw."""
    spy, losses, _, _ = _run(student, support, n_iters=40)
    vals = _losses(losses, 40)
    calls, xs, cs = _training_calls(spy, 40)
    _, alpha_bar = lab_schedule(50)
    all_eps = []
    for k, ((b, t, _, _), x, c) in enumerate(zip(calls, xs, cs, strict=True)):
        t = torch.tensor(t, dtype=torch.long)
        assert int(t.min()) >= 1, f"step {k}: the model was called at t = {int(t.min())}; t is drawn from 1..T"
        eps = _recovered_eps(x, t, alpha_bar)
        all_eps.append(eps)
        want = float(((eps - c[None, :]) ** 2).mean())
        assert math.isclose(vals[k], want, rel_tol=2e-4, abs_tol=1e-6), (
            f"step {k}: train_ddpm reported the loss {vals[k]:.6g}; the mean squared error between the noise in "
            f"x_t and the model's output is {want:.6g}"
        )
    e = torch.cat(all_eps)
    n = e.numel()
    mean, var = float(e.mean()), float(e.var())
    assert abs(mean) <= 5 / math.sqrt(n) + 1e-3, f"the noise in x_t has mean {mean:.3f}; eps ~ N(0, I) has mean 0"
    assert abs(var - 1) <= 5 * math.sqrt(2 / n) + 1e-3, (
        f"the noise in x_t has variance {var:.3f}; eps ~ N(0, I) has variance 1 (is x_t built with sqrt(ab_t) and "
        f"sqrt(1 - ab_t)?)"
    )
    per_step = torch.stack([x.mean() for x in all_eps])
    assert float(per_step.std()) > 0, "the same noise is used at every step"


@points(2)
def test_train_timesteps_uniform(student, support):
    """Training times are drawn uniformly from {1, ..., T}: every t lies in 1..T, both t = 1 and t = T occur, and
    their mean is (T + 1) / 2 within 5 standard errors."""
    T = 50
    spy, losses, _, _ = _run(student, support, T=T, n_iters=40)
    _losses(losses, 40)
    calls, _, _ = _training_calls(spy, 40)
    t = torch.tensor([v for c in calls for v in c[1]], dtype=F64)
    assert int(t.min()) >= 1 and int(t.max()) <= T, f"t ranges over {int(t.min())}..{int(t.max())}; expected 1..{T}"
    assert int(t.min()) == 1 and int(t.max()) == T, (
        f"over {t.numel()} draws t never reached {'1' if int(t.min()) > 1 else T}: is the upper end of randint T + 1?"
    )
    se = math.sqrt((T**2 - 1) / 12 / t.numel())
    assert abs(float(t.mean()) - (T + 1) / 2) <= 5 * se, f"t has mean {float(t.mean()):.2f}; uniform on 1..{T} gives {(T + 1) / 2}"


@points(4)
def test_train_label_dropout(student, support):
    """Label dropout for classifier-free guidance: each training label is replaced by the null label
    (model.n_classes) with probability p_uncond, independently for each sample (binomial fraction within 5
    standard errors; a batch is not dropped as a whole), the other labels are the data's labels; p_uncond = 0 never
    drops, p_uncond = 1 always drops; X and y are not modified."""
    spy, losses, x, y = _run(student, support, p_uncond=0.3, n_iters=40)
    _losses(losses, 40)
    calls, _, _ = _training_calls(spy, 40)
    labels = torch.tensor([v for c in calls for v in c[2]])
    n = labels.numel()
    frac = float((labels == K).float().mean())
    assert abs(frac - 0.3) <= 5 * math.sqrt(0.3 * 0.7 / n), f"p_uncond = 0.3: {frac:.3f} of the labels were null"
    kept = labels[labels != K]
    assert bool(((kept >= 0) & (kept <= 2)).all()), (
        f"the data's labels are 0, 1, 2 but the model saw {sorted(set(kept.tolist()))} besides the null label {K}"
    )
    per_call = [sum(v == K for v in c[2]) / len(c[2]) for c in calls if len(c[2]) > 1]
    assert any(0 < f < 1 for f in per_call), (
        "every training batch has either all or none of its labels dropped: drop each sample's label "
        "independently (one coin per sample, not per batch)"
    )
    for cls in range(3):
        share, want = float((kept == cls).float().mean()), float((y == cls).float().mean())
        assert abs(share - want) <= 5 * math.sqrt(want * (1 - want) / max(kept.numel(), 1)) + 1e-3, (
            f"label {cls} makes {share:.3f} of the kept labels; it makes {want:.3f} of the data"
        )
    for p, expect in ((0.0, 0.0), (1.0, 1.0)):
        spy_p = student.remote(support.SpyEps, D, K, init=0.0)
        out, after = student.remote(
            testmodels.call_keeping_inputs, student.get("train_ddpm"), spy_p, x, y, 50, 3, p, 1
        )
        _losses(out, 3)
        assert after[2] is not None and torch.equal(after[2], y), "train_ddpm modified y in place"
        assert after[1] is not None and torch.equal(after[1], x), "train_ddpm modified X in place"
        seen = torch.tensor([v for c in spy_p.calls if c[3] for v in c[2]])
        got = float((seen == K).float().mean()) if seen.numel() else -1.0
        assert got == expect, f"p_uncond = {p}: {got:.3f} of the labels were null; expected {expect}"


@points(3)
def test_train_gradients_are_reset(student, support):
    """Each optimiser step uses the gradient of that step's loss only (optimizer.zero_grad() every step): after
    training, the parameter's .grad is None, zero, or (up to clipping) the gradient of the last step's loss --
    not the sum of the gradients of all steps."""
    spy, losses, _, _ = _run(student, support, n_iters=30, init=1.5)
    _losses(losses, 30)
    calls, xs, cs = _training_calls(spy, 30)
    _, alpha_bar = lab_schedule(50)
    b, t, _, _ = calls[-1]
    eps = _recovered_eps(xs[-1], torch.tensor(t, dtype=torch.long), alpha_bar)
    last = 2.0 / (b * D) * (cs[-1][None, :] - eps).sum(0)  # d/dc of mean((c - eps)^2)
    g = spy.grad_of_c()
    if g is None or float(g.abs().max()) == 0.0:
        return
    g = g.to(F64)
    cos = float(g @ last / (g.norm() * last.norm()))
    assert cos > 0.999 and float(g.norm()) <= float(last.norm()) * (1 + 1e-3) + 1e-9, (
        f"after training the gradient has norm {float(g.norm()):.4g}, the last step's loss has a gradient of norm "
        f"{float(last.norm()):.4g} (cosine {cos:.4f}): gradients accumulate across steps"
    )


@points(1)
def test_train_defaults(student, support):
    """The defaults of train_ddpm(model, X, y, T=200, n_iters=4000, p_uncond=0.1, seed=0): called with only
    n_iters it runs exactly as with T=200, p_uncond=0.1, seed=0 given (same losses, same steps and labels seen
    by the model, the schedule of T = 200 stored), and without n_iters it returns 4000 losses."""
    x, y = _data()
    runs = []
    for kwargs in ({"n_iters": 30}, {"T": 200, "n_iters": 30, "p_uncond": 0.1, "seed": 0}):
        spy = student.remote(support.SpyEps, D, K, init=1.5)
        losses = _losses(student.train_ddpm(spy, x, y, **kwargs), 30)
        runs.append((losses, [(c[1], c[2]) for c in spy.calls if c[3]], spy.alpha_bar))
    (got, seen, ab), (want, want_seen, _) = runs
    _, schedule = lab_schedule(200)
    assert isinstance(ab, torch.Tensor) and tuple(ab.shape) == (201,), (
        f"train_ddpm without T should store the schedule of T = 200 (201 entries); got "
        f"{tuple(ab.shape) if isinstance(ab, torch.Tensor) else type(ab).__name__}"
    )
    assert torch.allclose(ab.to(F64), schedule, rtol=1e-6, atol=1e-9), "without T, model.alpha_bar is not lab_schedule(200)"
    assert seen == want_seen, (
        "with the defaults the model saw other steps or labels than with T=200, p_uncond=0.1, seed=0 given"
    )
    assert got == want, "with the defaults the losses differ from those with T=200, p_uncond=0.1, seed=0 given"
    spy = student.remote(support.SpyEps, D, K, init=1.5)
    _losses(student.train_ddpm(spy, x, y), 4000)
