# must-fail: test_attention_matches_torch_sdpa, test_attention_weights_are_distributions
# why: reads the bool mask with nn.MultiheadAttention's convention (True = blocked) instead of True = may attend
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(mask, float("-inf"))
    weights = torch.nan_to_num(torch.softmax(scores, dim=-1))  # a row with every key blocked
    return weights @ V, weights
