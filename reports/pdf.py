"""The report PDF: data assembly (figures from the scoring service, narrative from the version)
and rendering with WeasyPrint from ``reports/templates/reports/pdf/`` and ``static/css/report.css``.

WeasyPrint only ever sees a pseudo-origin (``PDF_ORIGIN``); the URL fetcher serves files under its
``/static/`` path from the app's static files and refuses everything else: no network, no file://,
no data: URLs. User text reaches the templates as plain strings and is escaped by Django.
"""

import datetime
import logging
import mimetypes
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import slugify

# WeasyPrint logs every layout step at INFO (from import on), and the app's root logger is at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from cases.models import Assessment, Case, Inspection  # noqa: E402
from criteria.models import AnswerScale, GeneralCriterion, GlossaryTerm, Question  # noqa: E402

from .models import NotableExample, ReportVersion, lettered  # noqa: E402
from .scoring import (  # noqa: E402
    NO_SCORE,
    Breakdown,
    Change,
    Comparison,
    InspectionScores,
    Score,
    Structure,
    compare,
    compute_breakdown,
    compute_scores,
    group_label,
    label_of,
    load_structure,
)
from .scoring.groupings import fixed_keys  # noqa: E402

PDF_ORIGIN = "https://report.invalid/"
_STATIC_PREFIX = "/static/"
_ALLOWED_SUFFIXES = {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".ttf", ".otf"}


class RefusedURLError(ValueError):
    """The PDF asked for something that is not one of the app's static files."""


def pdf_static_url(path: str) -> str:
    """The address a PDF template uses for a static file (independent of STATIC_URL or a CDN)."""
    return f"{PDF_ORIGIN}static/{path.lstrip('/')}"


def _static_roots() -> list[Path]:
    """Where static files live: STATICFILES_DIRS, each app's static/ and STATIC_ROOT."""
    roots = [Path(root if isinstance(root, str | Path) else root[1]) for root in settings.STATICFILES_DIRS]
    roots += [Path(app.path) / "static" for app in apps.get_app_configs()]
    roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def resolve_static(url: str) -> Path:
    """The static file a PDF URL names, or raise RefusedURLError."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != urlsplit(PDF_ORIGIN).netloc:
        raise RefusedURLError(f"Refused (not a static file of this app): {url[:200]}")
    if not parts.path.startswith(_STATIC_PREFIX):
        raise RefusedURLError(f"Refused (outside static): {url[:200]}")
    relative = unquote(parts.path[len(_STATIC_PREFIX) :])
    pieces = relative.split("/")
    if not relative or "\\" in relative or "\x00" in relative or any(p in ("", ".", "..") for p in pieces):
        raise RefusedURLError(f"Refused (bad static path): {url[:200]}")
    if Path(relative).suffix.lower() not in _ALLOWED_SUFFIXES:
        raise RefusedURLError(f"Refused (not a stylesheet, font or image): {url[:200]}")
    found = finders.find(relative)
    candidate = Path(found) if found else Path(settings.STATIC_ROOT) / relative
    resolved = candidate.resolve()
    # A symlink must not lead outside the static roots.
    if not resolved.is_file() or not any(resolved.is_relative_to(root) for root in _static_roots()):
        raise RefusedURLError(f"Refused (no such static file): {url[:200]}")
    return resolved


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the app's static files and nothing else.

    ``requested`` lists every URL WeasyPrint asked for and ``refused`` those it did not get (tests
    check user text never leads to a request).
    """

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            path = resolve_static(url)
        except RefusedURLError:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


# --- Data assembly --------------------------------------------------------------------------------

CHART_FIELDS = ("unit", "sentence_type", "tier", "rosh", "gender", "ethnic_group", "offence_type")
CHART_TITLES = {
    "unit": "Units",
    "sentence_type": "Sentence type",
    "tier": "Tier",
    "rosh": "RoSH classification",
    "gender": "Gender",
    "ethnic_group": "Ethnic group",
    "offence_type": "Offence type",
}
UNITS_PER_TABLE = 4  # Appendix 1 tables: the whole sample and up to four units side by side
# Sub-samples offered as ready sentences beside the whole-sample figures (breakdown, group key, phrase).
SENTENCE_SUBSAMPLES = (
    ("rosh_band", "high_very_high", "high or very high RoSH"),
    ("supervision", "community", "community"),
    ("supervision", "licence", "licence"),
    ("supervision", "custody", "custody"),
)


@dataclass(frozen=True)
class Figure:
    """A score as the report shows it, with its change from the original inspection (reinspections)."""

    score: Score
    change: Change | None = None

    @property
    def display(self) -> str:
        return self.score.display

    @property
    def band_label(self) -> str:
        return self.score.band_label

    @property
    def numerator(self) -> int | None:
        return self.score.numerator

    @property
    def denominator(self) -> int | None:
        return self.score.denominator

    @property
    def has_score(self) -> bool:
        return self.score.has_score

    @property
    def previous_display(self) -> str:
        if self.change is None or not self.change.matched or self.change.previous is None:
            return ""
        return self.change.previous.display

    @property
    def change_display(self) -> str:
        """ "+8", a minus sign and 3, "0", the no-score dash, or "new" (not in the original inspection)."""
        if self.change is None:
            return ""
        if not self.change.matched:
            return "new"
        points = self.change.whole_points
        if points is None:
            return NO_SCORE
        return f"+{points}" if points > 0 else (f"\u2212{-points}" if points < 0 else "0")


@dataclass(frozen=True)
class QuestionRow:
    code: str
    text: str  # without its group heading
    group: str  # the shared heading, e.g. "The analysis accurately reflected RoH:"
    group_starts: bool  # first question of a run under the same heading
    full_text: str
    figure: Figure
    by_unit: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class CriterionBlock:
    code: str
    title: str
    statement: str
    figure: Figure
    questions: tuple[QuestionRow, ...]
    strengths: tuple[tuple[str, str], ...]
    improvements: tuple[tuple[str, str], ...]

    @property
    def anchor(self) -> str:
        return "criterion-" + slugify(self.code.replace(".", "-"))

    @property
    def is_case_based(self) -> bool:
        return bool(self.questions)


@dataclass(frozen=True)
class SectionBlock:
    code: str
    title: str
    figure: Figure
    criteria: tuple[CriterionBlock, ...]

    @property
    def anchor(self) -> str:
        return "section-" + slugify(self.code.replace(".", "-"))

    @property
    def is_case_based(self) -> bool:
        return any(c.is_case_based for c in self.criteria)


@dataclass(frozen=True)
class HeadlineBlock:
    code: str
    title: str
    method: str
    figure: Figure
    question_count: int


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, in the SVG's user units (600 wide: labels, then bars up to 300)."""

    label: str
    count: int
    percent: int
    y: int
    width: float
    x: int = 210

    @property
    def label_x(self) -> int:
        return self.x - 8

    @property
    def text_y(self) -> int:
        return self.y + 13

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + 6, 1)


@dataclass(frozen=True)
class Chart:
    field: str
    title: str
    total: int
    bars: tuple[Bar, ...]
    row_height: int = 22

    @property
    def height(self) -> int:
        return self.row_height * len(self.bars) + 8


@dataclass(frozen=True)
class UnitTable:
    """One Appendix 1 table: the whole sample and a few units side by side."""

    columns: tuple[tuple[str, int], ...]  # (name, cases) — the first is the whole sample
    criteria: tuple[tuple[str, str, tuple[tuple[QuestionRow, tuple[Figure, ...]], ...]], ...]

    @property
    def span(self) -> int:
        return 2 * len(self.columns) + 1


@dataclass(frozen=True)
class ScoringApproach:
    case_sections: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    other_sections: tuple[tuple[str, str], ...]
    scales: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (scale code, ((option label, scoring), …))
    headlines: tuple[tuple[str, str, int, str], ...]  # (title, method, questions, "sections 1 and 2")
    bands: tuple[tuple[int, int | None, str], ...]  # (lowest, highest or None, label)
    question_count: int


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
    notable_examples: tuple[NotableExample, ...]
    headlines: tuple[HeadlineBlock, ...]
    sections: tuple[SectionBlock, ...]
    unit_tables: tuple[UnitTable, ...]
    units: tuple[tuple[str, int], ...]
    charts: tuple[Chart, ...]
    scoring: ScoringApproach
    glossary: tuple[tuple[str, str], ...]
    unscored_note: str = ""

    @property
    def is_reinspection(self) -> bool:
        return bool(self.previous_name)

    @property
    def case_sections(self) -> tuple[SectionBlock, ...]:
        return tuple(s for s in self.sections if s.is_case_based)


def _paragraphs(text: str) -> tuple[str, ...]:
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(block for block in blocks if block)


def _fieldwork(inspection: Inspection) -> str:
    start, end = inspection.fieldwork_start, inspection.fieldwork_end
    if start and end:
        return f"{date_format(start, 'j F Y')} to {date_format(end, 'j F Y')}"
    return date_format(start or end, "j F Y") if (start or end) else ""


def _chart(field: str, counts: Counter, order: list[str]) -> Chart:
    total = sum(counts.values())
    most = max(counts.values(), default=0)
    bars = []
    for key in order:
        count = counts.get(key, 0)
        if not count:
            continue
        label = group_label(field, key)
        label = label if len(label) <= 34 else label[:33] + "\u2026"
        bars.append(
            Bar(
                label=label,
                count=count,
                percent=int(Fraction(count * 100, total) + Fraction(1, 2)) if total else 0,
                y=len(bars) * 22 + 4,
                width=round(300 * count / most, 1) if most else 0,
            )
        )
    return Chart(field=field, title=CHART_TITLES[field], total=total, bars=tuple(bars))


def sample_charts(inspection: Inspection) -> tuple[tuple[tuple[str, int], ...], tuple[Chart, ...]]:
    """Units with their case counts, and a bar chart per characteristic (one query)."""
    rows = list(
        Case.objects.filter(inspection=inspection).values_list(
            "unit__name", "sentence_type", "tier", "rosh", "gender", "ethnic_group", "offence_type"
        )
    )
    counters = {name: Counter() for name in CHART_FIELDS}
    for row in rows:
        for name, value in zip(CHART_FIELDS, row, strict=True):
            counters[name][value.strip() if value and value.strip() else "unknown"] += 1
    charts = []
    for name in CHART_FIELDS:
        counts = counters[name]
        if name == "unit":
            order = sorted(counts)
        elif name == "offence_type":
            order = [*sorted((k for k in counts if k != "unknown"), key=lambda k: (-counts[k], k.lower())), "unknown"]
        else:
            fixed = fixed_keys(name) or []
            order = fixed + sorted(set(counts) - set(fixed))
        charts.append(_chart(name, counts, order))
    units = tuple((name, counters["unit"][name]) for name in sorted(counters["unit"]))
    return units, tuple(charts)


def scoring_approach(*, criteria_set_id: int, structure: Structure) -> ScoringApproach:
    """The scoring approach (seed 003, Appendix 5) written from the criteria set's own rules."""
    questions_of = Counter(q.criterion_code for q in structure.questions)
    case_sections, other_sections = [], []
    for code, title in structure.sections:
        criteria = tuple((c, t) for c, t, s in structure.criteria if s == code and questions_of[c])
        (case_sections.append((code, title, criteria)) if criteria else other_sections.append((code, title)))
    scales = tuple(
        (scale.code, tuple((option.label, option.get_scoring_display()) for option in scale.options.all()))
        for scale in AnswerScale.objects.filter(criteria_set_id=criteria_set_id, questions__isnull=False)
        .distinct()
        .prefetch_related("options")
        .order_by("order")
    )
    headlines = []
    for code, title, method in structure.headlines:
        tagged = [q for q in structure.questions if code in q.headline_codes]
        codes = list(dict.fromkeys(q.section_code for q in tagged))
        where = ""
        if codes:
            where = "section " + codes[0] if len(codes) == 1 else f"sections {', '.join(codes[:-1])} and {codes[-1]}"
        headlines.append((title, method, len(tagged), where))
    bands, higher = [], None
    for band in structure.bands:  # highest first
        bands.append((band.min_score, None if higher is None else higher - 1, band.label))
        higher = band.min_score
    return ScoringApproach(
        case_sections=tuple(case_sections),
        other_sections=tuple(other_sections),
        scales=scales,
        headlines=tuple(headlines),
        bands=tuple(bands),
        question_count=len(structure.questions),
    )


def _question_meta(criteria_set_id: int) -> dict[str, tuple[str, str]]:
    return {
        code: (text, group)
        for code, text, group in Question.objects.filter(criteria_set_id=criteria_set_id).values_list(
            "code", "text", "group"
        )
    }


def _previous_scores(inspection: Inspection) -> tuple[str, InspectionScores | None]:
    if inspection.previous_id is None:
        return "", None
    previous = Inspection.objects.get(pk=inspection.previous_id)
    return previous.name, compute_scores(inspection=previous)


def assemble(*, inspection: Inspection, version: ReportVersion | None) -> ReportData:
    """Everything the PDF shows, as plain values (no queries happen while rendering).

    ``version`` None (or unsaved) gives an empty draft: figures without narrative.
    """
    criteria_set = inspection.criteria_set
    structure = load_structure(criteria_set_id=criteria_set.pk)
    breakdown = compute_breakdown(inspection=inspection, by="unit", structure=structure)
    scores = breakdown.overall
    previous_name, previous = _previous_scores(inspection)
    comparison = compare(scores, previous) if previous is not None else None

    def figure(level: str, item) -> Figure:
        return Figure(item.score, comparison.change(level, item.code) if comparison else None)

    saved = version is not None and version.pk is not None
    narratives = {n.criterion.code: n for n in version.narratives.select_related("criterion")} if saved else {}
    examples = tuple(version.notable_examples.all()) if saved else ()
    meta = _question_meta(criteria_set.pk)
    statements = dict(GeneralCriterion.objects.filter(criteria_set=criteria_set).values_list("code", "statement"))
    units = list(breakdown.groups)

    sections = []
    for section in scores.sections:
        blocks = []
        for criterion in scores.criteria_of(section.code):
            rows, last_group = [], None
            for question in scores.questions_of(criterion.code):
                text, group = meta.get(question.code, (question.text, ""))
                rows.append(
                    QuestionRow(
                        code=question.code,
                        text=text,
                        group=group,
                        group_starts=bool(group) and group != last_group,
                        full_text=question.text,
                        figure=figure("question", question),
                        by_unit=tuple(Figure(g.scores.question(question.code).score) for g in units),
                    )
                )
                last_group = group
            narrative = narratives.get(criterion.code)
            blocks.append(
                CriterionBlock(
                    code=criterion.code,
                    title=criterion.title,
                    statement=statements.get(criterion.code, ""),
                    figure=figure("criterion", criterion),
                    questions=tuple(rows),
                    strengths=tuple(lettered(narrative.strengths)) if narrative else (),
                    improvements=tuple(lettered(narrative.improvements)) if narrative else (),
                )
            )
        sections.append(SectionBlock(section.code, section.title, figure("section", section), tuple(blocks)))

    unit_columns = [(g.label, g.case_count) for g in units]
    unit_tables = []
    for start in range(0, max(len(units), 1), UNITS_PER_TABLE):
        chunk = slice(start, start + UNITS_PER_TABLE)
        criteria_rows = tuple(
            (
                block.code,
                block.title,
                tuple((row, (row.figure, *row.by_unit[chunk])) for row in block.questions),
            )
            for section in sections
            for block in section.criteria
            if block.questions
        )
        unit_tables.append(
            UnitTable(columns=(("All cases", scores.case_count), *unit_columns[chunk]), criteria=criteria_rows)
        )

    unit_counts, charts = sample_charts(inspection)
    counted = (
        Assessment.objects.primary().submitted().filter(case__inspection=inspection).values("case").distinct().count()
    )
    return ReportData(
        inspection_name=inspection.name,
        inspection_slug=inspection.slug,
        area=inspection.area,
        criteria_set=str(criteria_set),
        fieldwork=_fieldwork(inspection),
        previous_name=previous_name,
        version_number=version.number if version is not None and version.number else 1,
        is_draft=version is None or version.is_draft,
        generated_at=timezone.localtime(),
        case_count=scores.case_count,
        counted_case_count=counted,
        foreword=_paragraphs(version.foreword) if version is not None else (),
        recommendations=tuple(version.recommendations) if version is not None else (),
        notable_examples=examples,
        headlines=tuple(
            HeadlineBlock(h.code, h.title, h.method, figure("headline", h), len(h.question_codes))
            for h in scores.headlines
        ),
        sections=tuple(sections),
        unit_tables=tuple(unit_tables) if units else (),
        units=unit_counts,
        charts=charts,
        scoring=scoring_approach(criteria_set_id=criteria_set.pk, structure=structure),
        glossary=tuple(GlossaryTerm.objects.filter(criteria_set=criteria_set).values_list("term", "meaning")),
    )


# --- Figures as ready sentences (the writing page) ---------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    key: str  # stable across page loads: question code, breakdown and group
    label: str  # which cases, e.g. "All cases", "High or very high RoSH"
    text: str


@dataclass(frozen=True)
class QuestionFigures:
    code: str
    full_text: str
    figure: Figure
    sentences: tuple[Sentence, ...]


def question_stem(full_text: str) -> str:
    """ "The analysis accurately reflected RoH: to children." → "The analysis accurately reflected RoH to children"."""
    text = " ".join(full_text.split()).rstrip(" .?")
    return text.replace(": ", " ")


def figure_sentence(full_text: str, score: Score, *, cases: str = "", change: Change | None = None) -> str | None:
    """ "The RoH screening was completed at the start of sentence in 28 of 34 cases (82%)." (None without a score)."""
    if not score.denominator:
        return None
    noun = "case" if score.denominator == 1 else "cases"
    qualifier = f"{cases} " if cases else ""
    figures = f"{score.numerator} of {score.denominator} {qualifier}{noun} ({score.display})"
    sentence = f"{question_stem(full_text)} in {figures}"
    if change is not None and change.matched and change.whole_points is not None:
        before = change.previous.display
        if change.whole_points > 0:
            sentence += f", an increase from {before} in the original inspection"
        elif change.whole_points < 0:
            sentence += f", a decrease from {before} in the original inspection"
        else:
            sentence += f", the same as in the original inspection ({before})"
    return sentence + "."


@dataclass(frozen=True)
class WritingFigures:
    """Whole-sample scores, the sentence sub-samples and the comparison, computed once per page."""

    scores: InspectionScores
    subsamples: dict[str, Breakdown]
    comparison: Comparison | None

    def criterion(self, code: str) -> Figure:
        criterion = self.scores.criterion(code)
        return Figure(criterion.score, self.comparison.change("criterion", code) if self.comparison else None)

    def questions(self, criterion_code: str) -> list[QuestionFigures]:
        result = []
        for question in self.scores.questions_of(criterion_code):
            change = self.comparison.change("question", question.code) if self.comparison else None
            sentences = []
            whole = figure_sentence(question.text, question.score, change=change)
            if whole:
                sentences.append(Sentence(f"{question.code}:all", "All cases", whole))
            for by, key, phrase in SENTENCE_SUBSAMPLES:
                group = self.subsamples[by].group(key)
                score = group.scores.question(question.code).score
                if not score.denominator or score.denominator == question.score.denominator:
                    continue  # no such cases, or the very same cases as the whole sample
                text = figure_sentence(question.text, score, cases=phrase)
                sentences.append(Sentence(f"{question.code}:{by}:{key}", f"{group.label} ({label_of(by)})", text))
            figure = Figure(question.score, change)
            result.append(QuestionFigures(question.code, question.text, figure, tuple(sentences)))
        return result

    def sentence(self, key: str) -> str | None:
        """The text of sentence ``key`` as offered now (None if no longer offered)."""
        code = key.split(":", 1)[0]
        question = self.scores.get("question", code)
        if question is None:
            return None
        for figures in self.questions(question.criterion_code):
            for sentence in figures.sentences:
                if sentence.key == key:
                    return sentence.text
        return None


def writing_figures(*, inspection: Inspection) -> WritingFigures:
    """Figures for the writing pages (submitted work only, as the report will print them)."""
    structure = load_structure(criteria_set_id=inspection.criteria_set_id)
    subsamples = {
        by: compute_breakdown(inspection=inspection, by=by, structure=structure)
        for by in dict.fromkeys(by for by, _, _ in SENTENCE_SUBSAMPLES)
    }
    scores = next(iter(subsamples.values())).overall
    _, previous = _previous_scores(inspection)
    return WritingFigures(scores, subsamples, compare(scores, previous) if previous is not None else None)


# --- Rendering ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int
    requested_urls: tuple[str, ...] = field(default=(), repr=False)


def render_html(data: ReportData) -> str:
    return render_to_string(
        "reports/pdf/report.html", {"report": data, "stylesheet_url": pdf_static_url("css/report.css")}
    )


def render(data: ReportData, *, fetcher: StaticOnlyURLFetcher | None = None) -> RenderedPDF:
    """The PDF of assembled data. Only ``fetcher`` (static files only) is used to load resources."""
    fetcher = fetcher or StaticOnlyURLFetcher()
    document = HTML(string=render_html(data), base_url=PDF_ORIGIN, url_fetcher=fetcher).render()
    return RenderedPDF(document.write_pdf(), len(document.pages), tuple(fetcher.requested))


def render_version(version: ReportVersion) -> RenderedPDF:
    return render(assemble(inspection=version.report.inspection, version=version))
