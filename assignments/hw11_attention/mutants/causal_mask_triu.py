# must-fail: test_causal_mask_is_lower_triangular, test_public_causal_mask_small, test_mhsa_causal_future_does_not_change_past
# why: the transposed (upper-triangular) mask lets every token look at the future instead of the past
def causal_mask(L):
    return torch.triu(torch.ones(L, L, dtype=torch.bool))
