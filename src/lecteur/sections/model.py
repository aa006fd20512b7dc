"""The learned model: per-kind weights over the features, and the cost of a change.

``data/model.json`` is written by ``benchmarks/train_sections.py`` (a logistic
regression over :data:`~lecteur.sections.evidence.FEATURES`, fitted on real
labelled essays; standardisation already folded into the weights) and read here
with the standard library only: loading it takes about a millisecond.

Scores are computed column by column, so that a book of 40,000 paragraphs costs
one pass per feature, and only the difference between kinds is computed where
that is all the sequence pass needs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lecteur.sections import tuning
from lecteur.sections.evidence import FEATURES, Columns

R, A, T = "reminiscence", "argument", "transition"
MODEL_KINDS = (R, A, T)


@dataclass(frozen=True, slots=True)
class Model:
    """Weights per kind (aligned with :data:`FEATURES`) and the learned change costs."""

    weights: dict[str, tuple[float, ...]]
    change_cost: float
    """Log-odds against a change of kind between two paragraphs."""
    heading_change_cost: float
    """The same where a heading or a break stands between them (sections start there)."""
    transition_cost: float
    """Log-odds against a transition paragraph, beyond what its features say."""
    trained_on: str = ""

    def weight(self, kind: str, feature: str) -> float:
        return self.weights[kind][_POSITION[feature]]


_POSITION = {name: k for k, name in enumerate(FEATURES)}
_HEADING_SIGN = {R: 1.0, A: 0.0, T: 0.0}
"""How the heading prior enters each kind's score (R − A gets the whole prior)."""


def from_dict(data: dict[str, Any]) -> Model:
    """A model from its JSON form; features missing from the file weigh nothing."""
    names: list[str] = data["features"]
    weights: dict[str, tuple[float, ...]] = {}
    for kind in MODEL_KINDS:
        given = dict(zip(names, data["weights"][kind]))
        weights[kind] = tuple(float(given.get(name, 0.0)) for name in FEATURES)
    costs = data["costs"]
    return Model(
        weights,
        float(costs["change"]),
        float(costs["heading_change"]),
        float(costs["transition"]),
        str(data.get("trained_on", "")),
    )


@cache
def shipped() -> Model:
    """The model shipped in the package (``data/model.json``)."""
    text = resources.files("lecteur.sections").joinpath("data/model.json").read_text("utf-8")
    return from_dict(json.loads(text))


def margins(model: Model, cols: Columns, kind: str, other: str) -> list[float]:
    """``score(kind) - score(other)`` per paragraph of *cols*."""
    wk, wo = model.weights[kind], model.weights[other]
    out = [0.0] * cols.n
    for name, k in _POSITION.items():
        w = wk[k] - wo[k]
        if w == 0.0:
            continue
        column = cols.dense.get(name)
        if column is not None:
            out = [a + w * x for a, x in zip(out, column)]
        else:
            for j, x in cols.sparse.get(name, {}).items():
                out[j] += w * x
    return out


def emissions(
    model: Model, cols: Columns
) -> list[tuple[float, float, float]]:
    """Log-probabilities (R, A, T) per paragraph; T is impossible for long prose."""
    ra = margins(model, cols, R, A)
    prior = tuning.HEADING_PRIOR
    for j in cols.sparse.get("heading_past", {}):
        ra[j] += prior
    for j in cols.sparse.get("heading_present", {}):
        ra[j] -= prior
    ta = margins(model, cols, T, A)
    neg = -math.inf
    out: list[tuple[float, float, float]] = []
    append = out.append
    for d, t, hinge in zip(ra, ta, cols.hinge):
        if hinge:
            t -= model.transition_cost
            top = max(d, t, 0.0)
            z = top + math.log(math.exp(d - top) + math.exp(-top) + math.exp(t - top))
            append((d - z, -z, t - z))
        else:
            # log-sigmoid, stable on both sides
            if d >= 0:
                z = d + math.log1p(math.exp(-d))
            else:
                z = math.log1p(math.exp(d))
            append((d - z, -z, neg))
    return out


def contributions(
    model: Model, cols: Columns, j: int, kind: str, others: Sequence[str]
) -> list[tuple[float, str, float, float]]:
    """``(towards kind, feature, value, weight)`` for paragraph ``lo + j``.

    The weight is that of *kind* against the mean of the *others*, so that a
    positive contribution pushes the paragraph towards the kind it was given.
    """
    out: list[tuple[float, str, float, float]] = []
    wk = model.weights[kind]
    # the set heading prior counts like a weight (see emissions)
    prior = {
        "heading_past": _HEADING_SIGN[kind] - sum(_HEADING_SIGN[o] for o in others) / len(others),
    }
    prior["heading_present"] = -prior["heading_past"]
    for name, k in _POSITION.items():
        x = cols.value(name, j)
        if x == 0.0 or name == "bias":
            continue
        w = wk[k] - sum(model.weights[o][k] for o in others) / len(others)
        w += tuning.HEADING_PRIOR * prior.get(name, 0.0)
        out.append((x * w, name, x, w))
    out.sort(key=lambda c: -abs(c[0]))
    return out
