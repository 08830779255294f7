# must-fail: test_cross_attention_values, test_cross_attention_mask_has_no_influence
# why: the (B, M) mask is broadcast along the query axis instead of the context axis (no error when N == M)
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if context_mask is not None:
        scores = scores.masked_fill(~context_mask[:, :, None], -math.inf)
    return torch.nan_to_num(torch.softmax(scores, dim=-1)) @ v
