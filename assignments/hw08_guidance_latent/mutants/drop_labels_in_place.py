# must-fail: test_drop_labels_edges_and_inputs
# why: writes null_id into y itself (the caller's labels are destroyed) and returns it
def drop_labels(y, p_uncond, null_id, generator):
    drop = torch.rand(y.shape, generator=generator) < p_uncond
    y[drop] = null_id
    return y
