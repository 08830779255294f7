# must-fail: test_causal_mask_is_lower_triangular
# why: excludes the diagonal (j < i): a token may not attend to itself, and the first query has no key at all
def causal_mask(L):
    return torch.tril(torch.ones(L, L, dtype=torch.bool), diagonal=-1)
