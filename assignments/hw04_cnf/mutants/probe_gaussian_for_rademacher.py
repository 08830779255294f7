# must-fail: test_public_probe_values, test_probe_shapes_and_values, test_probe_moments, test_rademacher_exact_on_elementwise_field, test_hutchinson_variance, test_cnf_rademacher_elementwise_equals_exact
# why: 'rademacher' probes are drawn from N(0, 1) too (still unbiased, but not ±1: larger variance, and not exact on diagonal Jacobians).
def sample_probe(shape, kind, generator=None):
    if kind not in ("rademacher", "gaussian"):
        raise ValueError(kind)
    return torch.randn(tuple(shape), generator=generator)
