# must-fail: test_bigram_logprobs_add_alpha, test_bigram_logprobs_default_and_mle
# why: the pseudo-count is added to the numerator only: rows no longer sum to one
def bigram_logprobs(ids, vocab_size, alpha=1.0):
    ids = torch.as_tensor(ids)
    cur, nxt = ids[..., :-1].reshape(-1), ids[..., 1:].reshape(-1)
    counts = torch.zeros(vocab_size, vocab_size, dtype=torch.float64)
    counts.index_put_((cur, nxt), torch.ones(cur.numel(), dtype=torch.float64), accumulate=True)
    return ((counts + alpha) / counts.sum(dim=1, keepdim=True).clamp(min=1)).log()
