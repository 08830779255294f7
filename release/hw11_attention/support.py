"""Helpers for HW11 (attention and Transformers).

Non-secret: shipped with the homework and loaded next to your notebook when it is graded.
You do not need this module to solve the homework. Nothing here decides a grade: the tests only
use it to call your code next to it, and compare the values that come back on their side.
"""

from __future__ import annotations

from typing import Any

import torch

__all__ = ["call_with_cache_keeping_inputs"]


def call_with_cache_keeping_inputs(
    layer: Any,
    x: torch.Tensor,
    mask: torch.Tensor | None,
    past_k: torch.Tensor,
    past_v: torch.Tensor,
    start_pos: int,
) -> tuple[Any, list[torch.Tensor | None]]:
    """``layer(x, mask, (past_k, past_v), start_pos)`` and ``[x, mask, past_k, past_v]`` as they
    are after the call (so a test can see whether the layer changed its inputs or the cache in place)."""
    result = layer(x, mask, (past_k, past_v), start_pos)
    after = [t.detach().clone() if isinstance(t, torch.Tensor) else None for t in (x, mask, past_k, past_v)]
    return result, after
