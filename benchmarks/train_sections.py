"""Learn the section model from real labelled essays, and measure it honestly.

    .venv/bin/python benchmarks/train_sections.py cv      # leave-one-essay-out report
    .venv/bin/python benchmarks/train_sections.py train   # rewrite data/model.json

Needs numpy (``pip install -e '.[train]'``); the app itself never does.

The model is a logistic regression of reminiscence against argument over the
features of ``lecteur.sections.evidence`` (standardised while fitting, the
scaling folded into the shipped weights), with an L2 penalty and each weight
kept on its reader's side (``evidence.DIRECTION``).  Paragraphs a reader called
T are not learned from: transitions are recognised by form (``model.py``).  The cost of a
change of kind in the sequence pass is learned from the label sequences: the
log-odds of staying against changing, between two paragraphs with a heading (or
a break) between them and without.

``cv`` trains 36 times, each time on every real essay but one, splits the one
left out with that model and scores it as a reader of the app would see it (a
line counts when the section its paragraph lands in has its label; T lines are
don't-care).  The team's essays are scored with the model trained on all real
essays.  Both sets are read with ``sections_corpus``; the real essays are
skipped when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lecteur.sections import doc_from_essay, split_essay, tuning
from lecteur.sections.evidence import DIRECTION, FEATURES, columns
from lecteur.sections.model import Model, from_dict
from sections_corpus import (
    ROOT,
    Labelled,
    kinds_of,
    load_real,
    load_team,
    real_dir,
    score,
)

MODEL_PATH = ROOT / "src" / "lecteur" / "sections" / "data" / "model.json"


# --------------------------------------------------------------------------- data


class Rows:
    """Feature rows of the paragraphs a reader called R or A, with their labels."""

    def __init__(self, items: Sequence[Labelled]) -> None:
        xs: list[list[float]] = []
        ys: list[float] = []
        owner: list[int] = []
        weight: list[float] = []
        for k, item in enumerate(items):
            cols = columns(doc_from_essay(item.essay))
            units = [0] * cols.n
            for lab, p in zip(item.line_labels, item.line_paragraph):
                units[p] += lab != "transition"
            for j in range(cols.n):
                lab = item.paragraph_labels[j]
                if lab == "transition":
                    continue  # no kind to learn (transitions are by form, see model.py)
                # a paragraph weighs what it weighs in the score (a list of five
                # labelled items counts five times)
                weight.append(float(units[j]))
                xs.append([cols.value(name, j) for name in FEATURES])
                ys.append(1.0 if lab == "reminiscence" else 0.0)
                owner.append(k)
        self.x = np.array(xs, dtype=float).reshape(len(ys), len(FEATURES))
        self.y = np.array(ys, dtype=float)
        self.owner = np.array(owner, dtype=int)
        self.weight = np.array(weight, dtype=float)
        # the set heading prior (tuning.HEADING_PRIOR) is part of the log-odds in
        # training as at run time, so the learned weights do not count it twice
        past, present = FEATURES.index("heading_past"), FEATURES.index("heading_present")
        self.offset = tuning.HEADING_PRIOR * (self.x[:, past] - self.x[:, present])

    def subset(self, keep: np.ndarray) -> Rows:
        out = object.__new__(Rows)
        out.x, out.y, out.owner, out.weight, out.offset = (
            self.x[keep],
            self.y[keep],
            self.owner[keep],
            self.weight[keep],
            self.offset[keep],
        )
        return out


# --------------------------------------------------------------------------- fitting


def fit(rows: Rows, l2: float = tuning.TRAIN_L2, steps: int = 3000) -> np.ndarray:
    """Weights (log-odds of R against A per unit of each feature), raw feature scale.

    Deterministic: zero start, full-batch projected gradient descent with Nesterov
    momentum on standardised features; after each step a weight on the wrong side of
    its reader's direction (``evidence.DIRECTION``) is set to zero.  The problem is
    convex; 3,000 steps reach a gradient far below what changes a decision.
    """
    x = rows.x
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    bias = FEATURES.index("bias")
    mean[bias], std[bias] = 0.0, 1.0
    std[std < 1e-9] = 1.0
    z = (x - mean) / std
    n, f = z.shape
    sample = rows.weight / rows.weight.sum()
    penalty = np.full(f, l2 / n)
    penalty[bias] = 0.0
    signs = np.array([DIRECTION.get(name, 0) for name in FEATURES], dtype=float)
    w = np.zeros(f)
    v = np.zeros(f)
    lr, mom = 0.5, 0.9
    for _ in range(steps):
        ahead = w + mom * v
        p = 1.0 / (1.0 + np.exp(-(z @ ahead + rows.offset)))
        grad = z.T @ (sample * (p - rows.y)) + ahead * penalty
        v = mom * v - lr * grad
        w = w + v
        w[signs * w < 0] = 0.0
    # fold the standardisation into raw-scale weights
    raw = w / std
    raw[bias] = w[bias] - (w * mean / std).sum()  # mean[bias] is 0
    return raw


def change_costs(items: Sequence[Labelled]) -> dict[str, float]:
    """Log-odds of staying against changing kind, without and with a heading between."""
    counts = {False: [0.0, 0.0], True: [0.0, 0.0]}  # boundary -> [stay, change]
    for item in items:
        doc = doc_from_essay(item.essay)
        prev: str | None = None
        crossed = False
        for j, lab in enumerate(item.paragraph_labels):
            crossed = crossed or doc.boundary[j]
            if lab == "transition":
                continue
            if prev is not None:
                counts[crossed][0 if lab == prev else 1] += 1
            prev, crossed = lab, False
    k = tuning.CHANGE_SMOOTHING
    scale = tuning.TRANSITION_SCALE

    def cost(boundary: bool) -> float:
        stay, change = counts[boundary]
        return round(scale * math.log((stay + k) / (change + k)), 4)

    return {"change": cost(False), "heading_change": cost(True)}


def train(items: Sequence[Labelled], rows: Rows | None = None) -> dict[str, Any]:
    """The model file's content, learned from *items*."""
    rows = rows or Rows(items)
    w = fit(rows)
    return {
        "about": "Learned by benchmarks/train_sections.py; do not edit by hand.",
        "trained_on": f"{len(items)} essays, {len(rows.y)} paragraphs",
        "features": list(FEATURES),
        "weights": [round(float(x), 5) for x in w],
        "costs": change_costs(items),
    }


# --------------------------------------------------------------------------- evaluation


def predict(item: Labelled, model: Model) -> list[str]:
    return kinds_of(split_essay(item.essay, model=model), len(item.essay.paragraphs))


def predict_today(item: Labelled) -> list[str]:
    """Today's hand-tuned splitter (``sections_reference.py``) as the app calls it."""
    import sections_reference

    essay = item.essay
    fixed = [sections_reference.Fixed(*f) for f in essay.fixed_ranges()]
    sections = sections_reference.split_sections(
        essay.texts(),
        language=essay.language,
        headings=essay.headings_for_paragraphs(),
        block_kinds=essay.block_kinds(),
        fixed=fixed,
    )
    return kinds_of(sections, len(essay.paragraphs))


def report(title: str, results: Sequence[tuple[Labelled, int, int]]) -> float:
    print(f"\n{title}")
    print(f"  {'essay':46s} {'lang':4s} {'right':>5s} {'of':>4s}  score  today's")
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    today_all = 0
    for item, right, total in results:
        today, _ = score(item, predict_today(item))
        today_all += today
        by_lang[item.language][0] += right
        by_lang[item.language][1] += total
        by_lang[item.language][2] += today
        pct = right / total if total else 1.0
        was = today / total if total else 1.0
        print(
            f"  {item.id[:46]:46s} {item.language:4s} {right:5d} {total:4d}  {pct:.3f}  {was:.3f}"
        )
    right = sum(r for _, r, _ in results)
    total = sum(t for _, _, t in results)
    for language, (r, t, old) in sorted(by_lang.items()):
        print(f"  language {language}: {r}/{t} = {r / t:.3f}   (today's splitter {old / t:.3f})")
    print(f"  today's splitter overall: {today_all}/{total} = {today_all / total:.3f}")
    worst = min(results, key=lambda x: x[1] / x[2] if x[2] else 1.0)
    print(f"  lowest essay: {worst[0].id} {worst[1]}/{worst[2]} = {worst[1] / worst[2]:.3f}")
    print(f"  overall: {right}/{total} = {right / total:.3f}")
    return right / total


def cross_validate(real: Sequence[Labelled]) -> list[tuple[Labelled, int, int]]:
    rows = Rows(real)
    out = []
    for k, item in enumerate(real):
        model = from_dict(
            train([x for i, x in enumerate(real) if i != k], rows.subset(rows.owner != k))
        )
        right, total = score(item, predict(item, model))
        out.append((item, right, total))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("cv", "train"))
    args = ap.parse_args()
    path = real_dir()
    if path is None:
        print("real corpus not found (../shared/corpora/sections-real or $LECTEUR_SECTIONS_REAL)")
        sys.exit(0 if args.command == "cv" else 1)
    t0 = time.perf_counter()
    real = load_real(path)
    if args.command == "train":
        data = train(real)
        MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(
            f"wrote {MODEL_PATH.relative_to(ROOT)} ({MODEL_PATH.stat().st_size} bytes): "
            f"{data['trained_on']}"
        )
        return
    cv = cross_validate(real)
    report(f"leave-one-essay-out on {len(real)} real essays ({path})", cv)
    model = from_dict(train(real))
    team = [(item, *score(item, predict(item, model))) for item in load_team()]
    report("team essays (tests/data/sections), model trained on all real essays", team)
    print(f"\n({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
