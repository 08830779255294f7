# must-fail: test_attention_weights_are_distributions, test_attention_matches_torch_sdpa
# why: K.transpose(1, 2) is only the key transpose for 3-D inputs (B, L, d); with no or two leading axes it is wrong
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(1, 2) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
