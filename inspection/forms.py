"""The GOV.UK base form every form of the project builds on, and the sign-in form."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm


def govuk_helper(*fields, submit: str | None = None) -> FormHelper:
    """A crispy-forms-gds helper for a form inside the page's own ``<form>`` tag (which has the token).

    With no ``fields`` the template lays the fields out itself and the helper only drives the
    error summary.
    """
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if fields or submit:
        helper.layout = Layout(*fields, *([Submit("submit", submit)] if submit else []))
    return helper


class GovUKForm(forms.Form):
    """A form laid out as GOV.UK components: subclasses give ``layout()`` and ``submit_label``."""

    submit_label: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(*self.layout(), submit=self.submit_label)

    def layout(self) -> list:
        """The crispy-forms-gds layout objects of the fields, in page order (none: the template lays them out)."""
        return []


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording and layout (errors say what to do)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username"
        # GOV.UK: no autofocus (it disorients screen reader users).
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.error_messages["invalid_login"] = "Enter a correct username and password. Both are case-sensitive."
        self.error_messages["inactive"] = "This account is inactive. Ask your lead inspector or an administrator."
        self.helper = govuk_helper(
            Field.text(
                "username",
                field_width=Fluid.TWO_THIRDS,
                autocomplete="username",
                spellcheck="false",
                autocapitalize="none",
            ),
            Field.text("password", field_width=Fluid.TWO_THIRDS, autocomplete="current-password"),
            submit="Sign in",
        )
