"""The team's rules (services): the lead adds people, changes their roles and removes them; admins appoint the lead.
The pages are tested in test_team_page.py."""

import pytest

from cases.models import Membership
from cases.services.inspections import add_member, appoint_lead, change_role, remove_member
from inspection.errors import ServiceError
from tests import factories


def test_appointing_a_new_lead_keeps_the_old_lead_as_an_inspector(inspection, lead, admin):
    newcomer = factories.UserFactory(username="nina")
    appoint_lead(inspection=inspection, user=newcomer, actor=admin)
    roles = dict(Membership.objects.filter(inspection=inspection).values_list("user__username", "role"))
    assert roles == {"lena": "inspector", "nina": "lead"}


def test_the_lead_cannot_be_removed_or_demoted_by_accident(inspection, lead):
    membership = lead.memberships.get()
    with pytest.raises(ServiceError):
        remove_member(membership=membership)
    with pytest.raises(ServiceError):
        add_member(inspection=inspection, user=lead, role="inspector")
    with pytest.raises(ServiceError, match="lena is the lead inspector: appoint another lead first"):
        change_role(membership=membership, role="inspector")
    assert Membership.objects.get(pk=membership.pk).role == "lead"


def test_a_member_with_allocated_cases_cannot_be_removed(inspection, inspector):
    factories.AssessmentFactory(case=factories.CaseFactory(inspection=inspection), assessor=inspector)
    with pytest.raises(ServiceError, match="ian has 1 case allocated: reallocate"):
        remove_member(membership=inspector.memberships.get())
    assert inspector.memberships.exists()


def test_adding_someone_already_in_the_team_says_so_and_keeps_their_role(inspection, inspector):
    inspector.first_name, inspector.last_name = "Ian", "Inspector"
    inspector.save()
    with pytest.raises(ServiceError) as refused:
        add_member(inspection=inspection, user=inspector, role="local_assessor")
    assert refused.value.message_dict == {
        "person": ["Ian Inspector is already on the team as inspector. To change their role, use Change role"]
    }
    assert inspector.memberships.get().role == "inspector"


def test_changing_a_role_is_recorded_with_who_changed_it(inspection, inspector, lead):
    membership = change_role(membership=inspector.memberships.get(), role="local_assessor", actor=lead)
    assert membership.role == "local_assessor"
    assert membership.history.first().history_user == lead


def test_someone_with_cases_allocated_cannot_become_quality_assurance(inspection, inspector):
    for _ in range(2):
        factories.AssessmentFactory(case=factories.CaseFactory(inspection=inspection), assessor=inspector)
    with pytest.raises(ServiceError, match="ian has 2 cases allocated: reallocate them before making"):
        change_role(membership=inspector.memberships.get(), role="quality_assurance")


def test_an_inactive_account_cannot_join_the_team(inspection):
    former = factories.UserFactory(username="fred", is_active=False)
    with pytest.raises(ServiceError, match="Choose someone with an active account"):
        add_member(inspection=inspection, user=former, role="inspector")
