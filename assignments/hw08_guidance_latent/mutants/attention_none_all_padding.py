# must-fail: test_cross_attention_values
# why: context_mask=None is read as "no valid token" (an all-False mask): NaN instead of attention over every token
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    if context_mask is None:
        context_mask = torch.zeros(context.shape[:2], dtype=torch.bool)
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(~context_mask[:, None, :], -math.inf)
    return torch.softmax(scores, dim=-1) @ v
