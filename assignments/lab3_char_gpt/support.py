"""Helpers for Lab 3 (tiny character-level GPT): a language model whose logits are known in closed form.

Non-secret: shipped with the lab and loaded next to your notebook when it is graded. You do not
need this module to solve the lab, but you may use it to test your `generate` and `train_lm`.

``TableLM`` follows the calling convention of your ``GPT``: it has a ``block_size`` attribute and
``forward(idx, past_kv=None, start_pos=0)`` returns ``(logits, kv)`` with logits of shape
``(B, L, V)``. Its logits are a table lookup,

    logits[b, i] = scale * token_logits[idx[b, i]] + pos_logits[start_pos + i]

(a bigram model plus a position-dependent bias), so the next-token distributions of any sequence
can be computed by hand. It checks the calling convention (positions inside the block, a cache
that matches ``start_pos``) and raises a ``ValueError`` saying what is wrong, and it records every
call in ``calls`` as ``[L, start_pos, past_len]``. Nothing here decides a grade: the tests only use
these objects as inputs next to your code and compare the values that come back on their side.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

__all__ = ["TableLM"]


class TableLM(nn.Module):
    """A bigram table plus a position bias, with the GPT interface (and a fake, checked KV cache).

    ``token_logits`` has shape (V, V) (row = current token, column = next token) and becomes the
    trainable parameter ``token_logits``; ``pos_logits`` (block_size, V), if given, is a fixed buffer
    (zeros otherwise), and ``scale`` a fixed factor. The parameters keep the dtype of ``token_logits``.

    The "cache" is a list with one pair ``(k, v)``, both the ids seen so far as a tensor of shape
    (B, 1, T, 1) in the dtype of the parameters: the model checks that a ``past_kv`` passed back
    holds exactly ``start_pos`` positions.
    """

    def __init__(
        self,
        token_logits: torch.Tensor,
        block_size: int,
        pos_logits: torch.Tensor | None = None,
        scale: float = 1.0,
    ) -> None:
        super().__init__()
        table = torch.as_tensor(token_logits).clone()
        if table.dim() != 2 or table.shape[0] != table.shape[1]:
            raise ValueError(f"token_logits must have shape (V, V); got {tuple(table.shape)}")
        self.vocab_size = int(table.shape[0])
        self.block_size = int(block_size)
        self.token_logits = nn.Parameter(table)
        pos = (
            torch.zeros(self.block_size, self.vocab_size, dtype=table.dtype)
            if pos_logits is None
            else torch.as_tensor(pos_logits).clone().to(table.dtype)
        )
        if tuple(pos.shape) != (self.block_size, self.vocab_size):
            raise ValueError(
                f"pos_logits must have shape (block_size, V) = {(self.block_size, self.vocab_size)}"
            )
        self.register_buffer("pos_logits", pos)
        self.scale = float(scale)
        self.calls: list[list[int]] = []

    def forward(
        self, idx: torch.Tensor, past_kv: Any = None, start_pos: int = 0
    ) -> tuple[torch.Tensor, list[tuple[torch.Tensor, torch.Tensor]]]:
        if not isinstance(idx, torch.Tensor) or idx.dim() != 2 or idx.dtype != torch.long:
            got = (
                f"a {str(idx.dtype).replace('torch.', '')} tensor of shape {tuple(idx.shape)}"
                if isinstance(idx, torch.Tensor)
                else type(idx).__name__
            )
            raise ValueError(f"TableLM expects idx as a (B, L) LongTensor; got {got}")
        B, L = int(idx.shape[0]), int(idx.shape[1])
        start_pos = int(start_pos)
        past_len = 0
        if past_kv is not None:
            try:
                k, v = past_kv[0]
                past_len = int(k.shape[2])
            except Exception as exc:  # noqa: BLE001 - say what was passed
                raise ValueError(
                    "past_kv must be the list of (k, v) pairs returned by the model"
                ) from exc
        self.calls.append([int(L), start_pos, past_len])
        if L < 1:
            raise ValueError("TableLM called with an empty sequence (L = 0)")
        if start_pos < 0 or start_pos + L > self.block_size:
            raise ValueError(
                f"positions {start_pos}..{start_pos + L - 1} do not fit in block_size {self.block_size}"
            )
        if past_len != start_pos:
            raise ValueError(
                f"past_kv holds {past_len} positions but start_pos is {start_pos}: "
                "the new tokens must come right after the cached ones"
            )
        if int(idx.min()) < 0 or int(idx.max()) >= self.vocab_size:
            raise ValueError(f"ids must lie in 0..{self.vocab_size - 1}")
        logits = self.scale * self.token_logits[idx] + self.pos_logits[start_pos : start_pos + L]
        seen = idx.to(self.token_logits.dtype).reshape(B, 1, L, 1)
        if past_kv is not None:
            seen = torch.cat([past_kv[0][0].to(seen.dtype), seen], dim=2)
        return logits, [(seen, seen)]
