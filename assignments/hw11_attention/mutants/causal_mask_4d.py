# must-fail: test_causal_mask_is_lower_triangular
# why: returns a (1, 1, L, L) mask where the notebook asks for (L, L) (broadcasting over batch and heads is the caller's business)
def causal_mask(L):
    return torch.tril(torch.ones(L, L, dtype=torch.bool))[None, None]
