# must-fail: test_probe_shapes_and_values, test_probe_moments
# why: one probe of shape (D,) is drawn and repeated for every row: the entries are not independent.
def sample_probe(shape, kind, generator=None):
    shape = tuple(shape)
    one = shape[-1:]
    if kind == "rademacher":
        z = (2 * torch.randint(0, 2, one, generator=generator) - 1).to(torch.get_default_dtype())
    elif kind == "gaussian":
        z = torch.randn(one, generator=generator)
    else:
        raise ValueError(kind)
    return z.expand(shape).clone()
