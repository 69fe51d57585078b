"""contradict: find where a news article's subject is contradicted by what others report.

The public surface, in pipeline order::

    read_article(text, subject) -> ArticleReading      # statements and reports, with offsets
    Detector(DetectorConfig()).analyze(text, subject)  # judged pairs and evidence
    NLIModel(model).predict(pairs) -> (n, 3) array     # entailment, neutral, contradiction
"""

from .attribution import ArticleReading, read_article
from .detector import Analysis, Detector, DetectorConfig
from .errors import ContradictError, InputError, LabelMappingError, ModelNotFoundError
from .labels import LABELS
from .nli import NLIModel
from .records import Finding, Judgement, Pair, Report, Span, Statement

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "ArticleReading",
    "ContradictError",
    "Detector",
    "DetectorConfig",
    "Finding",
    "InputError",
    "Judgement",
    "LABELS",
    "LabelMappingError",
    "ModelNotFoundError",
    "NLIModel",
    "Pair",
    "Report",
    "Span",
    "Statement",
    "read_article",
    "__version__",
]
