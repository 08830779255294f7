# must-fail: test_cross_attention_mask_has_no_influence, test_cross_attention_values
# why: True read as "masked out": the valid tokens are dropped and the padding kept
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if context_mask is not None:
        scores = scores.masked_fill(context_mask[:, None, :], -1e9)
    return torch.softmax(scores, dim=-1) @ v
