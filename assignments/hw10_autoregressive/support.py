"""Helpers for HW10 (tokenization and autoregressive models): a short text and a gradient helper.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded. You do
not need this module to solve the homework; the demos use ``TEXT``. Nothing here decides a grade:
the tests only use these helpers to run things next to your code, and compare values on their side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

__all__ = ["TEXT", "loss_and_grad"]

TEXT = """\
A generative model is a recipe for producing new data that looks like the data it was trained on.
An autoregressive model writes a sequence one token at a time: it reads the tokens written so far,
predicts a distribution over the next token, draws one, and starts again. The chain rule of
probability says that nothing is lost this way: the probability of a whole sentence is the product
of the probabilities of its tokens, each given the tokens before it. Training is therefore simple.
Show the model a sentence, ask it to predict every next token at once, and penalise the negative
log-probability of the token that really came next. Sampling is simple too, but slow: one token,
then another, then another. A tokenizer decides what a token is. Characters make sequences long,
words make the vocabulary huge, and byte-pair encoding sits in between: it starts from the bytes of
the text and merges the most frequent pair again and again, so that frequent words become single
tokens while rare words are spelled from smaller pieces. Because it starts from bytes, it can
encode any text at all, even in a script it has never seen: les accents, die Umlaute, 漢字 and 🙂.
"""


def loss_and_grad(
    loss_fn: Callable[..., torch.Tensor], logits: torch.Tensor, *args: Any, **kwargs: Any
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """``loss_fn(logits, *args, **kwargs)`` and its gradient with respect to ``logits``.

    The gradient is None when the loss does not depend on ``logits`` through autograd (e.g. it
    was detached or computed outside torch).
    """
    leaf = logits.detach().clone().requires_grad_(True)
    loss = loss_fn(leaf, *args, **kwargs)
    if not isinstance(loss, torch.Tensor) or not loss.requires_grad:
        return torch.as_tensor(loss).detach(), None
    loss.backward()
    return loss.detach(), None if leaf.grad is None else leaf.grad.detach().clone()
