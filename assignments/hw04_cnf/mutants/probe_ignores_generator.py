# must-fail: test_probe_uses_generator, test_no_global_rng
# why: the generator argument is ignored, so the probes come from the global random state.
def sample_probe(shape, kind, generator=None):
    if kind == "rademacher":
        return 2 * torch.randint(0, 2, tuple(shape)).to(torch.get_default_dtype()) - 1
    if kind == "gaussian":
        return torch.randn(tuple(shape))
    raise ValueError(kind)
