"""``manage.py add_member``: adds or changes a member's role with the team page's rules."""

import pytest
from django.core.management import CommandError, call_command

from cases.models import Membership
from tests import factories


def run(*args):
    call_command("add_member", *args)


def test_it_adds_an_existing_user_as_quality_assurance(inspection, capsys):
    factories.UserFactory(username="quentin")
    run("northshire-2026", "quentin", "--role", "quality_assurance")
    assert Membership.objects.get(user__username="quentin").role == "quality_assurance"
    assert "quentin's role in 'northshire-2026' is now quality assurance" in capsys.readouterr().out


def test_it_changes_the_role_of_a_member(inspection, inspector):
    run("northshire-2026", "ian", "--role", "local_assessor")
    assert inspector.memberships.get().role == "local_assessor"


def test_role_lead_appoints_the_lead_and_keeps_the_old_one_as_an_inspector(inspection, lead):
    factories.UserFactory(username="nina")
    run("northshire-2026", "nina", "--role", "lead")
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"lena": "inspector", "nina": "lead"}


@pytest.mark.parametrize(
    "args, message",
    [
        (("nowhere-2026", "ian", "--role", "inspector"), "no inspection with slug 'nowhere-2026'"),
        (("northshire-2026", "ghost", "--role", "inspector"), "there is no active user with the username 'ghost'"),
        (("northshire-2026", "lena", "--role", "inspector"), "lena is the lead inspector: appoint another lead first"),
        (("northshire-2026", "ian", "--role", "inspector"), "ian's role is already inspector: choose another role"),
    ],
)
def test_bad_input_is_refused_on_stderr_with_nothing_written(inspection, lead, inspector, capsys, args, message):
    before = list(Membership.objects.values_list("user__username", "role"))
    with pytest.raises(CommandError, match="was not changed"):
        run(*args)
    assert message in capsys.readouterr().err
    assert list(Membership.objects.values_list("user__username", "role")) == before


def test_an_unknown_role_is_refused(inspection, inspector):
    with pytest.raises(CommandError, match="invalid choice: 'boss'"):
        run("northshire-2026", "ian", "--role", "boss")
