# must-fail: test_bigram_logprobs_add_alpha, test_bigram_logprobs_default_and_mle
# why: counts indexed [next, current] and normalised over columns: the table is p(current | next) transposed
def bigram_logprobs(ids, vocab_size, alpha=1.0):
    ids = torch.as_tensor(ids)
    cur, nxt = ids[..., :-1].reshape(-1), ids[..., 1:].reshape(-1)
    counts = torch.zeros(vocab_size, vocab_size, dtype=torch.float64)
    counts.index_put_((nxt, cur), torch.ones(cur.numel(), dtype=torch.float64), accumulate=True)
    counts = counts + alpha
    return (counts / counts.sum(dim=1, keepdim=True)).log()
