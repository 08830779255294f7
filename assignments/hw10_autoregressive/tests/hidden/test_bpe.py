"""Hidden tests of HW10: byte-level BPE (training, encoding by rank, decoding, round trips)."""

import archeck as ac
from archeck import expect_ids, expect_merges
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points


@points(4)
@given(text=ac.small_texts(), extra=st.integers(0, 30))
@example(text="aaabdaaabac", extra=3)
@example(text="aaaa", extra=5)
@example(text="🙂🙂🙂 é é", extra=12)
def test_bpe_train_matches_rules(student, text, extra):
    """bpe_train learns, from the bytes of the text, the most frequent adjacent pair at every step (ties: the
    left-most first occurrence), replaces it left to right without overlap by id 256 + i, and makes
    vocab_size - 256 merges (fewer only when fewer than two tokens are left)."""
    got = expect_merges(student.bpe_train(text, 256 + extra))
    want = ac.bpe_train(text, 256 + extra)
    assert got == want, f"bpe_train({text!r}, {256 + extra}): expected the merges {want}; got {got}"


@points(4)
def test_bpe_train_corpora_and_ties(student):
    """On longer texts (repeated words, multi-byte characters) bpe_train gives the exact merges; a tie between
    pairs of equal count goes to the pair that occurs first in the current sequence (not the smallest pair, not
    the last one)."""
    ties = [
        ("zzaa", 257, [(122, 122)]),  # three pairs of count 1: the first one wins
        ("abcdcdab", 257, [(97, 98)]),  # ab and cd both twice: ab occurs first
        ("cdababcd", 257, [(99, 100)]),  # the same counts, cd first
        ("xyxyxzxz", 258, [(120, 121), (120, 122)]),
    ]
    for text, vocab, want in ties:
        got = expect_merges(student.bpe_train(text, vocab))
        assert got == want, f"bpe_train({text!r}, {vocab}): expected {want}; got {got}"
    for k, text in enumerate(ac.CORPORA):
        vocab = 256 + 10 + 7 * k
        got = expect_merges(student.bpe_train(text, vocab))
        want = ac.bpe_train(text, vocab)
        assert got == want, f"bpe_train on {text[:30]!r}... with vocab_size {vocab}: first difference at merge " + str(
            next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        )


@points(2)
def test_bpe_edge_cases(student):
    """vocab_size = 256 learns nothing; the empty text and a one-byte text learn nothing; "aaaa" stops after two
    merges (one token left); encoding the empty string gives []; and the merges that were learned are right."""
    for text, vocab in [("hello", 256), ("", 300), ("a", 300)]:
        got = expect_merges(student.bpe_train(text, vocab))
        assert got == [], f"bpe_train({text!r}, {vocab}) should learn no merge; got {got}"
    got = expect_merges(student.bpe_train("aaaa", 300))
    assert got == [(97, 97), (256, 256)], f'bpe_train("aaaa", 300): expected [(97, 97), (256, 256)] and a stop; got {got}'
    ids = expect_ids(student.bpe_encode("", got))
    assert ids == [], f'bpe_encode("") should be []; got {ids}'
    ids = expect_ids(student.bpe_encode("aaaaa", got))
    assert ids == [257, 97], f'bpe_encode("aaaaa") with those merges: expected [257, 97]; got {ids}'


@points(4)
@given(
    corpus=st.sampled_from(range(len(ac.CORPORA))),
    n_merges=st.integers(0, 40),
    text=st.one_of(ac.small_texts(), st.text(max_size=30)),
)
@example(corpus=0, n_merges=3, text="aaab aaa")
@settings(max_examples=40)
def test_bpe_encode_by_rank(student, corpus, n_merges, text):
    """bpe_encode starts from the UTF-8 bytes and applies the learned merges by rank (the lowest merge index
    present first, all its occurrences left to right), whatever the frequencies in the new text."""
    merges = ac.bpe_train(ac.CORPORA[corpus], 256 + n_merges)
    got = expect_ids(student.bpe_encode(text, merges))
    want = ac.bpe_encode(text, merges)
    assert got == want, f"bpe_encode({text!r}) with {len(merges)} merges: expected {want}; got {got}"


@points(3)
def test_bpe_encode_rank_not_frequency(student):
    """Where the most frequent known pair of the new text is not the lowest-ranked one, the rank wins: with the
    merges [(b, c), (a, b)], "ababc" encodes as [257, 97, 256]; and encoding a training text reproduces
    the sequence training ended with."""
    merges = [(98, 99), (97, 98)]
    got = expect_ids(student.bpe_encode("ababc", merges))
    assert got == [257, 97, 256], f'bpe_encode("ababc", [(98, 99), (97, 98)]): expected [257, 97, 256]; got {got}'
    merges = [(99, 100), (98, 99), (97, 256), (100, 97)]  # learned from nothing in particular, but valid
    for text in ["abcdabcd", "dabcd", "bcdbcdbcda"]:
        got = expect_ids(student.bpe_encode(text, merges))
        want = ac.bpe_encode(text, merges)
        assert got == want, f"bpe_encode({text!r}, {merges}): expected {want}; got {got}"
    for text in ac.CORPORA:
        merges = ac.bpe_train(text, 290)
        got = expect_ids(student.bpe_encode(text, merges))
        assert got == ac.bpe_encode(text, merges), f"encoding the training text {text[:30]!r}... is not what training produced"


@points(5)
@given(text=st.text(max_size=40), corpus=st.sampled_from(range(len(ac.CORPORA))), n_merges=st.integers(0, 60))
@example(text="é東🙂", corpus=2, n_merges=60)
@example(text="\x00\uffff\U0010ffff", corpus=0, n_merges=3)
@settings(max_examples=40)
def test_bpe_round_trip_unicode(student, text, corpus, n_merges):
    """For any Unicode string (also characters never seen in training, split into byte tokens),
    bpe_decode(bpe_encode(s)) == s, and the encoding is right and never longer than s.encode('utf-8')."""
    merges = ac.bpe_train(ac.CORPORA[corpus], 256 + n_merges)
    ids = expect_ids(student.bpe_encode(text, merges))
    assert ids == ac.bpe_encode(text, merges), f"bpe_encode({text!r}) is not the encoding by rank"
    assert len(ids) <= len(text.encode("utf-8")), f"bpe_encode({text!r}) is longer than the bytes of the text"
    back = student.bpe_decode(ids, merges)
    assert isinstance(back, str), f"bpe_decode should return a str; got {type(back).__name__}"
    assert back == text, f"bpe_decode(bpe_encode({text!r})) gave {back!r}"


@points(2)
def test_bpe_decode_bytes_and_replacement(student):
    """bpe_decode joins the bytes of all tokens before decoding: a character split across tokens comes back
    whole, an invalid byte sequence becomes U+FFFD (errors='replace'); and bpe_encode of the result is right."""
    corpus = ac.CORPORA[2]
    merges = ac.bpe_train(corpus, 256 + 60)
    vocab = ac.token_bytes(merges)
    # tokens whose bytes end in the middle of a multi-byte character
    split = [i for i in range(256, len(vocab)) if not _complete(vocab[i])]
    assert split, "test set-up: no token ends inside a character"
    ids = ac.bpe_encode(corpus, merges)
    got = student.bpe_decode(ids, merges)
    assert got == corpus, f"bpe_decode of the training text with 60 merges gave {got!r}"
    for ids, want in [([0xFF, 0x41], "\ufffdA"), ([0xE6, 0x9D], "\ufffd"), ([0xC3], "\ufffd"), ([], "")]:
        got = student.bpe_decode(ids, merges)
        assert got == want, f"bpe_decode({ids}): expected {want!r}; got {got!r}"
    for text in ["café 東京", "über naïve"]:
        got_ids = expect_ids(student.bpe_encode(text, merges))
        assert got_ids == ac.bpe_encode(text, merges), f"bpe_encode({text!r}) is not the encoding by rank"
        got = student.bpe_decode(got_ids, merges)
        assert got == text, f"bpe_decode(bpe_encode({text!r})) gave {got!r}"


def _complete(b: bytes) -> bool:
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
