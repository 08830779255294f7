# must-fail: test_drop_labels_draws_as_documented
# why: draws the uniforms in float64: the right distribution, but not the documented torch.rand(y.shape, generator=generator) (another use of the stream)
def drop_labels(y, p_uncond, null_id, generator):
    drop = torch.rand(y.shape, generator=generator, dtype=torch.float64) < p_uncond
    return torch.where(drop, torch.full_like(y, null_id), y)
