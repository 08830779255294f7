# must-fail: test_drop_labels_fraction, test_drop_labels_edges_and_inputs
# why: one coin for the whole batch: either every label is dropped or none (not independent per label)
def drop_labels(y, p_uncond, null_id, generator):
    drop = torch.rand((), generator=generator) < p_uncond
    return torch.full_like(y, null_id) if bool(drop) else y.clone()
