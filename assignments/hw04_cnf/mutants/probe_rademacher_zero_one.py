# must-fail: test_public_probe_values, test_probe_shapes_and_values, test_probe_moments, test_rademacher_exact_on_elementwise_field, test_hutchinson_unbiased, test_cnf_rademacher_elementwise_equals_exact
# why: the coin flips are returned as {0, 1} (torch.randint(0, 2)) without mapping them to {-1, +1}: E[z zᵀ] is not I.
def sample_probe(shape, kind, generator=None):
    if kind == "rademacher":
        return torch.randint(0, 2, tuple(shape), generator=generator).to(torch.get_default_dtype())
    if kind == "gaussian":
        return torch.randn(tuple(shape), generator=generator)
    raise ValueError(kind)
