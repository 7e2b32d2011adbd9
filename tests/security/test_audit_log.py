"""The audit log records sign-ins, failures, lockouts and sign-outs with user, time and address;
admins read it in the Django admin, where nothing can be added, changed or deleted."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from inspection.models import AuditEvent
from tests.second_factor import authenticator, code_for

from .conftest import ATTACKER, HOME, sign_in

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


def kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_a_whole_sign_in_and_sign_out_is_recorded_with_user_time_and_address(client, inspector):
    device = authenticator(inspector)
    before = timezone.now()
    sign_in(client, "ian", "not it", address=HOME)
    sign_in(client, "ian", address=HOME)
    client.post(reverse("two_factor"), {"code": code_for(device)}, REMOTE_ADDR=HOME)
    client.post(reverse("logout"), REMOTE_ADDR=HOME)
    assert kinds() == [Kind.SIGN_IN_FAILED, Kind.PASSWORD_ACCEPTED, Kind.SIGNED_IN, Kind.SIGNED_OUT]
    for event in AuditEvent.objects.all():
        assert (event.user, event.username, event.address) == (inspector, "ian", HOME)
        assert before <= event.when <= timezone.now()
    assert AuditEvent.objects.get(kind=Kind.SIGN_IN_FAILED).detail == "wrong username or password"
    assert AuditEvent.objects.get(kind=Kind.SIGNED_IN).detail == "authenticator app"


def test_a_lockout_is_recorded_once_and_later_attempts_as_refused(client, inspector):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        sign_in(client, "ian", "not it", address=ATTACKER)
    limit = settings.AXES_FAILURE_LIMIT
    # Axes signals the lockout while it handles the failure that reaches the limit: that failure comes
    # just after it. Then two refused attempts.
    assert kinds() == [Kind.SIGN_IN_FAILED] * (limit - 1) + [Kind.LOCKED_OUT] + [Kind.SIGN_IN_FAILED] * 3
    locked = AuditEvent.objects.get(kind=Kind.LOCKED_OUT)
    assert (locked.user, locked.address) == (inspector, ATTACKER)
    assert locked.detail.startswith(f"{limit} failed attempts for this account at this address: locked until ")
    refused = AuditEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).order_by("pk").last()
    assert refused.detail == "refused: sign-in locked after too many failed attempts"


def test_an_unknown_username_is_not_stored_as_typed(client, db):
    sign_in(client, "correct horse battery staple", "x")  # a password typed in the username box
    event = AuditEvent.objects.get()
    assert (event.user, event.username) == (None, "")
    assert event.detail == "wrong username or password (no such account)"


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(client, inspector, settings):
    settings.BEHIND_PROXY = True
    client.post(
        reverse("login"),
        {"username": "ian", "password": "not it"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.10",  # the first part came from the client: forgeable
    )
    assert AuditEvent.objects.get().address == HOME


def test_without_the_proxy_a_forwarded_header_is_ignored(client, inspector):
    client.post(
        reverse("login"), {"username": "ian", "password": "not it"}, REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert AuditEvent.objects.get().address == HOME


def test_admins_read_the_audit_log(client, user_admin, inspector):
    sign_in(client, "ian", "not it")
    client.force_login(user_admin)
    page = client.get(reverse("admin:inspection_auditevent_changelist"))
    assert page.status_code == 200
    assert "Sign-in failed" in page.content.decode()
    event = AuditEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert client.get(reverse("admin:inspection_auditevent_change", args=[event.pk])).status_code == 200


def test_nobody_can_add_change_or_delete_audit_entries_in_the_admin(client, admin, inspector):
    admin.is_superuser = True
    admin.save()
    sign_in(client, "ian", "not it")
    event = AuditEvent.objects.get(kind=Kind.SIGN_IN_FAILED)  # making Ada a superuser is in the log too
    client.force_login(admin)
    assert client.get(reverse("admin:inspection_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:inspection_auditevent_delete", args=[event.pk])).status_code == 403
    client.post(reverse("admin:inspection_auditevent_change", args=[event.pk]), {"detail": "nothing happened"})
    event.refresh_from_db()
    assert event.detail == "wrong username or password"


def test_people_without_the_permission_cannot_read_the_audit_log(client, admin):
    client.force_login(admin)  # staff, without view_auditevent
    assert client.get(reverse("admin:inspection_auditevent_changelist")).status_code == 403
