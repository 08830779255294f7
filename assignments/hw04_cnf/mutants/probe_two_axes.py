# must-fail: test_probe_shapes_and_values
# why: only the first two axes of shape are used (shape[0], shape[1]): wrong for 1-D and 3-D shapes.
def sample_probe(shape, kind, generator=None):
    shape = tuple(shape)
    shape = (shape[0], shape[1] if len(shape) > 1 else 1)
    if kind == "rademacher":
        return (2 * torch.randint(0, 2, shape, generator=generator) - 1).to(torch.get_default_dtype())
    if kind == "gaussian":
        return torch.randn(shape, generator=generator)
    raise ValueError(kind)
