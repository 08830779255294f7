# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inception_score_balanced_one_hot_is_k, test_inception_score_bounds_and_values, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_public_scores
# why: the two entropies are swapped: exp(mean_x H(p(y|x)) - H(p(y))), which is 1 / IS.
def inception_score(probs):
    p = np.asarray(probs, dtype=np.float64)
    py = p.mean(axis=0)
    h_cond = -scipy.special.xlogy(p, p).sum(axis=1).mean()
    h_marg = -scipy.special.xlogy(py, py).sum()
    return float(np.exp(h_cond - h_marg))
