"""Helpers for HW09 (evaluating generative models).

Non-secret: shipped with the homework and loaded next to your notebook when it is graded. You
do not need this module to solve the homework. Nothing here decides a grade: the tests use it
only to call your functions next to your code and look at the values that come back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["call_keeping_inputs"]


def call_keeping_inputs(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
    """``fn(*args, **kwargs)`` and copies of the numpy array arguments as they are after the call.

    Lets a test see whether a function changed its inputs in place.
    """
    result = fn(*args, **kwargs)
    after = [np.array(a, copy=True) if isinstance(a, np.ndarray) else None for a in args]
    return result, after
