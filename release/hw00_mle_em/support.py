"""Helpers for HW00 (maximum likelihood, Gaussian mixtures, EM).

Non-secret: shipped with the homework and loaded next to your notebook when it is graded. You do
not need this module to solve the homework. Nothing here decides a grade: the tests only use it
to call your functions next to your code and compare the values that come back on their side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["call_keeping_arrays"]


def call_keeping_arrays(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
    """``fn(*args, **kwargs)`` and the array arguments as they are after the call (copies).

    Lets a test see whether a function changed its inputs in place; non-array arguments come back
    as None.
    """
    result = fn(*args, **kwargs)
    after = [np.array(a, copy=True) if isinstance(a, np.ndarray) else None for a in args]
    return result, after
