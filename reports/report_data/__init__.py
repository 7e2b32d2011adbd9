"""The report's data: everything the PDF prints, assembled before rendering (``reports.pdf``).

    from reports.report_data import assemble

    data = assemble(inspection=inspection, version=version)   # version None: an empty draft
    data.headlines, data.sections, data.unit_tables, data.charts, data.scoring, data.glossary

Modules: ``assembly`` (``assemble`` and its steps: scores, the original inspection's figures,
narrative, the scoring approach), ``charts`` (Appendix 2's sample charts) and ``types`` (the frozen
values the templates read, e.g. ``Figure``: a score with its change from the original inspection).
"""

from .assembly import UNITS_PER_TABLE, assemble, scoring_approach
from .charts import CHART_FIELDS, CHART_TITLES, Bar, Chart, sample_charts
from .types import (
    CriterionBlock,
    Figure,
    HeadlineBlock,
    QuestionRow,
    ReportData,
    ScoringApproach,
    SectionBlock,
    UnitTable,
)

__all__ = [
    "CHART_FIELDS",
    "CHART_TITLES",
    "UNITS_PER_TABLE",
    "Bar",
    "Chart",
    "CriterionBlock",
    "Figure",
    "HeadlineBlock",
    "QuestionRow",
    "ReportData",
    "ScoringApproach",
    "SectionBlock",
    "UnitTable",
    "assemble",
    "sample_charts",
    "scoring_approach",
]
