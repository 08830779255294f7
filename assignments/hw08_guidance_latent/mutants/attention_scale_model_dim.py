# must-fail: test_cross_attention_values
# why: scores divided by sqrt(d) (the image token width) instead of sqrt(d_k)
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(x.shape[-1])
    if context_mask is not None:
        scores = scores.masked_fill(~context_mask[:, None, :], -math.inf)
    return torch.softmax(scores, dim=-1) @ v
