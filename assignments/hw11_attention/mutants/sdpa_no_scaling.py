# must-fail: test_attention_matches_torch_sdpa, test_mhsa_matches_torch_multihead_attention, test_mhsa_one_head_is_plain_attention
# why: forgets the 1/sqrt(d) temperature, so the softmax saturates as d grows
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
