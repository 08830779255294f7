# must-fail: test_probe_shapes_and_values
# why: any kind other than 'rademacher' gives Gaussian probes instead of raising a ValueError.
def sample_probe(shape, kind, generator=None):
    shape = tuple(shape)
    if kind == "rademacher":
        return (2 * torch.randint(0, 2, shape, generator=generator) - 1).to(torch.get_default_dtype())
    if kind == "gaussian":
        return torch.randn(shape, generator=generator)
    return torch.randn(shape, generator=generator)
