"""The codec carries data only, round-trips it exactly, and rejects anything malformed."""

from __future__ import annotations

import contextlib
import math
from collections import OrderedDict

import msgpack
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.errors import ProtocolError
from autograder.wire.codec import Handle, decode, encode

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, derandomize=True)
@given(values)
def test_plain_values_round_trip(v: object) -> None:
    assert decode(encode(v)) == v


@settings(max_examples=100, derandomize=True)
@given(
    hnp.arrays(
        dtype=st.sampled_from(
            [np.bool_, np.int8, np.int64, np.uint8, np.float32, np.float64, np.complex128]
        ),
        shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4),
    )
)
def test_numpy_arrays_round_trip_bit_exactly(a: np.ndarray) -> None:
    b = decode(encode(a))
    assert isinstance(b, np.ndarray)
    assert b.dtype == a.dtype and b.shape == a.shape
    assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize(
    "dtype",
    [
        torch.bool,
        torch.uint8,
        torch.int32,
        torch.int64,
        torch.float16,
        torch.bfloat16,
        torch.float32,
        torch.float64,
        torch.complex64,
    ],
)
def test_tensors_round_trip_with_dtype_and_shape(dtype: torch.dtype) -> None:
    t = (torch.arange(24, dtype=torch.float64).reshape(2, 3, 4) - 7).to(dtype)
    u = decode(encode(t))
    assert isinstance(u, torch.Tensor) and u.dtype == dtype and u.shape == t.shape
    assert torch.equal(u, t)


def test_noncontiguous_grad_and_zero_size_tensors() -> None:
    x = torch.randn(4, 5, requires_grad=True)
    got = decode(encode({"t": x.T[1:], "e": torch.empty(0, 3)}))
    assert torch.equal(got["t"], x.detach().T[1:]) and not got["t"].requires_grad
    assert got["e"].shape == (0, 3)


def test_containers_keep_their_kind() -> None:
    v = (1, [2, (3, 4)], {"a": (5,)}, torch.Size([2, 3]), OrderedDict(w=1), 1 + 2j, np.float32(1.5))
    got = decode(encode(v))
    assert got[:3] == (1, [2, (3, 4)], {"a": (5,)})
    assert got[3] == (2, 3) and got[4] == {"w": 1} and got[5] == 1 + 2j
    assert isinstance(got[6], np.float32)
    assert math.isnan(decode(encode(float("nan"))))


def test_objects_are_refused_without_fallback_and_become_handles_with_one() -> None:
    class Thing:
        pass

    with pytest.raises(ProtocolError, match="Thing"):
        encode(Thing())
    assert decode(encode([Thing()], fallback=lambda o: Handle(7))) == [Handle(7)]


def test_object_with_eq_always_true_cannot_travel() -> None:
    class Liar:
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

    with pytest.raises(ProtocolError):
        encode(Liar())


def test_limit_is_enforced() -> None:
    with pytest.raises(ProtocolError, match="exceeds"):
        encode(np.zeros(1000), limit=100)


@pytest.mark.parametrize(
    "payload",
    [
        b"\xc1",  # never-used msgpack byte
        b"\x92\x01",  # array of 2 with one item
        msgpack.packb({1: 2}),  # int key
        msgpack.packb({b"k": 2}, use_bin_type=True),  # bytes key
        msgpack.packb(msgpack.ExtType(99, b"")),  # unknown ext
        msgpack.packb(
            msgpack.ExtType(2, msgpack.packb(["float64", [2, 2], b"\x00" * 8], use_bin_type=True)),
            use_bin_type=True,
        ),  # short buffer
        msgpack.packb(
            msgpack.ExtType(2, msgpack.packb(["object", [1], b"\x00" * 8], use_bin_type=True)),
            use_bin_type=True,
        ),  # bad dtype
        msgpack.packb(
            msgpack.ExtType(1, msgpack.packb(["float64", [-1], b""], use_bin_type=True)),
            use_bin_type=True,
        ),  # negative dim
        msgpack.packb(msgpack.ExtType(3, msgpack.packb("x")), use_bin_type=True),  # handle not int
        b"\x91" * 100000 + b"\xc0",  # absurd nesting
    ],
)
def test_malformed_frames_are_protocol_errors(payload: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode(payload)


@settings(max_examples=300, derandomize=True)
@given(st.binary(max_size=64))
def test_random_bytes_never_crash_the_decoder(data: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        decode(data)


def test_nesting_limit_and_keys_inside_containers() -> None:
    assert decode(b"\x91" * 100 + b"\xc0") is not None  # 100 nested lists: allowed
    with pytest.raises(ProtocolError, match="deeply"):
        decode(b"\x91" * 101 + b"\xc0")
    inner = msgpack.packb([{b"k": 1}], use_bin_type=True)  # a bytes key inside a tuple
    with pytest.raises(ProtocolError, match="keys"):
        decode(msgpack.packb(msgpack.ExtType(4, inner), use_bin_type=True))
