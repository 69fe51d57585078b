"""Would a learned attribution step win back the statements the reader gives away? A probe.

    python eval/attribution_probe.py [--test-ids '^[f-i]-'] [--voice-model models/contradict-voice]

The reader decides by rule whose each statement is, and on writing it was not tuned on it
gives many of the subject's statements to someone else (an official of an organisation the
rules do not link to it, a pronoun resolved to the wrong person). This probe fits a
classifier on the dev split's statements: the gold statements (the subject's, by the labels)
against the statements the reader gave to someone else that no gold pair uses. Statements
the reader gave the subject that no gold pair uses are left out, since labels list only the
pairs an article needs, not every statement of its subject. Nothing the classifier sees
comes from the reader's own verdict on a statement.

It then asks, on the test split (``--test-ids`` narrows it to the writers the reader was not
tuned on) and on real news, how many of the statements the reader gave away the classifier
would give back to the subject at a threshold, and how many statements of other speakers it
would wrongly give the subject with them. Two classifiers:

- a logistic regression over speaker signals: who the reader named, how often that voice
  speaks, how close the speaker's introduction, the sentence and the speaker's name are to
  the subject's name in the packaged sentence embeddings, whether the introduction shares
  the subject's words, whether the speaker carries an officer's title;
- with ``--voice-model FOLDER``, a voice model written by ``contradict fit-voice`` (the
  packaged MiniLM encoder with its top layers fine-tuned; :mod:`contradict.voice`).

Writes ``eval/results/attribution_probe.json``. The test split is used only for the
measurement printed here, never for a choice.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from contradict.attribution import ArticleReading, read_article
from contradict.dataset import load_dataset
from contradict.embeddings import Embedder
from contradict.records import Statement
from contradict.voice import VoiceInput, VoiceModel, voice_inputs

REPO = Path(__file__).resolve().parent.parent
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
OFFICER_WORDS = re.compile(
    r"spokes|president|chief|director|minister|chair|manager|officer|superintendent|chancellor|"
    r"lawyer|attorney|secretary|head|ceo|dean|principal|commissioner|registrar",
    re.IGNORECASE,
)
THRESHOLDS = (0.5, 0.7, 0.9)


@dataclass
class StatementRows:
    """One row per statement the reader found, with what the probe needs to score it."""

    features: list[list[float]]
    inputs: list[VoiceInput]  # what the voice model reads
    gold: list[bool]
    given_subject: list[bool]  # the reader's verdict, for the measurement only

    def extend(self, other: "StatementRows") -> None:
        self.features += other.features
        self.inputs += other.inputs
        self.gold += other.gold
        self.given_subject += other.given_subject


def _surname(voice: str | None) -> str | None:
    capitalised = re.findall(r"[A-Z][\w'-]+", voice or "")
    return capitalised[-1] if capitalised else None


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]{4,}", text)}


def article_rows(article, reading: ArticleReading, embedder: Embedder) -> StatementRows:
    statements: list[Statement] = reading.all_statements
    rows = StatementRows([], [], [], [])
    if not statements or reading.subject is None:
        return rows
    subject = reading.subject.name
    voices = Counter(s.voice for s in statements if s.voice and s.voice.lower() not in PRONOUNS)
    loudest = voices.most_common(1)[0][0] if voices else None
    opening = article.text[: max(1, len(article.text) // 5)]
    introductions, sentences = [], []
    for statement in statements:
        sentence = statement.sentence.text if statement.sentence else statement.span.text
        surname = _surname(statement.voice)
        first = next((s.text for s in reading.sentences if surname and surname in s.text), None)
        introductions.append(first or sentence)
        sentences.append(sentence)
    vectors = embedder.encode([subject] + introductions + sentences + [s.voice or "unknown" for s in statements])
    n = len(statements)
    subject_vector, intro_vectors = vectors[0], vectors[1 : 1 + n]
    sentence_vectors, voice_vectors = vectors[1 + n : 1 + 2 * n], vectors[1 + 2 * n :]
    subject_words = _words(subject)
    gold_spans = {pair.statement_span for pair in article.pairs}
    rows.inputs += voice_inputs(reading, statements)
    for i, statement in enumerate(statements):
        voice = statement.voice
        rows.features.append(
            [
                float(voice is None),
                float(bool(voice) and voice.lower() in PRONOUNS),
                voices.get(voice, 0) / n,
                float(voice is not None and voice == loudest),
                float(reading.subject.is_organisation),
                float(subject_vector @ intro_vectors[i]),
                float(subject_vector @ sentence_vectors[i]),
                float(subject_vector @ voice_vectors[i]),
                len(subject_words & _words(introductions[i])) / max(1, len(subject_words)),
                float(bool(voice and OFFICER_WORDS.search(voice))),
                float(bool(_surname(voice)) and _surname(voice) in opening),
                float(statement.direct),
                float(statement.is_denial),
                float(bool(statement.on_behalf_of)),
            ]
        )
        rows.gold.append(any(statement.span.matches(span) for span in gold_spans))
        rows.given_subject.append(statement.is_subject)
    return rows


def dataset_rows(path: Path, id_pattern: str | None, embedder: Embedder) -> StatementRows:
    rows = StatementRows([], [], [], [])
    for article in load_dataset(path):
        if id_pattern and not re.search(id_pattern, article.id):
            continue
        rows.extend(article_rows(article, read_article(article.text, article.subject), embedder))
    return rows


def training_mask(rows: StatementRows) -> np.ndarray:
    """Gold statements, and other speakers' statements no gold pair uses."""
    return np.array([gold or not given for gold, given in zip(rows.gold, rows.given_subject)])


def fit_logistic(rows: StatementRows):
    keep = training_mask(rows)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.03, max_iter=2000))
    model.fit(np.array(rows.features)[keep], np.array(rows.gold)[keep])
    return lambda other: model.predict_proba(np.array(other.features))[:, 1]


def voice_model_scores(folder: str):
    """The stored voice model's probabilities for the probe's rows."""
    model = VoiceModel(folder).load()
    return lambda rows: model.probabilities(rows.inputs)


def measure(rows: StatementRows, probabilities: np.ndarray) -> dict:
    gold = np.array(rows.gold)
    given = np.array(rows.given_subject)
    others = ~given
    result = {
        "gold_statements": int(gold.sum()),
        "given_to_subject_by_reader": int((given & gold).sum()),
        "given_away_by_reader": int((others & gold).sum()),
        "other_statements_not_gold": int((others & ~gold).sum()),
        "auc_among_given_away": round(float(roc_auc_score(gold[others], probabilities[others])), 3) if 0 < gold[others].sum() < others.sum() else None,
    }
    for threshold in THRESHOLDS:
        promoted = others & (probabilities >= threshold)
        result[f"at_{threshold}"] = {"won_back": int((promoted & gold).sum()), "wrongly_promoted": int((promoted & ~gold).sum())}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=str(REPO / "eval" / "data" / "dev.jsonl"))
    parser.add_argument("--test", default=str(REPO / "eval" / "data" / "test.jsonl"))
    parser.add_argument("--test-ids", default="^[f-i]-", help="regex of the test article ids to measure on")
    parser.add_argument("--real", default=str(REPO.parent / "shared" / "real-news-dev" / "articles.jsonl"))
    parser.add_argument("--voice-model", help="also measure this voice model folder (written by `contradict fit-voice`)")
    parser.add_argument("--out", default=str(REPO / "eval" / "results" / "attribution_probe.json"))
    args = parser.parse_args()

    embedder = Embedder().load()
    train = dataset_rows(Path(args.dev), None, embedder)
    sets = {
        f"test {args.test_ids}": dataset_rows(Path(args.test), args.test_ids, embedder),
        "real news": dataset_rows(Path(args.real), None, embedder),
    }
    classifiers = {"logistic regression": fit_logistic(train)}
    if args.voice_model:
        classifiers["voice model"] = voice_model_scores(args.voice_model)
    results = {name: {set_name: measure(rows, predict(rows)) for set_name, rows in sets.items()} for name, predict in classifiers.items()}
    for name, by_set in results.items():
        for set_name, result in by_set.items():
            cells = ", ".join(f"{t}: +{result[f'at_{t}']['won_back']} / {result[f'at_{t}']['wrongly_promoted']} wrong" for t in THRESHOLDS)
            print(
                f"{name:20} {set_name:18} gold {result['gold_statements']}, reader {result['given_to_subject_by_reader']}, "
                f"given away {result['given_away_by_reader']} (AUC among them {result['auc_among_given_away']}); {cells}"
            )
    Path(args.out).write_text(json.dumps({"training": {"dev_statements": len(train.gold)}, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
