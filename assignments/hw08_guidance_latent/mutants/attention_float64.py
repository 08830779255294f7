# must-fail: test_cross_attention_values
# why: computes in float64 for stability and returns float64 for float32 inputs (the dtype of x is not kept)
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    x, context, Wq, Wk, Wv = (a.to(torch.float64) for a in (x, context, Wq, Wk, Wv))
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if context_mask is not None:
        scores = scores.masked_fill(~context_mask[:, None, :], -math.inf)
    return torch.softmax(scores, dim=-1) @ v
