# must-fail: test_attention_weights_are_distributions, test_attention_matches_torch_sdpa, test_mhsa_causal_future_does_not_change_past
# why: zeroes the masked weights after the softmax without renormalising: rows no longer sum to 1 and the normaliser still sees the future
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    weights = torch.softmax(scores, dim=-1)
    if mask is not None:
        weights = weights * mask
    return weights @ V, weights
