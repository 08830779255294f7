# must-fail: test_attention_dtypes_shapes_inputs_untouched
# why: divides Q by sqrt(d) in place: the result is right but the caller's queries are changed
def scaled_dot_product_attention(Q, K, V, mask=None):
    Q.div_(math.sqrt(Q.shape[-1]))
    scores = Q @ K.transpose(-2, -1)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights
