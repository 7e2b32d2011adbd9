"""factory_boy factories for the models the tests need."""

import factory
from django.contrib.auth import get_user_model

from cases.models import Assessment, Case, Inspection, Membership, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    slug = factory.Sequence(lambda n: f"inspection-{n}")
    name = factory.Sequence(lambda n: f"Inspection {n}")
    area = "Northshire Probation Trust"
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
