# must-fail: test_drop_labels_draws_as_documented
# why: drops where rand > 1 - p_uncond: the right distribution, but not the documented draw rand(y.shape) < p_uncond
def drop_labels(y, p_uncond, null_id, generator):
    drop = torch.rand(y.shape, generator=generator) > 1 - p_uncond
    return torch.where(drop, torch.full_like(y, null_id), y)
