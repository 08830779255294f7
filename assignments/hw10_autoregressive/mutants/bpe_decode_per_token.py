# must-fail: test_bpe_round_trip_unicode, test_bpe_decode_bytes_and_replacement
# why: decodes every token on its own, so a character whose bytes are split across tokens is destroyed
def bpe_decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        vocab[256 + i] = vocab[int(a)] + vocab[int(b)]
    return "".join(vocab[int(i)].decode("utf-8", errors="replace") for i in ids)
