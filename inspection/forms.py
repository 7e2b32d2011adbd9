from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django.contrib.auth.forms import AuthenticationForm


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
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(
            Field.text(
                "username",
                field_width=Fluid.TWO_THIRDS,
                autocomplete="username",
                spellcheck="false",
                autocapitalize="none",
            ),
            Field.text("password", field_width=Fluid.TWO_THIRDS, autocomplete="current-password"),
            Submit("submit", "Sign in"),
        )
