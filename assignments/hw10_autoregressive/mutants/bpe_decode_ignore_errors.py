# must-fail: test_bpe_decode_bytes_and_replacement
# why: invalid bytes are dropped (errors='ignore') instead of replaced by U+FFFD
def bpe_decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        vocab[256 + i] = vocab[int(a)] + vocab[int(b)]
    return b"".join(vocab[int(i)] for i in ids).decode("utf-8", errors="ignore")
