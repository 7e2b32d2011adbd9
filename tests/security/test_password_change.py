"""Users change their own password; the 12-character policy in settings applies; other sessions end."""

import pytest
from django.test import Client
from django.urls import reverse

from inspection.models import AuditEvent

from .conftest import PASSWORD, page_text, sign_in

pytestmark = pytest.mark.django_db

NEW = "a much longer passphrase for ian"


def change(client, old=PASSWORD, new=NEW, again=None):
    return client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": again or new}
    )


def test_the_password_page_is_reached_from_your_account(client, inspector):
    client.force_login(inspector)
    account = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("password_change")}"' in account
    page = client.get(reverse("password_change")).content.decode()
    assert '<h1 class="govuk-heading-l">Change your password</h1>' in page
    assert "At least 12 characters." in page
    assert 'autocomplete="new-password"' in page


def test_a_user_changes_their_password_and_stays_signed_in(client, inspector):
    client.force_login(inspector)
    response = change(client)
    assert response["Location"] == reverse("account")
    followed = client.get(reverse("account"))
    assert "Your password has been changed." in page_text(followed)
    inspector.refresh_from_db()
    assert inspector.check_password(NEW)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_CHANGED, user=inspector).count() == 1


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short pass", "This password is too short. It must contain at least 12 characters."),
        ("123456789012", "This password is entirely numeric."),
        ("password1234", "This password is too common."),
    ],
)
def test_the_password_policy_applies(client, inspector, new, message):
    client.force_login(inspector)
    response = change(client, new=new)
    assert response.status_code == 200
    assert message in page_text(response)
    assert page_text(response).startswith("Error: Change your password")
    inspector.refresh_from_db()
    assert inspector.check_password(PASSWORD)


def test_the_current_password_must_be_right(client, inspector):
    client.force_login(inspector)
    response = change(client, old="not it")
    assert "Your current password is not right. Enter it again." in page_text(response)


def test_the_new_password_must_be_typed_the_same_twice(client, inspector):
    client.force_login(inspector)
    response = change(client, again=NEW + "!")
    assert "The new passwords do not match. Enter the same password twice." in page_text(response)


def test_changing_the_password_signs_out_other_sessions(client, inspector):
    elsewhere = Client()
    elsewhere.force_login(inspector)
    client.force_login(inspector)
    change(client)
    assert elsewhere.get(reverse("cases:my_cases"))["Location"].startswith(reverse("login"))
    assert sign_in(Client(), "ian", NEW).status_code == 302
