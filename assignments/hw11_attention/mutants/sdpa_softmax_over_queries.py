# must-fail: test_attention_weights_are_distributions, test_attention_matches_torch_sdpa, test_mhsa_causal_future_does_not_change_past, test_public_attention_shapes_and_rows
# why: softmax over dim -2 (the query axis), so the columns, not the rows, sum to 1
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-2)
    weights = torch.nan_to_num(weights)  # an all-masked column would be NaN
    return weights @ V, weights
