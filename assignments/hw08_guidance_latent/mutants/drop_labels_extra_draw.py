# must-fail: test_drop_labels_draws_as_documented
# why: draws one more number after the documented uniforms: the first call is right, the next call with the same generator is not
def drop_labels(y, p_uncond, null_id, generator):
    drop = torch.rand(y.shape, generator=generator) < p_uncond
    torch.rand((), generator=generator)
    return torch.where(drop, torch.full_like(y, null_id), y)
