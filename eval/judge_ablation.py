"""Judge variants against the shipped recipe, measured on real news only.

    python eval/judge_ablation.py [--real ../shared/real-news-dev/articles.jsonl]

Every variant is fitted like ``contradict fit-judge`` (same dev pairs, domain pairs and
negatives, C chosen by article-grouped cross-validation) and differs in one thing: fewer
features, a lighter weight or none for the in-article negatives, no domain pairs, no backward
NLI pass (which would halve the NLI work of an article). Each is
measured on the real-news set two ways: the contradiction AUC over its gold pairs, and AUC
and average precision over the run-time mix (the gold pairs together with retrieval's other
candidates for each gold statement, counted neutral as in fitting). The test split is never
read. Features are computed once for all variants.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from contradict.dataset import load_dataset
from contradict.detector import Detector, DetectorConfig, context_of
from contradict.fit_judge import UNRELATED_PER_ARTICLE, _unlisted_candidates, gather_nli_pairs
from contradict.judge import DEFAULT_JUDGE_FEATURES, FEATURES, PairContext, fit_judge
from contradict.labels import CONTRADICTION, NEUTRAL

REPO = Path(__file__).resolve().parent.parent
INTERACTIONS = tuple(name for name in DEFAULT_JUDGE_FEATURES if "_x_" in name)
MINIMAL = (
    "nli_fwd_entailment", "nli_fwd_contradiction", "nli_bwd_entailment", "nli_bwd_contradiction",
    "nli_max_contradiction", "statement_denial", "statement_non_denial", "similarity", "claim_similarity",
    "event_overlap", "number_clash", "date_clash", "retrieval_top",
)
FORWARD_ONLY = tuple(name for name in DEFAULT_JUDGE_FEATURES if not name.startswith("nli_bwd_"))
VARIANTS = {
    "shipped recipe": {},
    "no interaction features": {"features": tuple(n for n in DEFAULT_JUDGE_FEATURES if n not in INTERACTIONS)},
    "minimal features": {"features": MINIMAL},
    "in-article negatives at 0.5": {"in_article_weight": 0.5},
    "no in-article negatives": {"in_article_weight": 0.0},
    "no domain pairs": {"domain": False},
    "forward NLI only (half the NLI)": {"features": FORWARD_ONLY, "forward_only": True},
}


def forward_only(features: np.ndarray) -> np.ndarray:
    """The features as they would be without the backward NLI pass (report -> statement):
    the strongest contradiction is the forward one."""
    features = features.copy()
    forward_c = features[:, FEATURES.index("nli_fwd_contradiction")]
    features[:, FEATURES.index("nli_max_contradiction")] = forward_c
    features[:, FEATURES.index("denial_x_nli_contradiction")] = features[:, FEATURES.index("statement_denial")] * forward_c
    return features


def article_rows(detector: Detector, path: Path, cross_article: bool) -> list[tuple]:
    """(article, kind, premise, report, context, label) for gold pairs, in-article negatives
    and (for fitting) cross-article negatives, as ``contradict fit-judge`` gathers them."""
    rng = random.Random(0)
    articles = list(load_dataset(path))
    gold_reports = [(a.id, a.pairs[0].report) for a in articles]
    rows = []
    for article in articles:
        reading = detector.read(article.text, article.subject)
        for gold in article.pairs:
            pair = detector.gold_pair(reading, gold.statement_span, gold.report_span)
            rows.append((article.id, "gold", pair.premise, pair.report.span.text, context_of(pair), gold.label))
        if reading.subject is not None:
            for pair in _unlisted_candidates(detector, article, reading):
                rows.append((article.id, "in-article", pair.premise, pair.report.span.text, context_of(pair), NEUTRAL))
        others = [text for article_id, text in gold_reports if article_id != article.id]
        for _ in range(UNRELATED_PER_ARTICLE if cross_article and others else 0):
            gold = rng.choice(article.pairs)
            pair = detector.gold_pair(reading, gold.statement_span, gold.report_span)
            other = rng.choice(others)
            rows.append((article.id, "cross-article", pair.premise, other, PairContext.from_texts(pair.premise, other), NEUTRAL))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=str(REPO / "eval" / "data" / "dev.jsonl"))
    parser.add_argument("--pairs", default=str(REPO / "models" / "recipe" / "data" / "domain_dev.jsonl"))
    parser.add_argument("--real", default=str(REPO.parent / "shared" / "real-news-dev" / "articles.jsonl"))
    args = parser.parse_args()

    detector = Detector(DetectorConfig()).load()
    train = article_rows(detector, Path(args.dev), cross_article=True)
    domain = gather_nli_pairs([Path(args.pairs)])
    train += [(group, "domain", p, r, c, label) for p, r, c, label, group in zip(domain.premises, domain.reports, domain.contexts, domain.labels, domain.groups)]
    real = article_rows(detector, Path(args.real), cross_article=False)
    rows = train + real
    features = detector.features([r[2] for r in rows], [r[3] for r in rows], [r[4] for r in rows])
    x_train, x_real = features[: len(train)], features[len(train) :]
    kinds = np.array([r[1] for r in train])
    real_gold = np.array([r[1] == "gold" for r in real])
    real_is_c = np.array([r[5] == CONTRADICTION for r in real])

    def scores(proba: np.ndarray) -> tuple[float, float, float]:
        return (
            roc_auc_score(real_is_c[real_gold], proba[real_gold]),
            roc_auc_score(real_is_c, proba),
            average_precision_score(real_is_c, proba),
        )

    print(f"{'judge':32} {'gold AUC':>9} {'mix AUC':>8} {'mix AP':>7}")
    for name, variant in VARIANTS.items():
        weights = np.where(kinds == "in-article", variant.get("in_article_weight", 1.0), 1.0)
        if not variant.get("domain", True):
            weights[kinds == "domain"] = 0.0
        keep = weights > 0
        fitted_on, measured_on = (forward_only(x_train), forward_only(x_real)) if variant.get("forward_only") else (x_train, x_real)
        judge = fit_judge(
            fitted_on[keep], [train[i][5] for i in np.flatnonzero(keep)], regularisation=None,
            feature_names=variant.get("features", DEFAULT_JUDGE_FEATURES),
            groups=np.array([r[0] for r in train])[keep], sample_weight=weights[keep],
        )
        gold_auc, mix_auc, mix_ap = scores(judge.predict_proba(measured_on)[:, 2])
        print(f"{name:32} {gold_auc:9.3f} {mix_auc:8.3f} {mix_ap:7.3f}")
    both = (x_real[:, FEATURES.index("nli_fwd_contradiction")] + x_real[:, FEATURES.index("nli_bwd_contradiction")]) / 2
    gold_auc, mix_auc, mix_ap = scores(both)
    print(f"{'raw NLI, both directions':32} {gold_auc:9.3f} {mix_auc:8.3f} {mix_ap:7.3f}")


if __name__ == "__main__":
    main()
