"""Hidden tests: the training loop (an exact replay on a closed-form model, and overfitting one batch)."""

import torch
from labcheck import F64, cross_entropy, logits_of, random_ids, sane_model, split, vocab_size

from autograder import testmodels
from autograder.testing import check_losses, points


def _table(V, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(V, V, generator=g, dtype=F64) * 0.5


@points(6)
def test_train_lm_replays_the_adamw_recipe(student, reference, support):
    """On a bigram-table model (support.TableLM, float64), train_lm follows the notebook's recipe step by step: batches from get_batch with a generator seeded by `seed`, cross-entropy on the next tokens, AdamW(lr) with gradients cleared every step, clip_grad_norm_(1.0). Its losses and the trained table equal the grader's replay (1e-8), for several seeds, learning rates and batch sizes."""
    train, _ = split()
    # scale 4 makes the gradient norm exceed 1 on most steps, so that the clipping matters
    for V, block, n_steps, lr, seed, batch, scale in [
        (12, 8, 12, 0.05, 0, 4, 4.0), (7, 5, 9, 0.3, 3, 16, 1.0), (20, 16, 6, 0.01, 7, 32, 4.0),
    ]:
        data = train[:400] % V   # a real text stream, folded into V ids
        table = _table(V, seed)
        s_model = student.remote(support.TableLM, table, block, None, scale)
        r_model = reference.remote(support.TableLM, table, block, None, scale)
        losses = check_losses(
            student.train("train_lm", s_model, data, n_steps=n_steps, lr=lr, seed=seed, batch_size=batch),
            "train_lm's losses",
        )
        want = reference.train_lm(r_model, data, n_steps=n_steps, lr=lr, seed=seed, batch_size=batch)
        assert len(losses) == n_steps, f"train_lm returned {len(losses)} losses for n_steps = {n_steps}"
        got_t = s_model.state_dict()["token_logits"]
        want_t = r_model.token_logits.detach()
        first_bad = next((i for i, (a, b) in enumerate(zip(losses, want, strict=True)) if abs(a - b) > 1e-8), None)
        assert first_bad is None, (
            f"the training losses differ from the recipe's from step {first_bad} on "
            f"(got {losses[first_bad]:.6f}, expected {want[first_bad]:.6f}; V={V}, lr={lr}, seed={seed}, batch_size={batch})"
        )
        assert torch.allclose(got_t, want_t, atol=1e-8), (
            f"after {n_steps} steps the trained table differs from the recipe's by {float((got_t - want_t).abs().max()):.3g} "
            f"(lr={lr}, seed={seed}, batch_size={batch})"
        )


@points(5)
def test_train_lm_overfits_one_batch(student):
    """A small GPT trained with train_lm (200 steps, lr 3e-3) on data holding a single window of corpus text memorises it: the loss the grader computes from the model's logits on that window falls below 0.5 nats."""
    V = vocab_size()
    train, _ = split()
    window = train[1000:1033].clone()        # 33 ids: the only window of block_size 32
    student.reseed(0)
    model = student.GPT(V, 32, 32, 2, 4)
    sane_model(model, V, 32)
    x, y = window[:-1].view(1, -1), window[1:].view(1, -1)
    before = cross_entropy(logits_of(model(x), 1, 32, V), y)
    losses = check_losses(student.train("train_lm", model, window, n_steps=200, lr=3e-3, seed=0, batch_size=4), "train_lm's losses")
    assert len(losses) == 200, f"train_lm returned {len(losses)} losses for n_steps = 200"
    after = cross_entropy(logits_of(model(x), 1, 32, V), y)
    assert after < 0.5, (
        f"after 200 steps on one window the model's loss on it is {after:.3f} nats (it started at {before:.3f}); "
        "a working model and training loop memorise it (< 0.5)"
    )


@points(2)
def test_train_lm_defaults_and_keeps_data(student, reference, support):
    """train_lm(model, data) uses the defaults n_steps=2000, lr=1e-3, seed=0, batch_size=32: its 2000 losses and the trained table equal the recipe's with those values (bigram-table model, float64); and train_lm leaves data unchanged while it trains the model in place."""
    train, _ = split()
    V, block = 7, 8
    data = train[:300] % V
    table = _table(V, 5)
    s_model = student.remote(support.TableLM, table, block, None, 4.0)
    r_model = reference.remote(support.TableLM, table, block, None, 4.0)
    losses = check_losses(student.train("train_lm", s_model, data), "train_lm(model, data)'s losses")
    assert len(losses) == 2000, f"train_lm(model, data) returned {len(losses)} losses; the default n_steps is 2000"
    want = reference.train_lm(r_model, data)
    first_bad = next((i for i, (a, b) in enumerate(zip(losses[:100], want[:100], strict=True)) if abs(a - b) > 1e-8), None)
    assert first_bad is None, (
        f"train_lm(model, data) gives the loss {losses[first_bad]:.6f} at step {first_bad}; the recipe with the defaults "
        f"(lr=1e-3, seed=0, batch_size=32) gives {want[first_bad]:.6f}"
    )
    got_t = s_model.state_dict()["token_logits"]
    want_t = r_model.token_logits.detach()
    assert torch.allclose(got_t, want_t, atol=1e-6), (
        f"after train_lm(model, data) the table differs from the recipe's with the defaults by {float((got_t - want_t).abs().max()):.3g}"
    )
    m2 = student.remote(support.TableLM, table, block, None, 4.0)
    out, after = student.remote(testmodels.call_keeping_inputs, student.get("train_lm"), m2, data, 3, 0.05, 1, 4)
    assert isinstance(after, list) and torch.equal(after[1], data), "train_lm modified data in place"
    r2 = reference.remote(support.TableLM, table, block, None, 4.0)
    want2 = reference.train_lm(r2, data, 3, 0.05, 1, 4)
    got2 = check_losses(out, "train_lm's losses")
    assert len(got2) == 3 and all(abs(a - b) <= 1e-8 for a, b in zip(got2, want2, strict=True)), (
        f"train_lm(model, data, 3, 0.05, 1, 4) gives the losses {got2}; the recipe gives {want2}"
    )
