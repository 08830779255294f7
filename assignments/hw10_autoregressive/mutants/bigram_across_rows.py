# must-fail: test_bigram_logprobs_add_alpha
# why: the batch is flattened before shifting, so the last token of a row "is followed by" the first of the next
def bigram_logprobs(ids, vocab_size, alpha=1.0):
    flat = torch.as_tensor(ids).reshape(-1)
    cur, nxt = flat[:-1], flat[1:]
    counts = torch.zeros(vocab_size, vocab_size, dtype=torch.float64)
    counts.index_put_((cur, nxt), torch.ones(cur.numel(), dtype=torch.float64), accumulate=True)
    counts = counts + alpha
    return (counts / counts.sum(dim=1, keepdim=True)).log()
