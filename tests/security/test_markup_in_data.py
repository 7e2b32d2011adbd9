"""Markup typed into names and free text is shown as text on every page, never as markup.

Every name and free-text field of Northshire (the inspection's name and area, unit names, case
references, offence types, people's names, rationales, notable examples, interview notes, return
comments, moderation reasons, resolution notes, the report's foreword, recommendations, narrative
and example titles, an exclusion's reason, and the criteria set's own texts) holds MARKUP. Each
role then follows every link from the home page, its own team's pages and the admin's, and no
HTML page may contain the markup raw: crispy-forms-gds prints labels, legends and hints ``|safe``,
so a label built from data (the caseload page's unit names, "New role of <person>") would.
"""

import html.parser
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from cases.models import Assessment, Inspection, Moderation, Resolution, Unit
from criteria.models import AnswerOption, GeneralCriterion, GlossaryTerm, Question, Section
from reports.models import CriterionNarrative, ExcludedCase, NotableExample, Report, ReportVersion
from tests import factories

pytestmark = pytest.mark.django_db

MARKUP = "'\"><xss>&<script>"
RAW = "<xss>"  # present unescaped only if some text was printed as markup
MAX_PAGES = 400
SKIP = ("/accounts/logout/", "/static/", "/media/")


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def mark_people(*users):
    for user in users:
        user.first_name, user.last_name = f"{MARKUP} first", f"{MARKUP} last"
        user.save()


def mark_criteria(criteria_set):
    criteria_set.name = f"{MARKUP} set"
    criteria_set.save()
    for model, fields in (
        (Section, ["title"]),
        (GeneralCriterion, ["title", "statement"]),
        (Question, ["text", "guidance"]),
        (AnswerOption, ["label"]),
        (GlossaryTerm, ["meaning"]),
    ):
        scope = {"scale__criteria_set": criteria_set} if model is AnswerOption else {"criteria_set": criteria_set}
        for obj in model.objects.filter(**scope):
            for field in fields:
                setattr(obj, field, f"{MARKUP} {getattr(obj, field)}")
            obj.save()


def assessed_case(inspection, unit, ref, assessor, status):
    case = factories.CaseFactory(
        inspection=inspection, unit=unit, case_ref=f"{MARKUP}{ref}", offence_type=f"{MARKUP} offence"
    )
    assessment = factories.AssessmentFactory(
        case=case,
        assessor=assessor,
        status=status,
        interview_notes=f"{MARKUP} notes",
        return_comment=f"{MARKUP} comment",
    )
    for question in case.applicable_questions(Question.objects.filter(criteria_set=inspection.criteria_set)):
        factories.JudgementFactory(
            assessment=assessment, question=question, rationale=f"{MARKUP} why", notable_example=f"{MARKUP} example"
        )
    return case, assessment


@pytest.fixture
def marked(inspection, admin, lead, inspector, assessor):
    """Northshire in moderation with markup everywhere a person can type."""
    qa = factories.MemberFactory(inspection=inspection, role="quality_assurance", user__username="quinn")
    mark_people(admin, lead, inspector, assessor, qa)
    mark_criteria(inspection.criteria_set)
    inspection.name, inspection.area, inspection.status = (
        f"{MARKUP} name",
        f"{MARKUP} area",
        Inspection.Status.MODERATION,
    )
    inspection.save()
    units = [Unit.objects.create(inspection=inspection, name=f"{MARKUP} unit {i}", caseload=10) for i in (1, 2)]
    submitted = Assessment.Status.SUBMITTED
    case, assessment = assessed_case(inspection, units[0], "1", inspector, submitted)
    assessed_case(inspection, units[1], "2", assessor, Assessment.Status.IN_PROGRESS)
    assessed_case(inspection, units[1], "3", assessor, Assessment.Status.RETURNED)
    judgement = assessment.judgements.filter(option__isnull=False).first()
    options = list(judgement.question.scale.options.all())
    Moderation.objects.create(
        judgement=judgement, original_option=options[0], moderated_option=options[1], reason=f"{MARKUP} reason"
    )
    Resolution.objects.create(
        case=case,
        question=judgement.question,
        primary_option=options[0],
        second_option=options[1],
        agreed_option=options[1],
        note=f"{MARKUP} note",
    )
    version = ReportVersion.objects.create(
        report=Report.objects.create(inspection=inspection),
        number=1,
        created_by=lead,
        foreword=f"{MARKUP} foreword",
        recommendations=[f"{MARKUP} recommendation"],
    )
    CriterionNarrative.objects.create(
        version=version, criterion=judgement.question.general_criterion, strengths=[f"{MARKUP} strength"]
    )
    NotableExample.objects.create(
        version=version,
        judgement=judgement,
        criterion_code=judgement.question.general_criterion.code,
        question_code=judgement.question.code,
        case_ref=case.case_ref,
        title=f"{MARKUP} title",
        example=f"{MARKUP} example",
        order=1,
    )
    other = factories.CaseFactory(inspection=inspection, unit=units[0], case_ref=f"{MARKUP}4")
    ExcludedCase.objects.create(case=other, reason=f"{MARKUP} excluded")
    return {"admin": admin, "lead": lead, "inspector": inspector, "assessor": assessor, "quality_assurance": qa}


def crawl(client, starts: list[str]) -> tuple[dict[str, int], list[str]]:
    """Every page reachable by links from ``starts``: (statuses by path, paths showing RAW)."""
    seen, raw, queue = {}, [], deque(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content.decode()
        if RAW in body:
            raw.append(path)
        parser = Links()
        parser.feed(body)
        for href in parser.hrefs:
            url = urlsplit(urljoin(path, href))
            if not url.netloc and url.path.startswith("/") and not url.path.startswith(SKIP):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen, raw


@pytest.mark.parametrize("role", ["admin", "lead", "inspector", "assessor", "quality_assurance"])
def test_markup_in_names_and_free_text_is_never_shown_raw(client, marked, role, inspection):
    client.force_login(marked[role])
    starts = ["/", reverse("cases:my_cases"), reverse("cases:inspection_detail", args=[inspection.slug])]
    if role == "admin":
        starts += ["/admin/", reverse("criteria:set_list")]
    seen, raw = crawl(client, starts)
    assert raw == []
    assert sum(status == 200 for status in seen.values()) > 10  # the crawl got somewhere


def test_the_crawl_reaches_the_pages_with_labels_built_from_data(client, marked, inspection):
    client.force_login(marked["lead"])
    seen, _ = crawl(client, ["/", reverse("cases:inspection_detail", args=[inspection.slug])])
    assert seen.get(reverse("cases:caseload", args=[inspection.slug])) == 200
    assert any(path.startswith(f"/inspections/{inspection.slug}/team/") and "role" in path for path in seen)
