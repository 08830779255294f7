"""Hidden tests: the character tokenizer."""

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from labcheck import corpus, encode, vocab

from autograder.errors import StudentError
from autograder.testing import check_tensor, points

ALPHABET = "".join(vocab())


def _ids(tok, s, what):
    return check_tensor(tok.encode(s), (len(s),), torch.long, what)


@points(4)
@given(text=st.text(alphabet="abcxyzAB019 \n.(é€", min_size=1, max_size=40))
@settings(max_examples=20)
def test_tokenizer_vocabulary_is_sorted_characters(student, text):
    """CharTokenizer(text) has chars = sorted(set(text)), vocab_size = len(chars), stoi[chars[i]] = i, and encode(s) is the LongTensor of those ids."""
    tok = student.CharTokenizer(text)
    chars = sorted(set(text))
    assert tok.chars == chars, f"chars is {tok.chars!r}; expected sorted(set(text)) = {chars!r}"
    assert tok.vocab_size == len(chars), f"vocab_size is {tok.vocab_size}; expected {len(chars)}"
    assert tok.stoi == {c: i for i, c in enumerate(chars)}, "stoi must map chars[i] to i"
    want = torch.tensor([chars.index(c) for c in text], dtype=torch.long)
    got = _ids(tok, text, "encode(text)")
    assert torch.equal(got, want), f"encode({text[:20]!r}) is {got.tolist()[:20]}; expected {want.tolist()[:20]}"


@points(2)
@given(s=st.text(alphabet=ALPHABET, min_size=0, max_size=200))
@example(s=ALPHABET)
@example(s="\n x\n")
@settings(max_examples=15)
def test_tokenizer_round_trip_on_the_corpus(student, s):
    """With the corpus' tokenizer, encode(s) gives the grader's ids (sorted characters of the whole corpus) and decode(encode(s)) == s for any string over its characters; decode accepts a list of ints too."""
    tok = student.CharTokenizer(corpus())
    ids = _ids(tok, s, "encode(s)")
    assert torch.equal(ids, encode(s)), "encode(s) does not give the ids of the sorted corpus characters"
    back = tok.decode(ids)
    assert back == s, f"decode(encode(s)) = {back[:40]!r} differs from s = {s[:40]!r}"
    assert tok.decode(ids.tolist()) == s, "decode(list of ints) differs from decode(LongTensor)"


@points(1)
def test_tokenizer_encode_rejects_unknown_characters(student):
    """encode(s) gives the ids of known characters and raises a KeyError or ValueError when s holds a character outside the vocabulary (never a silent id)."""
    tok = student.CharTokenizer("hello world")
    got = _ids(tok, "old", 'encode("old")')
    assert got.tolist() == [5, 4, 1], f'CharTokenizer("hello world").encode("old") is {got.tolist()}; expected [5, 4, 1]'
    for s in ("z", "hex", "hello!"):
        try:
            tok.encode(s)
        except StudentError as exc:
            if exc.not_answered:
                raise
            assert exc.kind in ("KeyError", "ValueError"), (
                f'encode({s!r}) with a character outside the vocabulary raised {exc.kind}; expected a KeyError or ValueError'
            )
        else:
            raise AssertionError(
                f'CharTokenizer("hello world").encode({s!r}) returned a value; a character outside the vocabulary must raise a KeyError or ValueError'
            )
