"""Every change to a person's access made in the admin is in the audit log with who, when and from
where: deactivation (and django_admin_log), reactivation, a password set for them, staff and
superuser status, groups and permissions, a new account."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from inspection.models import AuditEvent

from .conftest import OFFICE

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


@pytest.fixture
def superuser_admin(user_admin):
    user_admin.is_superuser = True  # the change form posts every field, groups and permissions included
    user_admin.save()
    AuditEvent.objects.all().delete()  # the line above is in the log too: not these tests' subject
    return user_admin


def events(kind) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(kind=kind)
        .order_by("pk")
        .values_list("username", "actor__username", "address", "detail")
    )


def change_form(client, user, **fields):
    """Post the admin's change form of ``user`` from the office, as saved with ``fields``."""
    data = {
        "username": user.username,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "is_active": "on",
        **fields,
    }
    data = {k: v for k, v in data.items() if v is not None}  # None: the box is unticked (not sent)
    response = client.post(reverse("admin:auth_user_change", args=[user.pk]), data, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_deactivating_from_the_users_list_records_the_admin_and_their_address(client, user_admin, inspector):
    client.force_login(user_admin)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [inspector.pk]},
        REMOTE_ADDR=OFFICE,
    )
    assert events(Kind.DEACTIVATED) == [("ian", "ada", OFFICE, "0 sessions ended")]
    entry = LogEntry.objects.get(object_id=str(inspector.pk))
    assert (entry.user, entry.get_change_message()) == (user_admin, "Deactivated (their sessions ended)")


def test_unticking_active_records_the_admin_and_ticking_it_again_records_the_reactivation(
    client, superuser_admin, inspector
):
    client.force_login(superuser_admin)
    change_form(client, inspector, is_active=None)
    change_form(client, inspector)
    assert events(Kind.DEACTIVATED) == [("ian", "ada", OFFICE, "0 sessions ended")]
    assert events(Kind.ACCESS_CHANGED) == [("ian", "ada", OFFICE, "reactivated")]


def test_setting_a_password_in_the_admin_records_who_set_it(client, superuser_admin, inspector):
    client.force_login(superuser_admin)
    new = "a brand new long passphrase"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[inspector.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 302
    inspector.refresh_from_db()
    assert inspector.check_password(new)
    assert events(Kind.PASSWORD_CHANGED) == [("ian", "ada", OFFICE, "set by an administrator")]


def test_staff_superuser_groups_and_permissions_given_and_taken_away_are_recorded(client, superuser_admin, inspector):
    analysts = Group.objects.create(name="Analysts")
    permission = Permission.objects.get(codename="view_auditevent")
    client.force_login(superuser_admin)
    change_form(
        client, inspector, is_staff="on", is_superuser="on", groups=[analysts.pk], user_permissions=[permission.pk]
    )
    change_form(client, inspector)
    assert events(Kind.ACCESS_CHANGED) == [
        ("ian", "ada", OFFICE, "given staff status (the admin site)"),
        ("ian", "ada", OFFICE, "made a superuser (every permission)"),
        ("ian", "ada", OFFICE, "groups added: Analysts"),
        ("ian", "ada", OFFICE, f"permissions added: {permission}"),
        ("ian", "ada", OFFICE, "staff status removed"),
        ("ian", "ada", OFFICE, "superuser status removed"),
        ("ian", "ada", OFFICE, "groups removed: Analysts"),
        ("ian", "ada", OFFICE, f"permissions removed: {permission}"),
    ]


def test_a_new_account_made_in_the_admin_is_recorded(client, superuser_admin):
    client.force_login(superuser_admin)
    password = "a brand new long passphrase"
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "nina", "password1": password, "password2": password, "usable_password": "true"},
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 302
    assert events(Kind.ACCESS_CHANGED) == [("nina", "ada", OFFICE, "account created")]


def test_changing_your_own_password_is_recorded_once(client, inspector):
    client.force_login(inspector)
    new = "a brand new long passphrase"
    client.post(
        reverse("password_change"),
        {"old_password": "correct horse battery staple", "new_password1": new, "new_password2": new},
        REMOTE_ADDR=OFFICE,
    )
    assert [(e[0], e[2]) for e in events(Kind.PASSWORD_CHANGED)] == [("ian", OFFICE)]
