# must-fail: test_inception_score_balanced_one_hot_is_k, test_inception_score_bounds_and_values, test_public_scores
# why: p log(p / p(y)) is computed directly, so the zeros of one-hot rows give 0 * log 0 = nan.
def inception_score(probs):
    p = np.asarray(probs, dtype=np.float64)
    py = p.mean(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = (p * np.log(p / py)).sum(axis=1)
    return float(np.exp(kl.mean()))
