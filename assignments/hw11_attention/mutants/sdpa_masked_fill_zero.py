# must-fail: test_attention_weights_are_distributions, test_attention_matches_torch_sdpa, test_attention_ignores_padded_keys, test_mhsa_causal_future_does_not_change_past, test_mhsa_padding_does_not_change_valid_outputs
# why: masked scores are set to 0 instead of -inf, so masked keys keep a positive weight exp(0)
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, 0.0)
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
