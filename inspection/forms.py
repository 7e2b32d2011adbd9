"""The GOV.UK base form every form of the project builds on, and the sign-in forms (password, second
factor, password change)."""

import re
from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.html import conditional_escape


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


class EscapedBoundField(forms.BoundField):
    """crispy-forms-gds prints labels, legends and hints with ``|safe``; many are built from data (a
    unit's or a person's name, a question's text, an example), so they are escaped here. A label
    that is meant to be markup says so with ``format_html``/``mark_safe`` and is left alone."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.label = conditional_escape(self.label)
        self.help_text = conditional_escape(self.help_text)


class GovUKForm(forms.Form):
    """A form laid out as GOV.UK components: subclasses give ``layout()`` and ``submit_label``."""

    bound_field_class = EscapedBoundField
    submit_label: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(*self.layout(), submit=self.submit_label)

    def layout(self) -> list:
        """The crispy-forms-gds layout objects of the fields, in page order (none: the template lays them out)."""
        return []


class GovUKDateField(DateInputField):
    """A day, month and year date input with the GOV.UK Design System's error messages, each naming
    the field: "Enter the start date", "Start date must include a month", "Start date must be a real
    date", "Start date year must include 4 numbers". The inputs at fault are marked for the error
    styling. ``label`` is how the field is named in a sentence's start; ``required_message``
    overrides "Enter the <label>" when the field is required."""

    PARTS = ("day", "month", "year")

    def __init__(self, *, label: str, required_message: str = "", **kwargs):
        super().__init__(label=label, **kwargs)
        self.require_all_fields = False
        self.name = label
        self.error_messages["required"] = required_message or f"Enter the {label[:1].lower()}{label[1:]}"

    def _refuse(self, message: str, parts: list[int], code: str):
        for index in parts:
            self.widget.widgets[index].attrs["class"] = _with_error(self.widget.widgets[index].attrs.get("class", ""))
        self.fields[parts[0]].widget.errors = [message]  # the error summary links to the first input at fault
        raise forms.ValidationError(message, code=code)

    def clean(self, value):
        if self.disabled and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        values = [str(v).strip() if v is not None else "" for v in [*(value or []), "", "", ""][:3]]
        for widget, field in zip(self.widget.widgets, self.fields, strict=True):  # forget an earlier clean's errors
            widget.attrs["class"] = widget.attrs.get("class", "").replace(" govuk-input--error", "")
            field.widget.errors = []
        if not any(values):
            if self.required:
                self._refuse(self.error_messages["required"], [0, 1, 2], "required")
            return None
        missing = [i for i, v in enumerate(values) if not v]
        if missing:
            names = " and ".join(self.PARTS[i] for i in missing)
            self._refuse(f"{self.name} must include a {names}", missing, "incomplete")
        not_numbers = [i for i, v in enumerate(values) if not (v.isascii() and v.isdigit())]
        if not_numbers:
            self._refuse(f"{self.name} must be a real date", not_numbers, "invalid")
        day, month, year = (int(v) for v in values)
        if len(values[2]) != 4:
            self._refuse(f"{self.name} year must include 4 numbers", [2], "invalid")
        try:
            result = date(year, month, day)
        except ValueError:  # the part at fault: an impossible month or year, else the day
            at_fault = [1] if not 1 <= month <= 12 else [2] if year < 1 else [0]
            self._refuse(f"{self.name} must be a real date", at_fault, "invalid")
        self.validate(result)
        self.run_validators(result)
        return result


def _with_error(classes: str) -> str:
    return classes if "govuk-input--error" in classes else f"{classes} govuk-input--error".strip()


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


class SecurityCodeForm(GovUKForm):
    """The 6-digit code an authenticator app shows (spaces allowed, as some apps show "123 456")."""

    submit_label = "Continue"
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows for Probation case assessment",
        max_length=20,
        error_messages={"required": "Enter the security code from your authenticator app"},
    )

    def layout(self) -> list:
        return [
            Field.text(
                "code", field_width=Fixed.FIVE, autocomplete="one-time-code", inputmode="numeric", spellcheck="false"
            )
        ]

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Enter the security code as 6 digits, like 123456")
        return code


class RecoveryCodeForm(GovUKForm):
    """One of the recovery codes given when two-factor authentication was set up."""

    submit_label = "Continue"
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the 8-character codes you saved when you set up two-factor authentication",
        max_length=40,
        error_messages={"required": "Enter a recovery code"},
    )

    def layout(self) -> list:
        return [
            Field.text("code", field_width=Fixed.TEN, autocomplete="off", spellcheck="false", autocapitalize="none")
        ]

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
        if not re.fullmatch(r"[a-z2-7]{8}", code):
            raise forms.ValidationError("Enter the recovery code as 8 letters and numbers, like abcd2345")
        return code


POLICY_HINT = "At least 12 characters. Not a commonly used password, not only numbers and not like your username."


class GovUKPasswordChangeForm(PasswordChangeForm):
    """Django's password change (and so the password policy in settings) with GOV.UK wording and layout."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = POLICY_HINT
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.error_messages = {  # a copy: the class's dict is shared by every form
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again.",
            "password_mismatch": "The new passwords do not match. Enter the same password twice.",
        }
        self.helper = govuk_helper(
            Field.text("old_password", field_width=Fluid.TWO_THIRDS, autocomplete="current-password"),
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS, autocomplete="new-password"),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS, autocomplete="new-password"),
            submit="Change password",
        )
