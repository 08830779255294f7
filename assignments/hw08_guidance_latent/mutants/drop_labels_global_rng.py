# must-fail: test_drop_labels_generator
# why: ignores the generator and draws from the global random generator
def drop_labels(y, p_uncond, null_id, generator):
    drop = torch.rand(y.shape) < p_uncond
    return torch.where(drop, torch.full_like(y, null_id), y)
