"""Hidden tests: the trained check. The grader trains your GPT with your train_lm on the training text
(passed by value), then computes the held-out loss itself from the logits your model returns on the
validation windows (the last 10 % of the corpus, which training never sees)."""

import pytest
import torch
from labcheck import baselines, logits_of, maxdiff, model_loss, sane_model, split, vocab_size, windows

from autograder.testing import check_losses, points

# The graded configuration: smaller than the notebook's defaults so that training fits the budget
# (about 8 s on 2 idle cores for the reference; the 180 s budget leaves room for a loaded grader); the defaults of the signatures are unchanged.
CONFIG = {"block_size": 64, "d_model": 64, "n_layers": 2, "n_heads": 4}
N_STEPS, LR, BATCH = 400, 3e-3, 32
METRIC = "val_loss"


@pytest.fixture(scope="module")
def trained(student, calibration):
    V = vocab_size()
    train, val = split()
    student.reseed(calibration.seed)
    model = student.GPT(V, **CONFIG)
    sane_model(model, V, CONFIG["block_size"], what="your untrained GPT")
    losses = student.train(
        "train_lm", model, train, n_steps=N_STEPS, lr=LR, seed=calibration.seed, batch_size=BATCH
    )
    values = check_losses(losses, "train_lm's losses")
    assert len(values) == N_STEPS, f"train_lm returned {len(values)} losses for n_steps = {N_STEPS}"
    x, y = windows(val, CONFIG["block_size"])
    # The trained model must still be causal on the validation windows (its loss would be meaningless otherwise).
    xa = x[:16]
    xb = xa.clone()
    xb[:, 32:] = torch.roll(xa[:, 32:], 1, dims=0)
    la = logits_of(model(xa), 16, CONFIG["block_size"], V)
    lb = logits_of(model(xb), 16, CONFIG["block_size"], V)
    assert torch.allclose(la[:, :32], lb[:, :32], atol=1e-4), (
        f"the trained model is not causal: changing tokens 32.. changed the logits before position 32 by {maxdiff(la[:, :32], lb[:, :32]):.3g}"
    )
    return model_loss(model, x, y, V)


@points(6)
def test_trained_beats_bigram(trained, calibration):
    """Trained (GPT(V, block_size=64, d_model=64, n_layers=2, n_heads=4), train_lm for 400 steps, lr 3e-3, batch 32), the model's held-out loss — computed by the grader from its logits on the last 10 % of the corpus — beats the add-1 bigram model (about 2.52 nats/char)."""
    calibration.beats(METRIC, trained, baselines()["bigram"], "the add-1 bigram model")


@points(6)
def test_trained_reaches_threshold(trained, calibration):
    """The trained model's held-out loss reaches the calibrated threshold (the reference's worst over 5 training seeds plus a margin)."""
    calibration.meets(METRIC, trained)
