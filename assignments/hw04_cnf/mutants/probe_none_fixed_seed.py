# must-fail: test_probe_default_generator
# why: generator=None is replaced by a fresh generator seeded with 0, instead of torch's global generator.
def sample_probe(shape, kind, generator=None):
    shape = tuple(shape)
    if generator is None:
        generator = torch.Generator().manual_seed(0)
    if kind == "rademacher":
        return (2 * torch.randint(0, 2, shape, generator=generator) - 1).to(torch.get_default_dtype())
    if kind == "gaussian":
        return torch.randn(shape, generator=generator)
    raise ValueError(kind)
