# must-fail: test_bpe_train_corpora_and_ties, test_bpe_train_matches_rules
# why: ties between equally frequent pairs go to the smallest pair (sorted order), not the left-most first occurrence
def bpe_train(text, vocab_size):
    ids = list(text.encode("utf-8"))
    merges = []
    for i in range(vocab_size - 256):
        counts = _pair_counts(ids)
        if not counts:
            break
        pair = max(sorted(counts), key=counts.get)
        ids = _merge(ids, pair, 256 + i)
        merges.append(pair)
    return merges
