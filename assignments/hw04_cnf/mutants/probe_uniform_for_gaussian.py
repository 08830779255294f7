# must-fail: test_probe_moments, test_hutchinson_variance
# why: 'gaussian' probes are uniform on [-√3, √3] (zero mean, unit variance, so still unbiased) rather than N(0, 1).
def sample_probe(shape, kind, generator=None):
    if kind == "rademacher":
        return 2 * torch.randint(0, 2, tuple(shape), generator=generator).to(torch.get_default_dtype()) - 1
    if kind == "gaussian":
        return math.sqrt(3.0) * (2 * torch.rand(tuple(shape), generator=generator) - 1)
    raise ValueError(kind)
