"""The value codec between the trusted side and the sandbox: msgpack with typed buffers.

Both directions carry only data: None, bool, int, float, complex, str, bytes, lists, tuples,
dicts with str keys, numpy arrays and scalars, torch tensors (dtype, shape, raw bytes) and
*handles* (integers naming an object that stays in the sandbox). Decoding never runs code:
no pickle, no eval, no import by name; every buffer is checked against its dtype and shape,
and anything else is a :class:`~autograder.errors.ProtocolError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import msgpack
import numpy as np
import torch

from ..errors import ProtocolError

__all__ = ["Handle", "decode", "encode"]

_EXT_NDARRAY = 1
_EXT_TENSOR = 2
_EXT_HANDLE = 3
_EXT_TUPLE = 4
_EXT_COMPLEX = 5
_EXT_NPSCALAR = 6

_NUMPY_DTYPES = {
    name: np.dtype(name)
    for name in (
        "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64", "complex64", "complex128",
    )
}  # fmt: skip

_TORCH_DTYPES: dict[str, torch.dtype] = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
_TORCH_NAMES = {v: k for k, v in _TORCH_DTYPES.items()}
_TORCH_ITEMSIZE = {name: dt.itemsize for name, dt in _TORCH_DTYPES.items()}
_NUMPY_ITEMSIZE = {name: dt.itemsize for name, dt in _NUMPY_DTYPES.items()}


@dataclass(frozen=True)
class Handle:
    """A reference to an object that lives on the other side (by id, never by value)."""

    id: int


def _pack_ndarray(a: np.ndarray[Any, Any]) -> bytes:
    name = a.dtype.name
    if name not in _NUMPY_DTYPES:
        raise ProtocolError(
            f"numpy dtype {a.dtype} cannot be sent (allowed: {', '.join(_NUMPY_DTYPES)})"
        )
    arr = a if a.flags.c_contiguous else a.copy(order="C")
    return msgpack.packb([name, list(arr.shape), arr.tobytes()], use_bin_type=True)  # type: ignore[no-any-return]


def _pack_tensor(t: torch.Tensor) -> bytes:
    name = _TORCH_NAMES.get(t.dtype)
    if name is None:
        raise ProtocolError(f"tensor dtype {t.dtype} cannot be sent")
    if t.layout != torch.strided:
        t = t.to_dense()
    if t.requires_grad:
        t = t.detach()
    if t.device.type != "cpu":
        t = t.cpu()
    if not t.is_contiguous():
        t = t.contiguous()
    if name == "bfloat16":
        raw = t.view(torch.int16).numpy().tobytes()
    else:
        if t.is_conj():
            t = t.resolve_conj()
        if t.is_neg():
            t = t.resolve_neg()
        raw = t.numpy().tobytes()
    return msgpack.packb([name, list(t.shape), raw], use_bin_type=True)  # type: ignore[no-any-return]


class _Encoder:
    """One ``encode`` call's options; ``default`` turns what msgpack cannot pack into ext types."""

    __slots__ = ("fallback", "limit")

    def __init__(self, fallback: Callable[[Any], Handle] | None, limit: int | None) -> None:
        self.fallback = fallback
        self.limit = limit

    def default(self, obj: Any) -> Any:
        if isinstance(obj, torch.Tensor):
            self._check_size(obj.numel() * obj.element_size())
            return msgpack.ExtType(_EXT_TENSOR, _pack_tensor(obj))
        if isinstance(obj, tuple):  # namedtuples, torch.Size, return_types
            return msgpack.ExtType(_EXT_TUPLE, self.packb(list(obj)))
        if isinstance(obj, Handle):
            return msgpack.ExtType(_EXT_HANDLE, msgpack.packb(obj.id))
        if isinstance(obj, np.ndarray):
            self._check_size(obj.nbytes)
            return msgpack.ExtType(_EXT_NDARRAY, _pack_ndarray(obj))
        if isinstance(obj, np.generic):
            return msgpack.ExtType(_EXT_NPSCALAR, _pack_ndarray(np.asarray(obj)))
        if isinstance(obj, complex):
            return msgpack.ExtType(_EXT_COMPLEX, msgpack.packb([obj.real, obj.imag]))
        if isinstance(obj, Mapping) and all(isinstance(k, str) for k in obj):
            return dict(obj)  # OrderedDict (a state_dict), mappingproxy, ...
        if isinstance(obj, set | frozenset):
            return list(obj)
        if self.fallback is not None:
            return self.default(self.fallback(obj))
        raise ProtocolError(f"a value of type {type(obj).__name__} cannot be sent by value")

    def _check_size(self, size: int) -> None:
        if self.limit is not None and size > self.limit:  # refuse before copying hundreds of MB
            raise ProtocolError(
                f"value of {size:,} bytes exceeds the limit of {self.limit:,} bytes"
            )

    def packb(self, obj: Any) -> bytes:
        try:
            return msgpack.packb(obj, default=self.default, use_bin_type=True, strict_types=True)  # type: ignore[no-any-return]
        except (OverflowError, ValueError, TypeError) as exc:  # e.g. an int beyond 64 bits
            raise ProtocolError(f"value cannot be encoded: {exc}") from exc


_PLAIN = _Encoder(None, None)


def encode(
    value: Any, *, fallback: Callable[[Any], Handle] | None = None, limit: int | None = None
) -> bytes:
    """Serialise ``value``; objects that are not data go through ``fallback`` (e.g. become handles).

    Without a fallback such an object is a :class:`ProtocolError` naming its type.
    """
    encoder = _PLAIN if fallback is None and limit is None else _Encoder(fallback, limit)
    data = encoder.packb(value)
    if limit is not None and len(data) > limit:
        raise ProtocolError(f"value of {len(data):,} bytes exceeds the limit of {limit:,} bytes")
    return data


def _check_buffer(meta: Any, table: Mapping[str, Any]) -> tuple[str, tuple[int, ...], bytes]:
    if not (isinstance(meta, list) and len(meta) == 3):
        raise ProtocolError("malformed array header")
    name, shape, raw = meta
    if not isinstance(name, str) or name not in table:
        raise ProtocolError(f"array dtype {name!r} is not allowed")
    if not (
        isinstance(shape, list)
        and all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in shape)
    ):
        raise ProtocolError("array shape must be a list of non-negative ints")
    if len(shape) > 32 or not isinstance(raw, bytes):
        raise ProtocolError("malformed array")
    itemsize = _TORCH_ITEMSIZE[name] if table is _TORCH_DTYPES else _NUMPY_ITEMSIZE[name]
    count = 1
    for s in shape:
        count *= s
    if count * itemsize != len(raw):
        raise ProtocolError(
            f"array of shape {shape} and dtype {name} needs {count * itemsize} bytes, got {len(raw)}"
        )
    return name, tuple(shape), raw


def _unpack_ndarray(data: bytes) -> np.ndarray[Any, Any]:
    name, shape, raw = _check_buffer(msgpack.unpackb(data, raw=False), _NUMPY_DTYPES)
    return np.frombuffer(raw, dtype=_NUMPY_DTYPES[name]).reshape(shape).copy()


def _unpack_tensor(data: bytes) -> torch.Tensor:
    name, shape, raw = _check_buffer(msgpack.unpackb(data, raw=False), _TORCH_DTYPES)
    dtype = _TORCH_DTYPES[name]
    if not raw:
        return torch.empty(shape, dtype=dtype)
    if dtype == torch.bfloat16:
        return (
            torch.frombuffer(bytearray(raw), dtype=torch.int16).view(torch.bfloat16).reshape(shape)
        )
    return torch.frombuffer(bytearray(raw), dtype=dtype).reshape(shape)


def _pairs(pairs: list[tuple[Any, Any]]) -> dict[str, Any]:
    """A map's pairs as a dict; keys must be str (msgpack's strict_map_key still admits bytes)."""
    for k, _ in pairs:
        if type(k) is not str:
            raise ProtocolError("dict keys must be str")
    return dict(pairs)


def _ext_hook(code: int, payload: bytes) -> Any:
    if code == _EXT_TENSOR:
        return _unpack_tensor(payload)
    if code == _EXT_NDARRAY:
        return _unpack_ndarray(payload)
    if code == _EXT_NPSCALAR:
        return _unpack_ndarray(payload)[()]
    if code == _EXT_TUPLE:
        items = _unpackb(payload)
        if not isinstance(items, list):
            raise ProtocolError("malformed tuple")
        return tuple(items)
    if code == _EXT_COMPLEX:
        parts = msgpack.unpackb(payload)
        if not (
            isinstance(parts, list) and len(parts) == 2 and all(isinstance(p, float) for p in parts)
        ):
            raise ProtocolError("malformed complex")
        return complex(parts[0], parts[1])
    if code == _EXT_HANDLE:
        hid = msgpack.unpackb(payload)
        if not isinstance(hid, int) or isinstance(hid, bool) or hid < 0:
            raise ProtocolError("malformed handle")
        return Handle(hid)
    raise ProtocolError(f"unknown value type {code}")


def _unpackb(payload: bytes) -> Any:
    try:
        return msgpack.unpackb(
            payload,
            ext_hook=_ext_hook,
            object_pairs_hook=_pairs,
            raw=False,
            strict_map_key=True,
        )
    except ProtocolError:
        raise
    except Exception as exc:  # msgpack's own errors: ExtraData, FormatError, StackError, ...
        raise ProtocolError(f"malformed frame: {type(exc).__name__}: {exc}") from exc


MAX_DEPTH = 100


def decode(data: bytes) -> Any:
    """Deserialise bytes made by :func:`encode`; anything unexpected is a ``ProtocolError``."""
    value = _unpackb(data)
    _check_depth(value)
    return value


def _check_depth(value: Any) -> None:
    """Containers nest at most :data:`MAX_DEPTH` deep (the trusted side walks values recursively)."""
    level = [value]
    for _ in range(MAX_DEPTH):
        level = [
            v
            for c in level
            if type(c) in (list, tuple, dict)
            for v in (c.values() if type(c) is dict else c)
            if type(v) in (list, tuple, dict)
        ]
        if not level:
            return
    raise ProtocolError("value nested too deeply")
