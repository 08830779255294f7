# must-fail: test_bpe_round_trip_unicode, test_bpe_decode_bytes_and_replacement
# why: the byte string is decoded as Latin-1 (one character per byte), not UTF-8
def bpe_decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        vocab[256 + i] = vocab[int(a)] + vocab[int(b)]
    return b"".join(vocab[int(i)] for i in ids).decode("latin-1")
