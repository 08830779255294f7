# must-fail: test_sample_path_endpoints, test_sample_path_values, test_public_path_and_target
# why: one time for the whole batch (the first sample's): the times along the batch are not used per sample.
def sample_path(x0, x1, t):
    t = t.reshape(-1)[0]
    return (1 - t) * x0 + t * x1
