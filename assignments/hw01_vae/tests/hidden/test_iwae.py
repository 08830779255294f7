"""Hidden tests of HW01: the importance weighted bound (IWAE)."""

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from vaecheck import (
    F64,
    balanced_eps,
    check_finite,
    check_tensor,
    iwae_with_grad,
    linear_elbo,
    max_err,
    models,
    ppca,
    ppca_log_marginal,
    ppca_sample,
    randn,
    trusted_iwae,
)

from autograder.testing import points, visibility


@st.composite
def iwae_case(draw):
    b = draw(st.integers(1, 6))
    d = draw(st.one_of(st.just(b), st.integers(1, 6)))
    dz = draw(st.one_of(st.just(b), st.integers(1, 3)))
    k = draw(st.one_of(st.just(b), st.integers(1, 6)))
    kind = draw(st.sampled_from(["mlp", "affine"]))
    obs_logvar = draw(st.sampled_from([0.0, -1.0, 0.7]))
    return b, d, dz, k, kind, obs_logvar, draw(st.integers(0, 10_000))


@points(5)
@visibility("hidden")
@given(case=iwae_case())
@example(case=(3, 3, 3, 3, "mlp", 0.7, 0))
@example(case=(4, 2, 1, 1, "affine", 0.0, 1))
@example(case=(2, 5, 2, 6, "mlp", -1.0, 2))
@settings(max_examples=20)
def test_iwae_value(student, support, case):
    """iwae_bound has shape (B,) (one bound per data point, not averaged over the batch) and equals log (1/K) Σ_k p(x, z_k) / q(z_k | x) with z_k = mu + sigma eps[k], log p(x, z) = log N(x; decoder(z), exp(obs_logvar) I) + log N(z; 0, I); an omitted obs_logvar means 0 (float64, 1e-9 relative)."""
    b, d, dz, k, kind, obs_logvar, seed = case
    enc, dec, local_enc, local_dec = models(student, support, kind, d, dz, seed)
    x, eps = randn((b, d), seed, scale=1.5), randn((k, b, dz), seed + 1)
    if obs_logvar == 0.0:
        what = f"iwae_bound(x, encoder, decoder, eps) with B = {b}, D = {d}, dz = {dz}, K = {k} (obs_logvar omitted)"
        out = student.iwae_bound(x, enc, dec, eps)
    else:
        what = f"iwae_bound with B = {b}, D = {d}, dz = {dz}, K = {k}, obs_logvar = {obs_logvar:g}"
        out = student.iwae_bound(x, enc, dec, eps, obs_logvar)
    got = check_tensor(out, (b,), F64, what)
    want = trusted_iwae(x, local_enc, local_dec, eps, obs_logvar)
    err = max_err(got, want)
    assert err <= 1e-9 * (1 + float(want.abs().max())), f"{what} is {got.tolist()}; expected {want.tolist()}"


@points(4)
@visibility("hidden")
@given(d=st.integers(1, 5), dz=st.integers(1, 5), b=st.integers(1, 6), k=st.sampled_from([1, 2, 7]),
       seed=st.integers(0, 10_000))
@example(d=3, dz=2, b=3, k=1, seed=0)
@example(d=4, dz=4, b=4, k=7, seed=1)
@settings(max_examples=15)
def test_iwae_exact_posterior(student, support, d, dz, b, k, seed):
    """On probabilistic PCA with the exact posterior as encoder, every importance weight p(x, z)/q(z|x) equals p(x): iwae_bound = log p(x) = log N(x; b, WWᵀ + σ²I) (scipy) for every data point, every K and every eps — with K = 1 this is the single-sample ELBO (float64, 1e-8 relative)."""
    dz = min(dz, d)
    m = ppca(d, dz, seed)
    obs_logvar = float(torch.log(torch.tensor(m["sigma2"], dtype=F64)))
    enc = student.remote(support.AffineEncoder, m["A"], m["c"], m["logvar"])
    dec = student.remote(support.LinearDecoder, m["W"], m["b"])
    x = ppca_sample(m, b, seed)
    eps = randn((k, b, dz), seed + 5, scale=1.5)
    what = f"iwae_bound on a PPCA model with the exact posterior (D = {d}, dz = {dz}, B = {b}, K = {k})"
    got = check_tensor(student.iwae_bound(x, enc, dec, eps, obs_logvar), (b,), F64, what)
    want = ppca_log_marginal(m, x)
    err = max_err(got, want)
    assert err <= 1e-8 * (1 + float(want.abs().max())), f"{what} is {got.tolist()}; log p(x) = {want.tolist()}"


@points(4)
@visibility("hidden")
def test_iwae_increases_with_K(student, support):
    """With an encoder that is not the exact posterior (PPCA), the batch mean of IWAE_K increases with K = 1, 10, 100 and stays below the mean log p(x); each value matches log (1/K) Σ_k w_k (float64, 1e-9 relative)."""
    for seed, (d, dz) in enumerate([(4, 2), (3, 3)]):
        m = ppca(d, dz, 100 + seed)
        obs_logvar = float(torch.log(torch.tensor(m["sigma2"], dtype=F64)))
        a, c, lv = m["A"] * 0.6, m["c"] + 0.4, m["logvar"] - 0.7
        enc = student.remote(support.AffineEncoder, a, c, lv)
        dec = student.remote(support.LinearDecoder, m["W"], m["b"])
        local_enc, local_dec = support.AffineEncoder(a, c, lv), support.LinearDecoder(m["W"], m["b"])
        b = 128
        x = ppca_sample(m, b, seed)
        log_px = float(ppca_log_marginal(m, x).mean())
        means = []
        for k in (1, 10, 100):
            eps = randn((k, b, dz), 1000 * seed + k)
            what = f"iwae_bound with K = {k} (PPCA, D = {d}, dz = {dz}, B = {b}, an approximate posterior)"
            got = check_tensor(student.iwae_bound(x, enc, dec, eps, obs_logvar), (b,), F64, what)
            want = trusted_iwae(x, local_enc, local_dec, eps, obs_logvar)
            err = max_err(got, want)
            assert err <= 1e-9 * (1 + float(want.abs().max())), f"{what} is off by {err:.3g}"
            means.append(float(got.mean()))
        assert means[0] < means[1] < means[2] < log_px, (
            f"the mean IWAE_K over {b} data points should increase with K towards log p(x) = {log_px:.6g}; "
            f"got {means[0]:.6g} (K = 1), {means[1]:.6g} (K = 10), {means[2]:.6g} (K = 100)"
        )


@points(3)
@visibility("hidden")
@given(d=st.integers(1, 5), dz=st.integers(1, 4), b=st.integers(1, 5), seed=st.integers(0, 10_000))
@example(d=3, dz=3, b=3, seed=0)
@settings(max_examples=10)
def test_iwae_one_sample_is_elbo(student, support, d, dz, b, seed):
    """IWAE_1 = ELBO: averaged over samples eps with mean exactly 0 and second moment exactly I, iwae_bound with K = 1 equals the exact ELBO of an affine encoder and a linear decoder for every data point, and so does −nelbo from negative_elbo with the same samples (float64, 1e-8 relative)."""
    enc, dec, local_enc, local_dec = models(student, support, "affine", d, dz, seed)
    x = randn((b, d), seed, scale=1.5)
    eps = balanced_eps(b, dz, seed)  # (S, B, dz)
    s = eps.shape[0]
    obs_logvar = -0.5
    # K = 1 for each of the S samples at once: the batch holds S copies of x
    x_rep = x.repeat(s, 1)
    eps_rep = eps.reshape(1, s * b, dz)
    what = f"iwae_bound with K = 1 (D = {d}, dz = {dz}, batch of {s * b})"
    got = check_tensor(student.iwae_bound(x_rep, enc, dec, eps_rep, obs_logvar), (s * b,), F64, what)
    iwae1 = got.reshape(s, b).mean(0)
    want = linear_elbo(x, local_enc.weight.detach(), local_enc.bias.detach(), local_enc.logvar.detach(),
                       local_dec.weight.detach(), local_dec.bias.detach(), obs_logvar)
    err = max_err(iwae1, want)
    assert err <= 1e-8 * (1 + float(want.abs().max())), (
        f"the average of IWAE_1 over balanced samples is {iwae1.tolist()}; the ELBO is {want.tolist()}"
    )
    out = student.negative_elbo(x, enc, dec, eps, obs_logvar)
    assert isinstance(out, tuple | list) and len(out) == 3, "negative_elbo should return (nelbo, rec, kl)"
    nelbo = check_tensor(out[0], (), F64, "nelbo")
    err = max_err(-nelbo, want.mean())
    assert err <= 1e-8 * (1 + float(want.abs().max())), (
        f"−nelbo on the same samples is {float(-nelbo):.10g}; the batch mean of the ELBO (= of IWAE_1) is "
        f"{float(want.mean()):.10g}"
    )


@points(2)
@visibility("hidden")
def test_iwae_stable_far_from_decoder(student, support):
    """iwae_bound is finite and exact when every importance weight is tiny (log-weights around −10⁴, data far from the decoder's mean): the average of the weights is taken in log space."""
    d, dz, b, k = 3, 2, 4, 5
    enc, dec, local_enc, local_dec = models(student, support, "mlp", d, dz, 7)
    x = 60.0 + randn((b, d), 1)
    eps = randn((k, b, dz), 2)
    got = check_tensor(student.iwae_bound(x, enc, dec, eps, -2.0), (b,), F64, "iwae_bound far from the decoder")
    check_finite(got, "iwae_bound with log-weights around −1e4")
    want = trusted_iwae(x, local_enc, local_dec, eps, -2.0)
    err = max_err(got, want)
    assert err <= 1e-10 * (1 + float(want.abs().max())), f"iwae_bound is {got.tolist()}; expected {want.tolist()}"


@points(2)
@visibility("hidden")
@given(case=iwae_case())
@example(case=(3, 3, 2, 3, "mlp", 0.7, 0))
@example(case=(2, 4, 2, 5, "affine", -1.0, 1))
@settings(max_examples=8)
def test_iwae_backpropagates(student, support, case):
    """iwae_bound is differentiable (an IWAE trains on it): the gradient of the sum of the bounds with respect to every parameter of the encoder and of the decoder is that of the exact log (1/K) Σ_k w_k (nothing detached, no torch.no_grad; float64, 1e-8 relative)."""
    b, d, dz, k, kind, obs_logvar, seed = case
    enc, dec, local_enc, local_dec = models(student, support, kind, d, dz, seed)
    x, eps = randn((b, d), seed, scale=1.5), randn((k, b, dz), seed + 1)
    what = f"iwae_bound with B = {b}, D = {d}, dz = {dz}, K = {k}"
    out = student.remote(support.elbo_and_grads, student.get("iwae_bound"), x, enc, dec, eps, obs_logvar)
    assert isinstance(out, tuple | list) and len(out) == 2, "support.elbo_and_grads returned something unexpected"
    value, grads = out
    named = [("encoder." + n, p) for n, p in sorted(local_enc.named_parameters(), key=lambda kv: kv[0])]
    named += [("decoder." + n, p) for n, p in sorted(local_dec.named_parameters(), key=lambda kv: kv[0])]
    for _, p in named:
        p.grad = None
    with torch.enable_grad():
        want = iwae_with_grad(x, local_enc, local_dec, eps, obs_logvar)
        want.sum().backward()
    value = check_tensor(value, (b,), F64, what)
    err = max_err(value, want.detach())
    assert err <= 1e-9 * (1 + float(want.abs().max())), f"{what} is off by {err:.3g}"
    assert isinstance(grads, list) and len(grads) == len(named), "the models' parameters could not be read back"
    for (name, p), g in zip(named, grads, strict=True):
        assert g is not None, (
            f"after iwae_bound(...).sum().backward() the parameter `{name}` has no gradient: the bound does not "
            "depend on it through autograd"
        )
        g = check_tensor(g, tuple(p.shape), F64, f"the gradient of `{name}`")
        err = max_err(g, p.grad)
        assert err <= 1e-8 * (1 + float(p.grad.abs().max())), (
            f"the gradient of the summed IWAE bounds with respect to `{name}` is off by {err:.3g}"
        )
