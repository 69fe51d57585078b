"""The evaluation run's plots: confusion matrix, reliability diagrams, precision-recall curves.

Figures are drawn on matplotlib's Agg canvas without pyplot, so no global backend state is
touched; :func:`require_matplotlib` lets the harness fail before any scoring when the
``eval`` extra is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .errors import ContradictError
from .labels import CONTRADICTION, LABEL_INDEX, LABELS
from .metrics import calibration_bins

#: The plot files of a run folder, in the order the harness draws them.
PLOT_FILES = ("confusion_matrix.png", "reliability.png", "precision_recall.png")


def require_matplotlib() -> None:
    """Fail with the extra to install when matplotlib is missing.

    Raises:
        ContradictError: matplotlib is not installed.
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ContradictError(
            "the evaluation report draws plots with matplotlib, which is not installed: "
            "pip install 'contradict[eval]'"
        ) from exc


def _figure():
    """A figure on the Agg canvas, without pyplot, so no global backend state is touched."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 5), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def plot_confusion_matrix(matrix: list[list[int]], path: Path, title: str) -> None:
    """Gold rows against predicted columns, in canonical label order."""
    from sklearn.metrics import ConfusionMatrixDisplay

    figure = _figure()
    axes = figure.add_subplot()
    ConfusionMatrixDisplay(np.array(matrix), display_labels=list(LABELS)).plot(ax=axes, cmap="Blues", colorbar=False)
    axes.set_xlabel("predicted")
    axes.set_ylabel("gold")
    axes.set_title(title)
    figure.savefig(path, dpi=120)


def plot_reliability(
    gold: Sequence[str], probabilities: dict[str, np.ndarray], path: Path, n_bins: int = 10
) -> None:
    """Reliability diagrams: predicted-label confidence, and the contradiction probability."""
    figure = _figure()
    figure.set_size_inches(10, 4.5)
    gold_index = np.array([LABEL_INDEX[label] for label in gold])
    panels = figure.subplots(1, 2)
    for axes, which in zip(panels, ("predicted label", "contradiction")):
        axes.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfect calibration")
        for name, rows in probabilities.items():
            if which == "predicted label":
                forecast, outcome = rows.max(axis=1), rows.argmax(axis=1) == gold_index
            else:
                forecast, outcome = rows[:, LABEL_INDEX[CONTRADICTION]], gold_index == LABEL_INDEX[CONTRADICTION]
            bins = calibration_bins(forecast, outcome, n_bins)
            axes.plot(bins["mean_probability"], bins["observed_rate"], marker="o", label=name)
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1)
        axes.set_xlabel(f"mean probability ({which})")
        axes.set_ylabel("observed frequency")
        axes.set_title(f"reliability: {which}")
        axes.legend(loc="upper left", fontsize="small")
    figure.savefig(path, dpi=120)


def plot_precision_recall(gold: Sequence[str], probabilities: dict[str, np.ndarray], path: Path) -> None:
    """Precision-recall curves of the contradiction probability, with the chance line."""
    from sklearn.metrics import PrecisionRecallDisplay

    figure = _figure()
    axes = figure.add_subplot()
    is_contradiction = np.array(gold) == CONTRADICTION
    if is_contradiction.any():
        for name, rows in probabilities.items():
            PrecisionRecallDisplay.from_predictions(
                is_contradiction, rows[:, LABEL_INDEX[CONTRADICTION]], name=name, ax=axes
            )
        axes.axhline(is_contradiction.mean(), linestyle=":", color="grey", label="chance (prevalence)")
        axes.legend(loc="upper right", fontsize="small")
        axes.set_xlabel("recall")
        axes.set_ylabel("precision")
    else:
        axes.text(0.5, 0.5, "no gold contradiction pairs", ha="center", va="center")
    axes.set_title("contradiction: precision-recall")
    figure.savefig(path, dpi=120)
