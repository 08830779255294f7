# must-fail: test_attention_matches_torch_sdpa, test_attention_ignores_padded_keys
# why: boolean indexing scores[~mask] needs a mask of the scores' full shape; a (Lq, Lk) or (B, 1, 1, L) mask that only broadcasts raises
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.clone()
        scores[~mask] = float("-inf")
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
