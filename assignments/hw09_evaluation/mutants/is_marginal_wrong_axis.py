# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inception_score_balanced_one_hot_is_k, test_inception_score_bounds_and_values, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance
# why: the marginal p(y) is averaged over the classes of each row (axis 1, the uniform 1/K) instead of over the samples (axis 0).
def inception_score(probs):
    p = np.asarray(probs, dtype=np.float64)
    py = p.mean(axis=1, keepdims=True)
    safe = np.where(p > 0, p, 1.0)
    kl = (p * (np.log(safe) - np.log(np.where(p > 0, py, 1.0)))).sum(axis=1)
    return float(np.exp(kl.mean()))
