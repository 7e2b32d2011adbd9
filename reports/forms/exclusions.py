"""The are-you-sure form for excluding several cases from the report with one reason."""

from crispy_forms_gds.layout import Field
from django import forms

from inspection.forms import GovUKForm


class ExcludeCasesForm(GovUKForm):
    cases = forms.MultipleChoiceField(
        label="Cases", error_messages={"required": "Select the cases to exclude"}, widget=forms.MultipleHiddenInput
    )
    reason = forms.CharField(
        label="Why are these cases excluded?",
        max_length=500,
        error_messages={"required": "Enter the reason the cases are excluded"},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The same reason is recorded for each case. For example: the case files could not be read.",
    )

    def __init__(self, *args, case_refs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(ref, ref) for ref in case_refs]

    def layout(self) -> list:
        return [Field.textarea("reason")]
