# must-fail: test_drop_labels_fraction, test_drop_labels_edges_and_inputs, test_drop_labels_draws_as_documented
# why: torch.where with a Python float null label: the result is a float tensor, not a LongTensor like y
def drop_labels(y, p_uncond, null_id, generator):
    drop = torch.rand(y.shape, generator=generator) < p_uncond
    return torch.where(drop, float(null_id), y.to(torch.get_default_dtype()))
