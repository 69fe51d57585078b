"""The exceptions contradict raises, each mapped to one CLI exit code.

The CLI catches :class:`ContradictError` and prints its one-line message; everything else
is a bug and keeps its traceback.
"""

from __future__ import annotations


class ContradictError(Exception):
    """Base class: an error the user can fix, reported without a traceback."""

    exit_code = 1


class InputError(ContradictError):
    """The input (text, file, record) is not what was expected."""

    exit_code = 3


class ModelNotFoundError(ContradictError):
    """A model could not be found locally or downloaded."""

    exit_code = 4


class LabelMappingError(ContradictError):
    """A checkpoint's labels cannot be mapped to entailment / neutral / contradiction."""

    exit_code = 5


class DatasetError(InputError):
    """A labelled data file is malformed (file, line and reason are in the message)."""

    exit_code = 6


class OutputDirError(ContradictError):
    """A batch output folder cannot be used: not empty, not a batch run, or unreadable."""

    exit_code = 8


class ResumeMismatchError(OutputDirError):
    """``batch --resume`` on a run made with another config, input, model or version."""

    exit_code = 9


class EngineError(ContradictError):
    """The chosen batch engine is not installed or stopped (the committed chunks are kept)."""

    exit_code = 10
