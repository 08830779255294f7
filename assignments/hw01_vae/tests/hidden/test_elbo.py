"""Hidden tests of HW01: the negative ELBO (Monte-Carlo reconstruction term + analytic KL)."""

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from vaecheck import (
    F64,
    balanced_eps,
    check_tensor,
    linear_elbo,
    max_err,
    models,
    ppca,
    ppca_log_marginal,
    ppca_sample,
    randn,
    trusted_elbo,
    trusted_iwae,
    trusted_kl,
)

from autograder.testing import points, visibility


def _three_scalars(out, what):
    assert isinstance(out, tuple | list) and len(out) == 3, (
        f"{what} should return a tuple (nelbo, rec, kl); got {type(out).__name__}"
        + (f" of length {len(out)}" if isinstance(out, tuple | list) else "")
    )
    return [check_tensor(v, (), F64, f"{name} returned by {what} (a scalar, batch mean)")
            for v, name in zip(out, ("nelbo", "rec", "kl"), strict=True)]


@st.composite
def elbo_case(draw):
    b = draw(st.integers(1, 6))
    d = draw(st.one_of(st.just(b), st.integers(1, 6)))
    dz = draw(st.one_of(st.just(b), st.integers(1, 3)))
    s = draw(st.one_of(st.just(b), st.integers(1, 4)))
    kind = draw(st.sampled_from(["mlp", "affine"]))
    obs_logvar = draw(st.sampled_from([0.0, -1.0, 0.7]))
    return b, d, dz, s, kind, obs_logvar, draw(st.integers(0, 10_000))


@points(6)
@visibility("hidden")
@given(case=elbo_case())
@example(case=(3, 3, 3, 3, "mlp", 0.7, 0))
@example(case=(4, 2, 1, 1, "affine", 0.0, 1))
@example(case=(2, 5, 2, 4, "mlp", -1.0, 2))
@settings(max_examples=20)
def test_negative_elbo_value(student, support, case):
    """negative_elbo returns scalars (nelbo, rec, kl), in that order, with nelbo = rec + kl, rec = −mean over the batch and the S samples of log N(x_b; decoder(mu_b + sigma_b eps[s, b]), exp(obs_logvar) I), and kl = batch mean of KL(q(z|x_b) ‖ N(0, I)) in closed form; sample s of data point b uses eps[s, b]; an omitted obs_logvar means 0 (float64, 1e-9 relative)."""
    b, d, dz, s, kind, obs_logvar, seed = case
    enc, dec, local_enc, local_dec = models(student, support, kind, d, dz, seed)
    x, eps = randn((b, d), seed, scale=1.5), randn((s, b, dz), seed + 1)
    if obs_logvar == 0.0:
        what = f"negative_elbo(x, encoder, decoder, eps) with B = {b}, D = {d}, dz = {dz}, S = {s} (obs_logvar omitted)"
        out = student.negative_elbo(x, enc, dec, eps)
    else:
        what = f"negative_elbo with B = {b}, D = {d}, dz = {dz}, S = {s}, obs_logvar = {obs_logvar:g}"
        out = student.negative_elbo(x, enc, dec, eps, obs_logvar)
    nelbo, rec, kl = _three_scalars(out, what)
    w_nelbo, w_rec, w_kl = trusted_elbo(x, local_enc, local_dec, eps, obs_logvar)
    assert max_err(nelbo, rec + kl) <= 1e-12 * (1 + abs(float(nelbo))), (
        f"{what}: nelbo = {float(nelbo):.10g} is not rec + kl = {float(rec + kl):.10g}"
    )
    for name, got, want in (("kl", kl, w_kl), ("rec", rec, w_rec), ("nelbo", nelbo, w_nelbo)):
        assert max_err(got, want) <= 1e-9 * (1 + abs(float(want))), (
            f"{what}: {name} is {float(got):.10g}; expected {float(want):.10g}"
        )


@st.composite
def ppca_case(draw):
    d = draw(st.integers(1, 5))
    dz = draw(st.integers(1, d))
    b = draw(st.one_of(st.just(d), st.integers(1, 6)))
    return d, dz, b, draw(st.integers(0, 10_000))


@points(6)
@visibility("hidden")
@given(case=ppca_case())
@example(case=(3, 2, 3, 0))
@example(case=(4, 4, 2, 1))
@example(case=(1, 1, 5, 2))
@settings(max_examples=15)
def test_negative_elbo_tight_on_ppca(student, support, case):
    """ELBO tightness on probabilistic PCA: with decoder z ↦ Wz + b (orthogonal columns), obs_logvar = log σ² and the encoder returning the exact posterior N(M⁻¹Wᵀ(x − b), σ²M⁻¹), −nelbo equals the batch mean of log p(x) = log N(x; b, WWᵀ + σ²I) (scipy), when the S samples of eps have mean exactly 0 and second moment exactly I (float64, 1e-8 relative)."""
    d, dz, b, seed = case
    m = ppca(d, dz, seed)
    obs_logvar = float(torch.log(torch.tensor(m["sigma2"], dtype=F64)))
    enc = student.remote(support.AffineEncoder, m["A"], m["c"], m["logvar"])
    dec = student.remote(support.LinearDecoder, m["W"], m["b"])
    x = ppca_sample(m, b, seed)
    eps = balanced_eps(b, dz, seed)
    what = f"negative_elbo on a PPCA model (D = {d}, dz = {dz}, B = {b}, σ² = {m['sigma2']:.3g})"
    nelbo, rec, kl = _three_scalars(student.negative_elbo(x, enc, dec, eps, obs_logvar), what)
    log_px = ppca_log_marginal(m, x).mean()
    mu = x @ m["A"].T + m["c"]
    want_kl = trusted_kl(mu, m["logvar"].expand_as(mu)).mean()
    assert max_err(kl, want_kl) <= 1e-9 * (1 + abs(float(want_kl))), (
        f"{what}: kl is {float(kl):.10g}; KL(q ‖ N(0, I)) of the exact posterior is {float(want_kl):.10g}"
    )
    assert max_err(-nelbo, log_px) <= 1e-8 * (1 + abs(float(log_px))), (
        f"{what}: with the exact posterior the ELBO is log p(x) = {float(log_px):.10g} (mean over the batch); "
        f"got −nelbo = {float(-nelbo):.10g}"
    )


@points(3)
@visibility("hidden")
@given(case=ppca_case(), shift=st.floats(0.3, 1.5))
@example(case=(3, 2, 3, 0), shift=0.5)
@settings(max_examples=10)
def test_elbo_below_log_likelihood_for_other_encoders(student, support, case, shift):
    """With an encoder that is NOT the exact posterior, the ELBO is strictly below log p(x), by exactly KL(q(z|x) ‖ p(z|x)) (PPCA, eps with mean exactly 0 and second moment exactly I; float64, 1e-8 relative)."""
    d, dz, b, seed = case
    m = ppca(d, dz, seed)
    obs_logvar = float(torch.log(torch.tensor(m["sigma2"], dtype=F64)))
    a = m["A"] * (1 + 0.3 * randn(m["A"].shape, seed))
    c = m["c"] + shift
    lv = m["logvar"] - shift
    enc = student.remote(support.AffineEncoder, a, c, lv)
    dec = student.remote(support.LinearDecoder, m["W"], m["b"])
    x = ppca_sample(m, b, seed)
    eps = balanced_eps(b, dz, seed + 1)
    what = f"negative_elbo on a PPCA model with a perturbed encoder (D = {d}, dz = {dz}, B = {b})"
    nelbo, _, _ = _three_scalars(student.negative_elbo(x, enc, dec, eps, obs_logvar), what)
    elbo = linear_elbo(x, a, c, lv, m["W"], m["b"], obs_logvar).mean()
    log_px = ppca_log_marginal(m, x).mean()
    gap = float(log_px - elbo)
    assert gap > 1e-6  # the test itself: the encoder is not the posterior
    assert max_err(-nelbo, elbo) <= 1e-8 * (1 + abs(float(elbo))), (
        f"{what}: the ELBO should be log p(x) − KL(q ‖ posterior) = {float(log_px):.8g} − {gap:.6g} = "
        f"{float(elbo):.10g}; got −nelbo = {float(-nelbo):.10g}"
    )


@points(3)
@visibility("hidden")
@given(case=elbo_case())
@example(case=(3, 3, 2, 2, "mlp", 0.0, 0))
@settings(max_examples=8)
def test_negative_elbo_backpropagates(student, support, case):
    """nelbo is differentiable: after nelbo.backward(), every parameter of the encoder and of the decoder has the gradient of the exact negative ELBO (nothing detached; float64, 1e-8 relative)."""
    b, d, dz, s, kind, obs_logvar, seed = case
    enc, dec, local_enc, local_dec = models(student, support, kind, d, dz, seed)
    x, eps = randn((b, d), seed, scale=1.5), randn((s, b, dz), seed + 1)
    out = student.remote(support.elbo_and_grads, student.get("negative_elbo"), x, enc, dec, eps, obs_logvar)
    assert isinstance(out, tuple | list) and len(out) == 2, "support.elbo_and_grads returned something unexpected"
    nelbo, grads = out
    check_tensor(nelbo, (), F64, "nelbo (a scalar)")
    named = sorted(local_enc.named_parameters(), key=lambda kv: kv[0])
    named = [("encoder." + n, p) for n, p in named] + [
        ("decoder." + n, p) for n, p in sorted(local_dec.named_parameters(), key=lambda kv: kv[0])
    ]
    for _, p in named:
        p.grad = None
    with torch.enable_grad():
        mu, lv = local_enc(x)
        z = mu + torch.exp(0.5 * lv) * eps
        mean = local_dec(z)
        log_px = torch.distributions.Normal(mean, torch.exp(torch.tensor(0.5 * obs_logvar, dtype=F64))).log_prob(x)
        want = -log_px.sum(-1).mean() + trusted_kl(mu, lv).mean()
        want.backward()
    assert isinstance(grads, list) and len(grads) == len(named), "the models' parameters could not be read back"
    for (name, p), g in zip(named, grads, strict=True):
        assert g is not None, (
            f"after nelbo.backward() the parameter `{name}` has no gradient: nelbo does not depend on it through autograd"
        )
        g = check_tensor(g, tuple(p.shape), F64, f"the gradient of `{name}`")
        err = max_err(g, p.grad)
        assert err <= 1e-8 * (1 + float(p.grad.abs().max())), f"the gradient of nelbo with respect to `{name}` is off by {err:.3g}"


@points(1)
@visibility("hidden")
@given(case=elbo_case())
@example(case=(3, 3, 2, 2, "mlp", 0.7, 0))
@settings(max_examples=4)
def test_encoder_called_once(student, support, case):
    """negative_elbo and iwae_bound call the encoder exactly once on x (the S or K samples share its (mu, logvar)), and return their right values (float64, 1e-9 relative)."""
    b, d, dz, s, kind, obs_logvar, seed = case
    enc, dec, local_enc, local_dec = models(student, support, kind, d, dz, seed)
    x, eps = randn((b, d), seed, scale=1.5), randn((s, b, dz), seed + 1)
    counted = student.remote(support.CountingEncoder, enc)
    what = f"negative_elbo with B = {b}, D = {d}, dz = {dz}, S = {s}"
    got = _three_scalars(student.negative_elbo(x, counted, dec, eps, obs_logvar), what)
    for name, g, w in zip(("nelbo", "rec", "kl"), got, trusted_elbo(x, local_enc, local_dec, eps, obs_logvar),
                          strict=True):
        assert max_err(g, w) <= 1e-9 * (1 + abs(float(w))), f"{what}: {name} is {float(g):.10g}; expected {float(w):.10g}"
    calls = counted.calls
    assert calls == 1, f"{what} called the encoder {calls} times; call it once on x and reuse (mu, logvar)"
    counted = student.remote(support.CountingEncoder, enc)
    what = f"iwae_bound with B = {b}, D = {d}, dz = {dz}, K = {s}"
    got = check_tensor(student.iwae_bound(x, counted, dec, eps, obs_logvar), (b,), F64, what)
    want = trusted_iwae(x, local_enc, local_dec, eps, obs_logvar)
    err = max_err(got, want)
    assert err <= 1e-9 * (1 + float(want.abs().max())), f"{what} is {got.tolist()}; expected {want.tolist()}"
    calls = counted.calls
    assert calls == 1, f"{what} called the encoder {calls} times; call it once on x and reuse (mu, logvar)"
