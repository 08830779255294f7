# must-fail: test_cross_attention_mask_has_no_influence, test_cross_attention_values
# why: the context mask is ignored: padding tokens get attention weight
def cross_attention(x, context, Wq, Wk, Wv, context_mask=None):
    q, k, v = x @ Wq, context @ Wk, context @ Wv
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    return torch.softmax(scores, dim=-1) @ v
