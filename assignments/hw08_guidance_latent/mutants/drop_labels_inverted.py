# must-fail: test_drop_labels_fraction, test_drop_labels_edges_and_inputs, test_drop_labels_generator
# why: keeps a label with probability p_uncond instead of dropping it
def drop_labels(y, p_uncond, null_id, generator):
    keep = torch.rand(y.shape, generator=generator) < p_uncond
    return torch.where(keep, y, torch.full_like(y, null_id))
