# must-fail: test_probe_moments
# why: +1 is drawn with probability 0.6 instead of 1/2 (rand < 0.6), so E[z] != 0.
def sample_probe(shape, kind, generator=None):
    shape = tuple(shape)
    if kind == "rademacher":
        return torch.where(torch.rand(shape, generator=generator) < 0.6, 1.0, -1.0).to(torch.get_default_dtype())
    if kind == "gaussian":
        return torch.randn(shape, generator=generator)
    raise ValueError(kind)
