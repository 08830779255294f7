# must-fail: test_public_probe_values, test_probe_shapes_and_values, test_probe_moments, test_probe_uses_generator, test_float32_and_float64
# why: the probes are drawn in float64 whatever torch's default dtype is.
def sample_probe(shape, kind, generator=None):
    if kind == "rademacher":
        return 2.0 * torch.randint(0, 2, tuple(shape), generator=generator).double() - 1
    if kind == "gaussian":
        return torch.randn(tuple(shape), generator=generator, dtype=torch.float64)
    raise ValueError(kind)
