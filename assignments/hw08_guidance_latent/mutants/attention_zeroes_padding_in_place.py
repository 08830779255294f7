# must-fail: test_inputs_untouched
# why: zeroes the padding tokens of the caller's context in place (right value, the context is modified)
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    if context_mask is not None:
        context[~context_mask] = 0
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if context_mask is not None:
        scores = scores.masked_fill(~context_mask[:, None, :], -math.inf)
    return torch.softmax(scores, dim=-1) @ v
