# must-fail: test_causal_mask_is_lower_triangular
# why: the float 0/1 tril(ones) of the course lab instead of a torch.bool mask
def causal_mask(L):
    return torch.tril(torch.ones(L, L))
