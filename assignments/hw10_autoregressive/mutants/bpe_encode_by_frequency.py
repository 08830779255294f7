# must-fail: test_bpe_encode_rank_not_frequency
# why: encoding merges the most frequent known pair of the new text first, instead of the lowest rank
def bpe_encode(text, merges):
    ranks = {tuple(int(v) for v in p): i for i, p in enumerate(merges)}
    ids = list(text.encode("utf-8"))
    while len(ids) >= 2:
        counts = {p: c for p, c in _pair_counts(ids).items() if p in ranks}
        if not counts:
            break
        pair = max(counts, key=counts.get)
        ids = _merge(ids, pair, 256 + ranks[pair])
    return ids
