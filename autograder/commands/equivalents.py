"""Automatic mutants that survive because they are equivalent, and the mutation score.

An automatic mutant (:mod:`.mutation`) that passes every hidden test is either a gap in the
tests or *equivalent*: it computes the same function on every input the contract allows (say
``transpose(-1, -2)`` turned into ``transpose(-2, -1)``). The author declares the equivalent
ones, with the reason, in ``tests/hidden/equivalent.toml`` (hidden material, never
released)::

    [[mutant]]
    key = "coupling:3fa2b1c9d0e1"        # printed by `validate --mutation-score`
    mutation = "line 4: Add -> Sub"       # for the reader
    why = "the contract fixes L >= 1; the L = 0 path is never taken"

The score is the usual one: killed / (tried - equivalent). A survivor that is not declared is
a gap; a declared mutant that the tests now kill, or that is no longer generated (the solution
changed), is *stale* and reported, so the file stays true.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

__all__ = [
    "EQUIVALENT_FILE",
    "Equivalent",
    "MutationScore",
    "read_equivalents",
    "score_mutants",
]

EQUIVALENT_FILE = "equivalent.toml"


@dataclass(frozen=True)
class Equivalent:
    key: str
    mutation: str
    why: str


@dataclass(frozen=True)
class MutationScore:
    """What the automatic mutants showed (``outcome`` per key: True survived, False killed,
    None could not be graded, which counts as neither)."""

    tried: int
    killed: int
    equivalent: list[tuple[str, str]]  # (key, why) of declared survivors
    gaps: list[str]  # keys of undeclared survivors
    stale: list[str]  # declared keys killed or no longer generated

    @property
    def percent(self) -> float:
        """killed / (tried - equivalent), in percent (100 when nothing is left to kill)."""
        denominator = self.tried - len(self.equivalent)
        return 100.0 if denominator <= 0 else 100.0 * self.killed / denominator


def read_equivalents(path: Path) -> list[Equivalent]:
    """The declared equivalent mutants (none when the file does not exist)."""
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=path, fix="correct the syntax") from exc
    rows = data.get("mutant", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ConfigError("the file must be a list of [[mutant]] entries", path=path)
    out = []
    for i, r in enumerate(rows, start=1):
        key, why = str(r.get("key", "")).strip(), str(r.get("why", "")).strip()
        if not key or not why:
            raise ConfigError(
                f"entry {i} needs both `key` and `why`",
                path=path,
                fix="copy the key that `validate --mutation-score` prints and say why the "
                "mutant computes the same function",
            )
        out.append(Equivalent(key, str(r.get("mutation", "")).strip(), why))
    return out


def score_mutants(
    outcomes: Mapping[str, bool | None],
    declared: Sequence[Equivalent],
    candidates: Collection[str],
) -> MutationScore:
    """The score of ``outcomes`` (key -> survived) given the declared equivalents.

    ``candidates`` are the keys of every mutant the solution has (the graded ones are a
    sample of them): a declared key outside it belongs to a solution that changed."""
    by_key = {e.key: e for e in declared}
    survivors = [k for k, survived in outcomes.items() if survived]
    return MutationScore(
        tried=sum(1 for v in outcomes.values() if v is not None),
        killed=sum(1 for v in outcomes.values() if v is False),
        equivalent=[(k, by_key[k].why) for k in survivors if k in by_key],
        gaps=[k for k in survivors if k not in by_key],
        stale=[e.key for e in declared if e.key not in candidates or outcomes.get(e.key) is False],
    )
