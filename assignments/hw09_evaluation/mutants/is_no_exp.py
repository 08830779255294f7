# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inception_score_balanced_one_hot_is_k, test_inception_score_bounds_and_values, test_inception_score_uniform_is_one, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_public_scores
# why: the mean KL divergence is returned without the exponential.
def inception_score(probs):
    p = np.asarray(probs, dtype=np.float64)
    py = np.broadcast_to(p.mean(axis=0, keepdims=True), p.shape)
    return float(scipy.special.rel_entr(p, py).sum(axis=1).mean())
