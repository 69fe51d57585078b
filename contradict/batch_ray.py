"""The Ray engine of batch runs: the same chunks, scored by an actor pool on a Ray cluster.

    driver: one pass over INPUT -> chunk start positions (and the input's sha256)
    Ray Data: from_items(pending chunks) -> map_batches(ChunkScorer actors) -> driver
    driver: commits each chunk as it arrives (same files, same resume rules as the local engine)

Each :class:`ChunkScorer` actor loads the models once, reads its chunk straight from INPUT
and runs :func:`contradict.batch_scoring.score_chunk`, the function the local engine runs, on the
same chunk boundaries; so both engines write the same output, and a run stopped under one
can be resumed under either. Only the driver writes to OUTDIR; the workers need INPUT at the
same path (on a cluster: a shared filesystem) and the models at the paths the manifest names.

Installed with the extra: ``pip install 'contradict[ray]'``.

Example:
    >>> import ray; ray.init(num_cpus=2)                                           # doctest: +SKIP
    >>> run_batch_ray(BatchOptions("articles.jsonl", Path("out")), DetectorConfig())  # doctest: +SKIP
    BatchSummary(records_read=1000, ..., engine='ray')
"""

from __future__ import annotations

import json
import logging
import os

from .batch import BatchOptions, BatchProgress, BatchSummary, require_pyarrow
from .batch_input import Position, chunk_boundaries, input_format_of, read_chunk
from .batch_manifest import file_input_entry, input_file
from .batch_run import PreparedRun, run_engine
from .batch_scoring import ChunkResult, score_chunk
from .detector import Detector, DetectorConfig
from .errors import ContradictError, EngineError, InputError

logger = logging.getLogger(__name__)

RAY_EXTRA_HINT = "pip install 'contradict[ray]'"


def import_ray():
    """The ``ray`` module with Ray Data, or an :class:`EngineError` naming the extra to install."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise EngineError(f"--engine ray needs Ray, which is not installed: {RAY_EXTRA_HINT}") from exc
    return ray


class ChunkScorer:
    """Ray Data callable class: the models load once per actor; each call scores whole chunks.

    Args:
        config: the expanded :class:`DetectorConfig` (absolute model paths), as a dict.
        source: INPUT's absolute path (every worker must be able to open it).
        input_format: ``"jsonl"``, ``"csv"`` or ``"parquet"``.
        chunk_size, max_chars, all_pairs: as in :class:`BatchOptions`.
    """

    def __init__(self, config: dict, source: str, input_format: str, chunk_size: int, max_chars: int, all_pairs: bool) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        settings = dict(config)
        if settings.get("label_order") is not None:
            settings["label_order"] = tuple(settings["label_order"])
        self.detector = Detector(DetectorConfig(**settings)).load()
        self.source, self.input_format = source, input_format
        self.chunk_size, self.max_chars, self.all_pairs = chunk_size, max_chars, all_pairs

    def __call__(self, batch: dict) -> dict:
        import numpy as np

        results = []
        for offset, line in zip(batch["offset"], batch["line"]):
            start = Position(int(offset), int(line))
            chunk = read_chunk(self.source, self.input_format, start, self.chunk_size, self.max_chars)
            result = score_chunk(self.detector, chunk, self.max_chars, self.all_pairs)
            results.append(json.dumps(result.to_payload(), ensure_ascii=False))
        return {"chunk": np.asarray(batch["chunk"]), "result": np.asarray(results, dtype=object)}


def run_batch_ray(
    options: BatchOptions,
    config: DetectorConfig = DetectorConfig(),
    *,
    progress: BatchProgress | None = None,
    address: str | None = None,
    num_cpus: int | None = None,
    actors: int | None = None,
    cpus_per_actor: float = 1.0,
) -> BatchSummary:
    """Score every record of ``options.input`` with Ray Data; same output and resume rules
    as :func:`contradict.batch_local.run_batch`.

    Args:
        options: input (a file), output folder and run settings.
        config: the detector's settings.
        progress: told of each committed chunk.
        address: the Ray cluster to join (``"auto"``, ``"ray://head:10001"``); ``None`` joins
            the Ray already initialised in this process, else starts a local one.
        num_cpus: CPUs of the local Ray started when there is no address (default: all).
        actors: scoring actors (default: the cluster's CPUs / ``cpus_per_actor``).
        cpus_per_actor: CPUs reserved by each actor (its torch threads).

    Raises:
        EngineError: Ray is not installed, or the run stopped (the committed chunks are kept).
        InputError: INPUT is standard input, which workers cannot read.
    """
    ray = import_ray()
    progress = progress or BatchProgress()
    if options.input == "-":
        raise InputError("--engine ray reads INPUT from a file every worker can open; standard input needs --engine local")
    input_format = input_format_of(options.input, options.input_format)
    source = input_file(options.input)
    if input_format == "parquet":
        require_pyarrow("Parquet input")  # before hashing the file, which may be large
    boundaries, sha, records = chunk_boundaries(str(source), input_format, options.chunk_size, options.max_chars)
    info = file_input_entry(source, input_format, sha, source.stat().st_size)
    engine = _RayEngine(ray, options, config, str(source.resolve()), input_format, boundaries,
                        address=address, num_cpus=num_cpus, actors=actors, cpus_per_actor=cpus_per_actor)  # fmt: skip
    return run_engine(engine, options, config, input_format, info, records, progress)


class _RayEngine:
    """Maps the pending chunks over a Ray Data actor pool and commits them as they arrive (a
    :class:`~contradict.batch_run.ChunkEngine`)."""

    name = "ray"

    def __init__(self, ray, options: BatchOptions, config: DetectorConfig, source: str, input_format: str,
                 boundaries: list[Position], *, address: str | None, num_cpus: int | None, actors: int | None,
                 cpus_per_actor: float) -> None:  # fmt: skip
        self.ray, self.options, self.config = ray, options, config
        self.source, self.input_format, self.boundaries = source, input_format, boundaries
        self.address, self.num_cpus, self.actors, self.cpus_per_actor = address, num_cpus, actors, cpus_per_actor

    def load(self) -> None:
        """Nothing here: each actor loads the models itself, once Ray is reached in :meth:`score`."""

    def score(self, prepared: PreparedRun, progress: BatchProgress) -> tuple[int, dict | None]:
        chunks = len(self.boundaries) - 1
        pending = [i for i in range(chunks) if i not in prepared.commits]
        if pending:
            self._score_on_ray(prepared, pending, progress)
        return chunks, None

    def _score_on_ray(self, prepared: PreparedRun, pending: list[int], progress: BatchProgress) -> None:
        ray, options, boundaries = self.ray, self.options, self.boundaries
        started_here = _connect(ray, self.address, self.num_cpus)
        try:
            context = ray.data.DataContext.get_current()
            context.enable_progress_bars = False  # the CLI draws one bar for the whole run
            cluster_cpus = float(ray.cluster_resources().get("CPU", 1))
            pool = self.actors or max(1, int(cluster_cpus // self.cpus_per_actor))
            pool = min(pool, len(pending))
            logger.info("Ray: %d chunk(s) to score on %d actor(s) (%.0f CPUs in the cluster)", len(pending), pool, cluster_cpus)
            items = [{"chunk": i, "offset": boundaries[i].offset, "line": boundaries[i].line} for i in pending]
            dataset = ray.data.from_items(items, override_num_blocks=len(items))  # one block per chunk: balanced
            scored = dataset.map_batches(
                ChunkScorer,
                fn_constructor_kwargs={
                    "config": self.config.expanded(),
                    "source": self.source,
                    "input_format": self.input_format,
                    "chunk_size": options.chunk_size,
                    "max_chars": options.max_chars,
                    "all_pairs": options.all_pairs,
                },
                batch_size=1,
                batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=pool),
                num_cpus=self.cpus_per_actor,
            )
            try:
                for row in scored.iter_rows():
                    index = int(row["chunk"])
                    result = ChunkResult.from_payload(json.loads(row["result"]))
                    prepared.commit(index, result, boundaries[index], boundaries[index + 1])
                    progress.advance(result.counts)
            except ContradictError:
                raise
            except Exception as exc:  # Ray wraps worker failures in many types; the parts stay
                logger.debug("the Ray run stopped", exc_info=True)
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                raise EngineError(
                    f"the Ray run stopped ({type(exc).__name__}: {first[:200]}); "
                    f"{len(prepared.commits)} chunk(s) are committed: rerun with --resume to go on"
                ) from exc
        finally:
            if started_here:
                ray.shutdown()


def _connect(ray, address: str | None, num_cpus: int | None) -> bool:
    """Join ``address``, or the Ray already running in this process, or start a local one.

    Returns:
        whether this call started the connection (and so must shut it down).
    """
    if ray.is_initialized():
        if address:
            logger.warning("Ray is already initialised in this process; --ray-address %s is not used", address)
        return False
    runtime_env = {"env_vars": {"TOKENIZERS_PARALLELISM": "false"}}
    try:
        if address:
            logger.info("joining the Ray cluster at %s", address)
            ray.init(address=address, runtime_env=runtime_env, logging_level=logging.WARNING, log_to_driver=False)
        else:
            logger.info("starting a local Ray with %s CPUs", num_cpus or "all")
            ray.init(num_cpus=num_cpus, include_dashboard=False, runtime_env=runtime_env,
                     logging_level=logging.WARNING, log_to_driver=False)  # fmt: skip
    except Exception as exc:  # ConnectionError, RuntimeError, ValueError, depending on the Ray version
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise EngineError(f"cannot start or reach {where}: {first[:200]}") from exc
    return True
