# must-fail: test_bpe_train_matches_rules, test_bpe_edge_cases
# why: stops as soon as the most frequent pair occurs only once (the rule is to stop only when no pair is left)
def bpe_train(text, vocab_size):
    ids = list(text.encode("utf-8"))
    merges = []
    for i in range(vocab_size - 256):
        counts = _pair_counts(ids)
        if not counts:
            break
        pair = max(counts, key=counts.get)
        if counts[pair] < 2:
            break
        ids = _merge(ids, pair, 256 + i)
        merges.append(pair)
    return merges
