"""Assembling the report's data: figures from the scoring service, narrative from the version.

One pass over the criteria set's ``Structure`` (loaded once, reused for the original inspection of
a reinspection): the question text and its group heading come from it, not from another query.
"""

from collections import Counter
from collections.abc import Callable

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cases.models import Assessment, Inspection
from criteria.models import AnswerScale, GeneralCriterion, GlossaryTerm
from inspection.errors import LockedError

from .. import narrative_figures
from ..models import CriterionNarrative, ExcludedCase, ReportVersion, lettered
from ..scoring import (
    AnyScore,
    Breakdown,
    Comparison,
    CriterionScore,
    Group,
    InspectionScores,
    Structure,
    compute_breakdown,
    compute_comparison,
    load_structure,
)
from ..sentences import sentence_figures
from ..services import publication
from ..wording import figure_sentence
from . import context
from .blocks import CriterionBlock, Figure, HeadlineBlock, QuestionRow, SectionBlock
from .charts import sample_charts
from .frozen import thaw
from .types import Example, ReportData, ScoringApproach

type FigureOf = Callable[[str, AnyScore], Figure]


def assemble(*, inspection: Inspection, version: ReportVersion | None, as_draft: bool = False) -> ReportData:
    """Everything the PDF shows, as plain values (no queries happen while rendering).

    ``version`` None (or unsaved) gives an empty draft: figures without narrative. Submitted work
    only, as published. ``as_draft`` labels a final version's text as a draft (a draft PDF
    requested before finalising, built after). A final version's figures are frozen when it is
    finalised (``reports.report_data.frozen``): use ``report_of`` to build its report.
    """
    criteria_set = inspection.criteria_set
    structure = load_structure(criteria_set_id=criteria_set.pk)
    breakdown = compute_breakdown(inspection=inspection, by="unit", structure=structure)
    scores = breakdown.overall
    comparison = compute_comparison(inspection=inspection, current=scores, structure=structure)
    narratives, examples = _narrative(version, titles={code: title for code, title, _ in structure.criteria})
    figures = _figures(
        inspection=inspection, breakdown=breakdown, comparison=comparison, structure=structure, narratives=narratives
    )
    unit_counts, charts = sample_charts(inspection)
    areas, area_count, areas_note = context.other_areas(inspection, scores)
    return ReportData(
        **_cover(inspection, version, comparison=comparison, as_draft=as_draft),
        case_count=scores.case_count,
        counted_case_count=_counted_case_count(inspection),
        notable_examples=examples,
        **figures,
        units=unit_counts,
        caseloads=tuple(
            inspection.units.filter(caseload__isnull=False).order_by("name").values_list("name", "caseload")
        ),
        charts=charts,
        scoring=scoring_approach(criteria_set_id=criteria_set.pk, structure=structure),
        glossary=glossary(GlossaryTerm.objects.filter(criteria_set=criteria_set).values_list("term", "meaning")),
        excluded=_excluded(inspection),
        team=context.team(inspection),
        areas=areas,
        area_count=area_count,
        areas_note=areas_note,
        methodology=context.methodology(inspection),
        role_of_inspectorate=context.paragraphs(criteria_set.role_of_inspectorate),
        **_publication(version),
        **_version_text(version),
    )


def _cover(
    inspection: Inspection, version: ReportVersion | None, *, comparison: Comparison | None, as_draft: bool
) -> dict:
    """What the cover names: the inspection, its area, criteria set and fieldwork, the original
    inspection's name, the version and whether it is a draft."""
    return {
        "inspection_name": inspection.name,
        "inspection_slug": inspection.slug,
        "area": inspection.area,
        "criteria_set": str(inspection.criteria_set),
        "fieldwork": _fieldwork(inspection),
        "previous_name": comparison.previous.inspection_name if comparison else "",
        "version_number": version.number if version is not None and version.number else 1,
        "is_draft": as_draft or version is None or version.is_draft,
        "generated_at": timezone.localtime(),
    }


def _figures(
    *,
    inspection: Inspection,
    breakdown: Breakdown,
    comparison: Comparison | None,
    structure: Structure,
    narratives: dict[str, CriterionNarrative],
) -> dict:
    """The headlines, each section with its criteria (narrative as printed, question rows) and the
    units' columns of Appendix 1."""
    scores = breakdown.overall
    figure = _figure_of(comparison)
    units = list(breakdown.groups)
    sections = _sections(
        scores=scores,
        structure=structure,
        figure=figure,
        narratives=printed_narrative(
            inspection=inspection, narratives=narratives, scores=scores, comparison=comparison, structure=structure
        ),
        statements=dict(
            GeneralCriterion.objects.filter(criteria_set_id=inspection.criteria_set_id).values_list("code", "statement")
        ),
        units=units,
    )
    return {
        "headlines": tuple(
            HeadlineBlock(h.code, h.title, h.method, figure("headline", h), len(h.question_codes))
            for h in scores.headlines
        ),
        "sections": sections,
        "unit_columns": tuple((g.label, g.case_count) for g in units),
    }


def _version_text(version: ReportVersion | None) -> dict:
    """The lead's text of the version (none for an empty draft): foreword, recommendations, the
    reasons for reinspecting and what service users said."""
    if version is None:
        return {
            "foreword": (),
            "recommendations": (),
            "reinspection_reasons": (),
            "service_users": (),
            "service_users_responses": None,
        }
    return {
        "foreword": context.paragraphs(version.foreword),
        "recommendations": tuple(version.recommendations),
        "reinspection_reasons": context.paragraphs(version.reinspection_reasons),
        "service_users": context.paragraphs(version.service_users),
        "service_users_responses": version.service_users_responses,
    }


def version_data(version: ReportVersion, *, as_draft: bool = False) -> ReportData:
    """What a version's report shows: a final version's frozen figures, a draft's live ones.

    ``as_draft``: the live figures labelled draft, even for a version finalised since (a draft
    PDF asked for before finalising stays a draft). A final version is never rebuilt from live
    figures: one without ``frozen_data`` (migration 0003 froze those finalised before) is refused.
    """
    if version.is_final and not as_draft:
        if version.frozen_data is None:
            raise LockedError(f"Version {version.number} is final but its figures were not kept, so it cannot be shown")
        return thaw(version.frozen_data)
    return assemble(inspection=version.report.inspection, version=version, as_draft=as_draft)


def _figure_of(comparison: Comparison | None) -> FigureOf:
    """Figures with their change from the original inspection when there is one."""

    def figure(level: str, item: AnyScore) -> Figure:
        return Figure(item.score, comparison.change(level, item.code) if comparison else None)

    return figure


def _narrative(
    version: ReportVersion | None, *, titles: dict[str, str]
) -> tuple[dict[str, CriterionNarrative], tuple[Example, ...]]:
    """The version's strengths and areas for improvement by criterion code, and its examples (2 queries).

    An example untitled by the lead is titled with its general criterion."""
    if version is None or version.pk is None:
        return {}, ()
    narratives = {n.criterion.code: n for n in version.narratives.select_related("criterion")}
    examples = tuple(
        Example(
            title=e.title or titles.get(e.criterion_code, "Good practice"),
            text=e.example,
            criterion_code=e.criterion_code,
        )
        for e in version.notable_examples.all()
    )
    return narratives, examples


def printed_narrative(
    *,
    inspection: Inspection,
    narratives: dict[str, CriterionNarrative],
    scores: InspectionScores,
    comparison: Comparison | None,
    structure: Structure,
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """(strengths, improvements) by criterion code as printed: each figure sentence the lead
    inserted with the figures counted now (``reports.narrative_figures``)."""
    keys = {key for narrative in narratives.values() for key in narrative_figures.keys_of(narrative.figure_refs)}
    current = (
        sentence_figures(inspection=inspection, scores=scores, comparison=comparison, structure=structure, keys=keys)
        if keys
        else {}
    )
    printed = {}
    for code, narrative in narratives.items():
        lists = {"strengths": narrative.strengths, "improvements": narrative.improvements}
        items = narrative_figures.review(lists, narrative.figure_refs, current)
        printed[code] = tuple(tuple(i.printed for i in items if i.list == name) for name in narrative_figures.LISTS)
    return printed


def _sections(
    *,
    scores: InspectionScores,
    structure: Structure,
    figure: FigureOf,
    narratives: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    statements: dict[str, str],
    units: list[Group],
) -> tuple[SectionBlock, ...]:
    """Each section with its general criteria: statement, score, narrative and question rows."""

    def block(criterion: CriterionScore) -> CriterionBlock:
        strengths, improvements = narratives.get(criterion.code, ((), ()))
        return CriterionBlock(
            code=criterion.code,
            title=criterion.title,
            statement=statements.get(criterion.code, ""),
            figure=figure("criterion", criterion),
            questions=_question_rows(criterion.code, scores=scores, structure=structure, figure=figure, units=units),
            strengths=tuple(lettered(strengths)),
            improvements=tuple(lettered(improvements)),
        )

    return tuple(
        SectionBlock(
            section.code,
            section.title,
            figure("section", section),
            tuple(block(criterion) for criterion in scores.criteria_of(section.code)),
        )
        for section in scores.sections
    )


def _question_rows(
    criterion_code: str, *, scores: InspectionScores, structure: Structure, figure: FigureOf, units: list[Group]
) -> tuple[QuestionRow, ...]:
    """A criterion's questions, each with its own text under its group heading, and its unit figures."""
    rows, last_group = [], None
    for question in scores.questions_of(criterion_code):
        entry = structure.question_by_code[question.code]
        shown = figure("question", question)
        rows.append(
            QuestionRow(
                code=question.code,
                text=entry.text,
                group=entry.group,
                group_starts=bool(entry.group) and entry.group != last_group,
                full_text=question.text,
                figure=shown,
                by_unit=tuple(Figure(g.scores.question(question.code).score) for g in units),
                sentence=figure_sentence(entry, question.score, cases=scores.case_count, change=shown.change) or "",
            )
        )
        last_group = entry.group
    return tuple(rows)


QUOTES = "'\"\u2018\u2019\u201c\u201d"


def glossary(entries) -> tuple[tuple[str, str], ...]:
    """The glossary's terms in alphabetical order, quote marks ignored ("'RoH work'" sorts under R); an
    entry whose "term" is a lower-case phrase is a note on a criterion's wording, not a term: left out."""
    terms = [(term, meaning) for term, meaning in entries if not term.lstrip(QUOTES)[:1].islower()]
    return tuple(sorted(terms, key=lambda entry: entry[0].lstrip(QUOTES).casefold()))


def _publication(version: ReportVersion | None) -> dict:
    """The site-wide publication settings as the report prints them (1 query), the month of
    publication and the version's ISBN."""
    settings = publication.current()
    address = context.paragraphs(settings.contact_address)
    parts = (
        ("Role of the inspectorate", context.paragraphs(settings.statement_of_purpose)),
        ("The inspection model", context.paragraphs(settings.code_of_practice)),
        ("Publication arrangements", context.paragraphs(settings.publication_arrangements) + address),
    )
    when = (version.finalised_at if version is not None and version.finalised_at else None) or timezone.now()
    return {
        "organisation": settings.organisation,
        "published": date_format(timezone.localtime(when), "F Y"),
        "isbn": version.isbn if version is not None else "",
        "publication": tuple((heading, texts) for heading, texts in parts if texts),
    }


def _counted_case_count(inspection: Inspection) -> int:
    """The cases the figures count (1 query)."""
    return Assessment.objects.counted().filter(case__inspection=inspection).values("case").distinct().count()


def _excluded(inspection: Inspection) -> tuple[tuple[str, int], ...]:
    """(reason, cases) of the cases excluded from the counts that are not counted anyway (1 query)."""
    counted = Assessment.objects.counted().filter(case=OuterRef("case"))
    rows = (
        ExcludedCase.objects.filter(case__inspection=inspection)
        .exclude(Exists(counted))
        .values("reason")
        .annotate(cases=Count("pk"))
        .order_by("-cases", "reason")
    )
    return tuple((row["reason"], row["cases"]) for row in rows)


def scoring_approach(*, criteria_set_id: int, structure: Structure) -> ScoringApproach:
    """The scoring approach (seed 003, Appendix 5) written from the criteria set's own rules (2 queries)."""
    questions_of = Counter(q.criterion_code for q in structure.questions)
    case_sections, other_sections = [], []
    for code, title in structure.sections:
        criteria = tuple((c, t) for c, t, s in structure.criteria if s == code and questions_of[c])
        (case_sections.append((code, title, criteria)) if criteria else other_sections.append((code, title)))
    scales = tuple(  # named by their answers ("Yes / No / Not applicable"), never by their codes
        (
            " / ".join(option.label for option in scale.options.all()),
            tuple((option.label, option.get_scoring_display()) for option in scale.options.all()),
        )
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


def _fieldwork(inspection: Inspection) -> str:
    start, end = inspection.fieldwork_start, inspection.fieldwork_end
    if start and end:
        return f"{date_format(start, 'j F Y')} to {date_format(end, 'j F Y')}"
    return date_format(start or end, "j F Y") if (start or end) else ""
