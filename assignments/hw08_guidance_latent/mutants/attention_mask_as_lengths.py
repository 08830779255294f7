# must-fail: test_cross_attention_permutation_invariant, test_cross_attention_values, test_cross_attention_mask_has_no_influence
# why: reads the mask as caption lengths (the first mask.sum() tokens are valid): depends on the order of the tokens
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if context_mask is not None:
        M = context.shape[1]
        valid = torch.arange(M)[None, :] < context_mask.sum(1, keepdim=True)
        scores = scores.masked_fill(~valid[:, None, :], -math.inf)
    return torch.softmax(scores, dim=-1) @ v
