"""The report's data: everything the PDF and the Word file show, assembled before rendering.

    from reports.report_data import assemble, version_data, freeze, thaw

    data = assemble(inspection=inspection, version=version)   # version None: an empty draft
    data = version_data(version)                              # a final version: its frozen figures
    data.headlines, data.sections, data.unit_tables, data.charts, data.scoring, data.glossary

Modules: ``assembly`` (``assemble`` and its steps: scores, the original inspection's figures,
narrative, the scoring approach), ``charts`` (the sample charts), ``blocks`` (the blocks the
figures sit in; ``Figure``, a score with its change from the original inspection, is
``reports.scoring``'s),
``types`` (``ReportData`` and the other frozen values the templates read) and
``frozen`` (a final version's data as JSON and back).
"""

from .assembly import assemble, scoring_approach, version_data
from .blocks import CriterionBlock, Figure, HeadlineBlock, QuestionRow, SectionBlock, UnitTable
from .charts import CHART_FIELDS, CHART_TITLES, Bar, Chart, sample_charts
from .frozen import freeze, thaw
from .types import UNITS_PER_TABLE, Example, ReportData, ScoringApproach

__all__ = [
    "CHART_FIELDS",
    "CHART_TITLES",
    "UNITS_PER_TABLE",
    "Bar",
    "Chart",
    "CriterionBlock",
    "Example",
    "Figure",
    "HeadlineBlock",
    "QuestionRow",
    "ReportData",
    "ScoringApproach",
    "SectionBlock",
    "UnitTable",
    "assemble",
    "freeze",
    "sample_charts",
    "scoring_approach",
    "thaw",
    "version_data",
]
