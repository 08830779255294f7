# must-fail: test_bpe_train_matches_rules, test_public_bpe_worked_example, test_bpe_encode_by_rank
# why: occurrences are replaced scanning from the right ("aaa" -> [a, aa]), not left to right
def _merge(ids, pair, new_id):
    out, i = [], len(ids) - 1
    while i >= 0:
        if i >= 1 and ids[i - 1] == pair[0] and ids[i] == pair[1]:
            out.append(new_id)
            i -= 2
        else:
            out.append(ids[i])
            i -= 1
    return out[::-1]
