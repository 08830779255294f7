"""Public checks of Lab 3 (students get this file; run it with `autograder check`).

They only look at shapes and at a few fixed examples. The hidden tests check the same properties
and much more: the exact batches, the architecture, the initial loss, causality, the KV cache,
the training recipe, decoding, and a training run judged on held-out text.
"""

import math

import torch

from autograder import testmodels
from autograder.testing import check_tensor, points, visibility


@points(2)
@visibility("visible")
def test_public_tokenizer_small(student):
    """CharTokenizer("hello") has chars ['e', 'h', 'l', 'o'], encodes "hello" as [1, 0, 2, 2, 3] and decodes it back."""
    tok = student.CharTokenizer("hello")
    assert tok.chars == ["e", "h", "l", "o"], f"chars is {tok.chars!r}; expected sorted(set(text))"
    ids = check_tensor(tok.encode("hello"), (5,), torch.long, 'encode("hello")')
    assert ids.tolist() == [1, 0, 2, 2, 3], f'encode("hello") is {ids.tolist()}'
    assert tok.decode(ids) == "hello", f"decode(encode('hello')) is {tok.decode(ids)!r}"


@points(3)
@visibility("visible")
def test_public_get_batch_shift(student):
    """get_batch(data, 5, 4, generator) returns LongTensors x, y of shape (4, 5), windows of the data with y = x shifted by one."""
    data = torch.arange(10, 40)
    out = student.get_batch(data, 5, 4, student.remote(testmodels.generator, 0))
    assert isinstance(out, (tuple, list)) and len(out) == 2, "get_batch should return (x, y)"
    x = check_tensor(out[0], (4, 5), torch.long, "x")
    y = check_tensor(out[1], (4, 5), torch.long, "y")
    assert torch.equal(y[:, :-1], x[:, 1:]), "y[:, :-1] should equal x[:, 1:]"
    assert torch.equal(y[:, -1], x[:, -1] + 1), "y's last column should be the id after x's last one"
    assert bool((x[:, 0] >= 10).all()) and bool((y[:, -1] <= 39).all()), "windows should lie inside the data"
    assert torch.equal(x - x[:, :1], torch.arange(5).expand(4, 5)), "rows of x should be consecutive windows"


@points(3)
@visibility("visible")
def test_public_gpt_shapes_and_initial_loss(student):
    """GPT(20, block_size=8, d_model=16, n_layers=2, n_heads=4) maps (B, L) ids to logits (B, L, 20) and a list of 2 (k, v) pairs of shape (B, 4, L, 4); at initialisation the loss is close to log 20, and the logits are a deterministic function of the input."""
    model = student.GPT(20, block_size=8, d_model=16, n_layers=2, n_heads=4)
    idx = (torch.arange(24).reshape(3, 8) * 7) % 20
    out = model(idx)
    assert isinstance(out, (tuple, list)) and len(out) == 2, "forward should return (logits, kv)"
    logits = check_tensor(out[0], (3, 8, 20), torch.float32, "logits")
    kv = out[1]
    assert isinstance(kv, (list, tuple)) and len(kv) == 2, "kv should be a list with one (k, v) per block"
    check_tensor(kv[0][0], (3, 4, 8, 4), torch.float32, "kv[0][0] (keys of block 0)")
    targets = torch.roll(idx, -1, dims=1)
    loss = float(torch.nn.functional.cross_entropy(logits.reshape(-1, 20), targets.reshape(-1)))
    assert abs(loss - math.log(20)) < 0.25, f"initial loss {loss:.3f}, expected about log 20 = {math.log(20):.3f}"
    assert float(logits.std()) > 0, "the logits should depend on the input"
    again = check_tensor(model(idx)[0], (3, 8, 20), torch.float32, "logits (second call)")
    assert torch.equal(logits, again), "the same input should give the same logits on a second call"


@points(2)
@visibility("visible")
def test_public_generate_greedy_bigram(student, support):
    """generate with temperature 0 on a bigram table whose argmax after token i is (i + 1) mod 5 continues the prompt [[0], [3]] with 1, 2, 3, 4 and 4, 0, 1, 2."""
    table = torch.eye(5).roll(1, dims=1) * 3.0      # row i peaks at column i + 1
    model = student.remote(support.TableLM, table, 16)
    out = check_tensor(
        student.generate(model, torch.tensor([[0], [3]]), 4, temperature=0.0, top_k=None, use_cache=True),
        (2, 5), torch.long, "generate(...)",
    )
    assert out.tolist() == [[0, 1, 2, 3, 4], [3, 4, 0, 1, 2]], f"got {out.tolist()}"
