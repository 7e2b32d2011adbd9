"""The admin's form for the site-wide publication settings."""

from crispy_forms_gds.layout import Field
from django import forms

from inspection.forms import GovUKForm

from ..services.publication import MAX_TEXT


def _text(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}), help_text=hint
    )


class PublicationSettingsForm(GovUKForm):
    organisation = forms.CharField(
        label="Organisation", required=False, max_length=200, help_text="Named on every report's cover."
    )
    statement_of_purpose = _text(
        "Statement of purpose", "The role of the inspectorate. Blank lines separate paragraphs."
    )
    code_of_practice = _text("Code of practice and inspection model", "How the inspectorate inspects.")
    contact_address = _text("Contact address", "Where readers can write. One line per line of the address.")
    publication_arrangements = _text("Publication arrangements", "How and when reports are published.")

    submit_label = "Save"

    def layout(self) -> list:
        return [Field.text("organisation"), *(Field.textarea(name) for name in list(self.fields)[1:])]
