"""The report's data as the PDF templates read it: plain, frozen values (no queries while rendering)."""

import dataclasses
import datetime
import itertools
import math
import re
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import wording
from ..charts.scores import BarRow, band_bars
from ..scoring import NO_SCORE, Score
from ..scoring.rounding import share_display
from .blocks import HeadlineBlock, SectionBlock, UnitTable
from .charts import Chart
from .methodology import Methodology

FINDINGS_MINIMUM = 10  # relevant cases a question needs to be a key finding (or a tenth of a small sample)
UNITS_PER_TABLE = 3  # Appendix 1 tables: the whole sample and up to three units side by side (9 pt)


@dataclass(frozen=True)
class ScoringApproach:
    case_sections: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    other_sections: tuple[tuple[str, str], ...]
    scales: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (scale's answers, ((option label, scoring), …))
    headlines: tuple[tuple[str, str, int, str], ...]  # (title, method, questions, "sections 1 and 2")
    bands: tuple[tuple[int, int | None, str], ...]  # (lowest, highest or None, label)
    question_count: int


@dataclass(frozen=True)
class AreaComparison:
    """A headline score beside the programme's lowest, highest and average (Cheshire's first page)."""

    title: str
    lowest: Score
    highest: Score
    average: Score
    this: Score


@dataclass(frozen=True)
class Example:
    """A good practice example of "Making a difference", as printed: no case reference, no codes."""

    title: str
    text: str
    criterion_code: str = ""


GLOSSARY_KEPT_TOGETHER = 3


@dataclass(frozen=True)
class ReportData:
    inspection_name: str
    inspection_slug: str
    area: str
    criteria_set: str
    fieldwork: str
    previous_name: str
    version_number: int
    is_draft: bool
    generated_at: datetime.datetime
    case_count: int
    counted_case_count: int
    foreword: tuple[str, ...]
    recommendations: tuple[str, ...]
    notable_examples: tuple[Example, ...]
    headlines: tuple[HeadlineBlock, ...]
    sections: tuple[SectionBlock, ...]
    unit_columns: tuple[tuple[str, int], ...]  # (unit, cases) of the unit breakdown, Appendix 1's columns
    units: tuple[tuple[str, int], ...]
    charts: tuple[Chart, ...]
    scoring: ScoringApproach
    glossary: tuple[tuple[str, str], ...]
    unscored_note: str = ""
    excluded: tuple[tuple[str, int], ...] = ()  # (reason, cases) of the cases excluded from the counts
    team: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (role, names): the acknowledgements
    areas: tuple[AreaComparison, ...] = ()  # the comparison with other areas (headlines)
    # Other areas compared (reports frozen before programmes: inspections on the set, this one included)
    area_count: int = 0
    # Which reports the comparison covers: "Compared with the final reports of four other areas of …"
    areas_note: str = ""
    methodology: Methodology | None = None
    role_of_inspectorate: tuple[str, ...] = ()  # the criteria set's standard text, in paragraphs
    caseloads: tuple[tuple[str, int], ...] = ()  # (unit, caseload) of the units whose caseload was entered
    organisation: str = ""  # the site-wide publication settings (reports.services.publication)
    published: str = ""  # "December 2026": the month a final version was finalised (a draft: built)
    isbn: str = ""
    publication: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (heading, paragraphs) of the settings' texts
    reinspection_reasons: tuple[str, ...] = ()  # the lead's text, in paragraphs
    service_users: tuple[str, ...] = ()  # the lead's text, in paragraphs
    service_users_responses: int | None = None

    @property
    def reasons_figures(self) -> tuple[tuple[str, str, str, str], ...]:
        """(code, title, original score, score now) of the general criteria the reasons name by code."""
        text = " ".join(self.reinspection_reasons)
        return tuple(
            (c.code, c.title, c.figure.previous_display or NO_SCORE, c.figure.display)
            for s in self.sections
            for c in s.criteria
            if c.is_case_based and re.search(rf"(?<![\w.]){re.escape(c.code)}(?![\w]|\.\d)", text)
        )

    @property
    def service_users_sentence(self) -> str:
        n = self.service_users_responses
        if n is None:
            return ""
        return f"This section draws on {wording.count(n, 'response')} from offenders."

    @property
    def caseload_rows(self) -> tuple[tuple[str, int, int, str], ...]:
        """(unit, caseload, cases in the sample, share of the caseload sampled) for each unit with a
        caseload, then "All units" when every unit has one."""
        sampled = dict(self.units)
        rows = [(unit, load, sampled.get(unit, 0)) for unit, load in self.caseloads]
        if rows and len(rows) == len(self.units):
            rows.append(("All units", sum(r[1] for r in rows), sum(r[2] for r in rows)))
        return tuple((unit, load, n, share_display(n, load)) for unit, load, n in rows)

    @property
    def glossary_head(self) -> tuple[tuple[str, str], ...]:
        return self.glossary[:-GLOSSARY_KEPT_TOGETHER]

    @property
    def glossary_tail(self) -> tuple[tuple[str, str], ...]:
        """The glossary's last rows, printed as one unbreakable group (no page holding one row)."""
        return self.glossary[-GLOSSARY_KEPT_TOGETHER:]

    @property
    def excluded_count(self) -> int:
        return sum(n for _, n in self.excluded)

    @property
    def not_submitted_count(self) -> int:
        return max(self.case_count - self.counted_case_count - self.excluded_count, 0)

    @property
    def cases_sentence(self) -> str:
        """ "We inspected a total of 35 cases. The figures count the 34 cases whose assessment was
        completed: one case was excluded (file not available)." (London's 276 → 268). Said once, in
        the contextual information; elsewhere ``counted_sentence`` (only when some are not counted)."""
        text = f"We inspected a total of {wording.count(self.case_count, 'case')}."
        if self.counted_case_count == self.case_count:
            return text + (" Every case is counted in the figures." if self.case_count > 1 else "")
        return f"{text} {self.counted_sentence}"

    @property
    def counted_sentence(self) -> str:
        """ "The figures count the 34 cases whose assessment was completed: one case was excluded (…)." """
        if self.counted_case_count == self.case_count:
            return ""
        reasons = [
            f"{wording.count(n, 'case')} {wording.was(n)} excluded ({reason[:1].lower() + reason[1:]})"
            for reason, n in self.excluded
        ]
        if self.not_submitted_count:
            n = self.not_submitted_count
            reasons.append(f"{wording.count(n, 'case')} {wording.was(n)} not submitted")
        counted = wording.count(self.counted_case_count, "case")
        return f"The figures count the {counted} whose assessment was completed: {wording.listing(reasons)}."

    @property
    def units_phrase(self) -> str:
        """ "250 cases in four units" (numbers under ten in words, as running text writes them)."""
        units = f" in {wording.count(len(self.units), 'unit')}" if self.units else ""
        return f"{wording.count(self.case_count, 'case')}{units}"

    @property
    def counted_phrase(self) -> str:
        """ "the 247 cases with a completed assessment" """
        return f"the {wording.count(self.counted_case_count, 'case')} with a completed assessment"

    @property
    def is_reinspection(self) -> bool:
        return bool(self.previous_name)

    @property
    def cover_lines(self) -> tuple[str, str]:
        """(kicker, title): "A report on the reinspection of" / "Northshire" when the area is known (as
        Cheshire's cover names the area), else "A report on" / the inspection's name, never both."""
        if self.area:
            kind = "reinspection" if self.is_reinspection else "inspection"
            return f"A report on the {kind} of", self.area
        return "A report on", self.inspection_name

    @property
    def findings_minimum(self) -> int:
        """Key findings come from questions with at least this many relevant cases: ten, or a tenth
        of the counted sample when that is fewer (a small sample), so one case never makes a finding."""
        return max(1, min(FINDINGS_MINIMUM, math.ceil(self.counted_case_count / 10)))

    @property
    def findings_rule(self) -> str:
        """The rule as the methodology states it."""
        cases = wording.count(self.findings_minimum, "relevant case")
        return (
            f"Key findings are drawn only from questions with at least {cases} (ten, or a tenth of the sample "
            "when that is fewer), so that no finding rests on a handful of cases."
        )

    @property
    def key_findings(self) -> tuple[tuple["SectionBlock", tuple[str, ...], tuple[str, ...]], ...]:
        """(section, strongest, weakest) for each case-based section."""
        return tuple((s, *s.key_findings(self.findings_minimum)) for s in self.case_sections)

    @property
    def next_steps_sentence(self) -> str:
        area = self.area or "the area inspected"
        if not self.recommendations:
            return f"This report is sent to {area}. It makes no recommendations, so no improvement plan is asked for."
        again = ", as it did after the original inspection" if self.is_reinspection else ""
        return (
            f"This report is sent to {area}, which is asked to prepare an improvement plan addressing its "
            f"recommendations. The inspectorate will follow up the plan's progress{again}."
        )

    @cached_property
    def unit_tables(self) -> tuple[UnitTable, ...]:
        """Appendix 1: the question rows with the whole sample and up to four units per table."""
        tables = []
        # As few tables as UNITS_PER_TABLE allows, the units shared evenly: four units 2 + 2, not
        # 3 + 1; seven 3 + 2 + 2, not 3 + 3 + 1 (the first tables take the one left over).
        count = len(self.unit_columns)
        if not count:
            return ()
        table_count = math.ceil(count / UNITS_PER_TABLE)
        sizes = [count // table_count + (i < count % table_count) for i in range(table_count)]
        counted = self.counted_case_count if self.counted_case_count != self.case_count else None
        for start, size in zip(itertools.accumulate([0, *sizes[:-1]]), sizes, strict=True):
            chunk = slice(start, start + size)
            criteria_rows = tuple(
                (block.code, block.title, tuple((row, (row.figure, *row.by_unit[chunk])) for row in block.questions))
                for section in self.sections
                for block in section.criteria
                if block.questions
            )
            columns = (("All cases", self.case_count), *self.unit_columns[chunk])
            tables.append(UnitTable(columns=columns, criteria=criteria_rows, counted=counted))
        return tuple(tables)

    @cached_property
    def criteria_chart(self):
        """Appendix 1's chart of the general criteria scores against the rating bands (Cheshire), drawn
        by ``reports.charts`` with its alternative text; None without a case-based criterion."""
        blocks = [c for s in self.sections for c in s.criteria if c.is_case_based]
        if not blocks:
            return None
        rows = [BarRow(f"{c.code} {c.title}", c.figure.score) for c in blocks]
        chart = band_bars(
            ident="criteria-chart",
            title="Scores for the general criteria",
            rows=rows,
            bands=blocks[0].figure.score.bands,
            table_id="scoring-summary",
        )
        # A PDF reader's alternative text is the SVG's title alone (WeasyPrint): it carries the scores too.
        title = '<title id="criteria-chart-title">Scores for the general criteria</title>'
        alt = f'<title id="criteria-chart-title">{escape(chart.title + ". " + chart.desc)}</title>'
        # The PDF embeds only Arimo: the chart's text is set in it (a browser page sets its own font).
        markup = str(chart.svg).replace(title, alt, 1).replace("<svg ", '<svg font-family="Arimo" ', 1)
        return dataclasses.replace(chart, svg=mark_safe(markup))  # noqa: S308

    @property
    def context_charts(self) -> tuple[Chart, ...]:
        """The sample by sentence type, RoSH, unit, gender and ethnic group: contextual information."""
        wanted = ("sentence_type", "rosh", "unit", "gender", "ethnic_group")
        by_field = {chart.field: chart for chart in self.charts}
        return tuple(by_field[name] for name in wanted if name in by_field and by_field[name].bars)

    @property
    def case_sections(self) -> tuple[SectionBlock, ...]:
        return tuple(s for s in self.sections if s.is_case_based)
