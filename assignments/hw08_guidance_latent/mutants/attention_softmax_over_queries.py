# must-fail: test_cross_attention_values, test_cross_attention_mask_has_no_influence
# why: softmax over the image tokens (queries) instead of the context tokens
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if context_mask is not None:
        scores = scores.masked_fill(~context_mask[:, None, :], -math.inf)
    a = torch.softmax(scores, dim=-2)
    return torch.nan_to_num(a) @ v
