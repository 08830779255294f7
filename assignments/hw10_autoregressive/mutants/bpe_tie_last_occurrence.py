# must-fail: test_bpe_train_corpora_and_ties, test_bpe_train_matches_rules, test_public_bpe_worked_example
# why: ties go to the last pair reaching the maximum count (>= while scanning), not the first occurrence
def bpe_train(text, vocab_size):
    ids = list(text.encode("utf-8"))
    merges = []
    for i in range(vocab_size - 256):
        counts = _pair_counts(ids)
        if not counts:
            break
        best, best_count = None, 0
        for pair, c in counts.items():
            if c >= best_count:
                best, best_count = pair, c
        ids = _merge(ids, best, 256 + i)
        merges.append(best)
    return merges
