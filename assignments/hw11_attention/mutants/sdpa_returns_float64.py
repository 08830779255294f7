# must-fail: test_attention_dtypes_shapes_inputs_untouched
# why: computes in float64 for accuracy and forgets to cast back: float32 inputs get float64 outputs
def scaled_dot_product_attention(Q, K, V, mask=None):
    Q, K, V = Q.double(), K.double(), V.double()
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
