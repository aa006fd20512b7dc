"""The learned model: reminiscence-against-argument weights, and the cost of a change.

``data/model.json`` is written by ``benchmarks/train_sections.py``: a logistic
regression over :data:`~lecteur.sections.evidence.FEATURES` giving the log-odds
of reminiscence against argument, fitted on real labelled essays
(standardisation already folded into the weights), the learned words of each
language (a naive-Bayes table read by the ``vocabulary`` feature), and the
learned cost of a change of kind.  It is read here with the standard library only: loading it
takes well under a millisecond.

Transitions are not learned: a reader calls T what has no kind (a title, a
caption, a link line, an embed, a hinge), they never count in the score, and
the policy defines them by form.  A paragraph of that form (``Columns.hinge``)
may be a transition, with a fixed score (:data:`~tuning.TRANSITION_SCORE`); the
sequence pass then makes it one only where it does not sit inside a section.

Scores are computed column by column, so that a book of 40,000 paragraphs costs
one pass per feature.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from lecteur.sections import tuning
from lecteur.sections.evidence import FEATURES, Columns, Vocabulary


@dataclass(frozen=True, slots=True)
class Model:
    """Weights (aligned with :data:`FEATURES`) and the learned change costs."""

    weights: tuple[float, ...]
    """Log-odds of reminiscence against argument, per unit of each feature."""
    change_cost: float
    """Log-odds against a change of kind between two paragraphs."""
    heading_change_cost: float
    """The same where a heading or a break stands between them (sections start there)."""
    trained_on: str = ""
    vocabulary: Mapping[str, Vocabulary] = field(default_factory=dict, compare=False)
    """Learned words per language (the ``vocabulary`` feature); none: the feature is 0."""

    def words(self, language: str) -> Vocabulary | None:
        """The learned words of *language* (English's for a language without its own)."""
        return self.vocabulary.get(language) or self.vocabulary.get("en")

    def weight(self, feature: str) -> float:
        """The weight of a feature, counting the set heading prior (see :func:`margins`)."""
        return self.weights[_POSITION[feature]] + _PRIOR.get(feature, 0.0)


_POSITION = {name: k for k, name in enumerate(FEATURES)}
_PRIOR = {"heading_past": tuning.HEADING_PRIOR, "heading_present": -tuning.HEADING_PRIOR}
"""Set, not learned, weights added to the learned ones (see tuning.HEADING_PRIOR)."""


def from_dict(data: dict[str, Any]) -> Model:
    """A model from its JSON form; features missing from the file weigh nothing."""
    given = dict(zip(data["features"], data["weights"]))
    costs = data["costs"]
    words = data.get("vocabulary") or {}
    return Model(
        tuple(float(given.get(name, 0.0)) for name in FEATURES),
        float(costs["change"]),
        float(costs["heading_change"]),
        str(data.get("trained_on", "")),
        {language: Vocabulary(table) for language, table in words.items()},
    )


@cache
def shipped() -> Model:
    """The model shipped in the package (``data/model.json``)."""
    text = resources.files("lecteur.sections").joinpath("data/model.json").read_text("utf-8")
    return from_dict(json.loads(text))


def margins(model: Model, cols: Columns) -> list[float]:
    """Log-odds of reminiscence against argument, per paragraph of *cols*."""
    out = [0.0] * cols.n
    for name in FEATURES:
        w = model.weight(name)
        if w == 0.0:
            continue
        column = cols.dense.get(name)
        if column is not None:
            out = [a + w * x for a, x in zip(out, column)]
        else:
            values = cols.sparse.get(name)
            for j, x in values.pairs() if values is not None else ():
                out[j] += w * x
    return out


def emissions(model: Model, cols: Columns) -> list[tuple[float, float, float]]:
    """Log-scores (R, A, T) per paragraph: log-probabilities of R and A, and the fixed
    transition score by the paragraph's form (-inf for prose: never a transition)."""
    by_form = (-math.inf, tuning.HINGE_SCORE, tuning.TRANSITION_SCORE)
    out: list[tuple[float, float, float]] = []
    append = out.append
    log1p, exp = math.log1p, math.exp
    for d, form in zip(margins(model, cols), cols.form):
        # log-sigmoid, stable on both sides
        z = d + log1p(exp(-d)) if d >= 0 else log1p(exp(d))
        append((d - z, -z, by_form[form]))
    return out


def contributions(model: Model, cols: Columns, j: int) -> list[tuple[float, str, float, float]]:
    """``(value × weight, feature, value, weight)`` towards reminiscence, for paragraph
    ``lo + j``, strongest first (negative: towards argument)."""
    out: list[tuple[float, str, float, float]] = []
    for name, x in cols.row(j).items():
        w = model.weight(name)
        if w != 0.0 and name != "bias":
            out.append((x * w, name, x, w))
    out.sort(key=lambda c: -abs(c[0]))
    return out
