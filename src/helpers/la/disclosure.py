"""Disclosure control for la-report's tables: primary and secondary suppression.

A figure resting on too few schools or pupils is withheld (primary suppression). Because
a table also publishes totals (the LA as a whole, its small schools together), a withheld
figure could often be worked out by difference: the small schools' total minus the one
published small band. Secondary suppression withholds further figures until no withheld
figure can be rebuilt from the published ones by any sum or difference.

The test is exact linear algebra. Each group of a year is a sum of *atoms*, the disjoint
groups that make up the LA (the size bands, and the schools in no band). A published group
tells an attacker the sum over its atoms; a withheld group is recoverable exactly when its
atoms' indicator vector lies in the span of the published groups' vectors. Atoms known to
be empty count as published (the cautious assumption). The three additive quantities
(schools, pupils, pupils reaching the measure) share the same structure, so a group is
withheld or published as a whole.

Withheld cells are written with the Government Statistical Service symbol ``[c]``
("confidential") and a note; a group with no schools has ``[z]`` ("not applicable") in
place of a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WITHHELD = "[c]"
NOT_APPLICABLE = "[z]"
PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass
class Cell:
    """One published or withheld group: the atoms it sums, whether it fails the rule."""

    key: str
    atoms: frozenset[int]
    sensitive: bool  # fails the threshold (and is not empty)
    published: bool = True  # may it appear at all? (the schools in no band never do)
    cost: float = 0.0  # what withholding it loses (its pupils); the cheapest goes first
    preference: int = 0  # lower is withheld first among equals (bands before totals)
    withheld: str | None = None  # None, PRIMARY or SECONDARY


def _vector(atoms: frozenset[int], n: int) -> np.ndarray:
    v = np.zeros(n)
    v[list(atoms)] = 1.0
    return v


def recoverable(target: frozenset[int], known: list[frozenset[int]], n: int) -> bool:
    """Can the sum over ``target`` be computed from the sums over each of ``known``?"""
    if not known:
        return False
    matrix = np.array([_vector(k, n) for k in known])
    rank = np.linalg.matrix_rank(matrix)
    return np.linalg.matrix_rank(np.vstack([matrix, _vector(target, n)])) == rank


def _known(cells: list[Cell], empty_atoms: set[int]) -> list[frozenset[int]]:
    known = [c.atoms for c in cells if c.published and c.withheld is None]
    return known + [frozenset([a]) for a in empty_atoms]


def exposed(cells: list[Cell], n_atoms: int, empty_atoms: set[int] = frozenset()) -> list[Cell]:
    """Sensitive cells whose values follow from the published ones."""
    known = _known(cells, set(empty_atoms))
    return [
        c
        for c in cells
        if c.sensitive and (c.withheld is not None or not c.published) and recoverable(c.atoms, known, n_atoms)
    ]


def suppress(cells: list[Cell], n_atoms: int, empty_atoms: set[int] = frozenset()) -> list[Cell]:
    """Mark primary and secondary suppressions in place; returns ``cells``.

    Primary: every sensitive published cell. Secondary: while a sensitive cell is
    recoverable, withhold the first published cell (bands before totals, fewest pupils
    first) whose loss protects at least one of them, until none is recoverable.
    """
    for c in cells:
        if c.sensitive and c.published:
            c.withheld = PRIMARY
    while True:
        now = exposed(cells, n_atoms, empty_atoms)
        if not now:
            return cells
        candidates = sorted(
            (c for c in cells if c.published and c.withheld is None), key=lambda c: (c.preference, c.cost, c.key)
        )
        if not candidates:  # nothing left to withhold: cannot happen, since nothing is then known
            return cells
        best = candidates[0]
        for c in candidates:
            c.withheld = SECONDARY
            gain = len(now) - len(exposed(cells, n_atoms, empty_atoms))
            c.withheld = None
            if gain > 0:
                best = c
                break
        best.withheld = SECONDARY
