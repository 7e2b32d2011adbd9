"""factory_boy factories for the models the tests need.

Most tests load the small criteria set (the ``small_set`` fixture) and take its questions; the
criteria factories build a question, with its set, section, criterion and a yes/no/na scale, when a
test needs one of its own. ``JudgementFactory`` is the one way a test records an answer directly.
"""

import factory
from django.contrib.auth import get_user_model

from cases.models import Assessment, Case, Inspection, Judgement, Membership, Programme, Unit
from criteria.models import AnswerOption, AnswerScale, CriteriaSet, GeneralCriterion, Question, Section

# --- Criteria: each factory builds its parents in the same criteria set (pass ``criteria_set`` to share one).


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    slug = factory.Sequence(lambda n: f"criteria-{n}")
    name = factory.Sequence(lambda n: f"Criteria set {n}")
    version = "Test edition"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    title = factory.Sequence(lambda n: f"Section {n}")
    order = factory.Sequence(int)


class GeneralCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeneralCriterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    section = factory.SubFactory(SectionFactory, criteria_set=factory.SelfAttribute("..criteria_set"))
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.section.code}.{n}")
    title = factory.Sequence(lambda n: f"Criterion {n}")
    order = factory.Sequence(int)


YES_NO_NA = [
    ("yes", AnswerOption.Scoring.ABOVE),
    ("no", AnswerOption.Scoring.BELOW),
    ("na", AnswerOption.Scoring.EXCLUDED),
]


class AnswerScaleFactory(factory.django.DjangoModelFactory):
    """A scale with the options yes (above the line), no (below) and na (excluded), or
    ``options=[(value, scoring), ...]``."""

    class Meta:
        model = AnswerScale
        skip_postgeneration_save = True

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    code = factory.Sequence(lambda n: f"scale-{n}")
    order = factory.Sequence(int)

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create:
            return
        AnswerOption.objects.bulk_create(
            AnswerOption(scale=self, value=value, label=value.capitalize(), scoring=scoring, order=order)
            for order, (value, scoring) in enumerate(extracted or YES_NO_NA, start=1)
        )


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question of a new criteria set (or ``criteria_set=``) that applies to every case (or ``applies_when=``)."""

    class Meta:
        model = Question

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    general_criterion = factory.SubFactory(
        GeneralCriterionFactory, criteria_set=factory.SelfAttribute("..criteria_set")
    )
    scale = factory.SubFactory(AnswerScaleFactory, criteria_set=factory.SelfAttribute("..criteria_set"))
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.general_criterion.code}.{n:02d}")
    text = factory.Sequence(lambda n: f"Question {n} was met.")
    order = factory.Sequence(int)


# --- People, inspections, cases and answers.


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    slug = factory.Sequence(lambda n: f"inspection-{n}")
    name = factory.Sequence(lambda n: f"Inspection {n}")
    area = "Northshire Probation Trust"
    criteria_set = factory.SubFactory(CriteriaSetFactory)
    status = Inspection.Status.FIELDWORK


class MemberFactory(factory.django.DjangoModelFactory):
    """Creates a user with a role in an inspection and returns the user."""

    class Meta:
        model = Membership

    inspection = factory.SubFactory(InspectionFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.INSPECTOR

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **kwargs).user


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("inspection", "name")

    name = "North cluster"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    inspection = factory.SubFactory(InspectionFactory)
    unit = factory.LazyAttribute(lambda o: UnitFactory(inspection=o.inspection))
    case_ref = factory.Sequence(lambda n: f"C{n:04d}")
    sentence_type = "community_order"
    rosh = "medium"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    assessor = None


class JudgementFactory(factory.django.DjangoModelFactory):
    """An answer recorded directly (set-up, not the code under test), as the services would keep it.

    ``answer`` names the option by its value ("yes", "late"); without it the scale's first option is
    chosen; ``option=None`` leaves the question unanswered. ``applicable`` follows the case's
    characteristics, as the services keep it.
    """

    class Meta:
        model = Judgement

    class Params:
        answer = None

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.SubFactory(
        QuestionFactory, criteria_set=factory.SelfAttribute("..assessment.case.inspection.criteria_set")
    )
    option = factory.LazyAttribute(
        lambda o: o.question.scale.options.get(value=o.answer) if o.answer else o.question.scale.options.first()
    )
    applicable = factory.LazyAttribute(lambda o: o.assessment.case.applies(o.question))
