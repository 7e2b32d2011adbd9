"""Forms of the report writing pages. Lists are written one item per line; the rules live in services."""

from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms

from inspection.forms import GovUKForm, govuk_helper

from ..services.reports import MAX_EXAMPLE_TITLE, MAX_FOREWORD_LENGTH


def lines(text: str) -> list[str]:
    """A textarea's non-empty lines: one list item each."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


class SummaryForm(GovUKForm):
    foreword = forms.CharField(
        label="Foreword and summary",
        required=False,
        max_length=MAX_FOREWORD_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Leave a blank line between paragraphs.",
    )
    recommendations = forms.CharField(
        label="Recommendations for improvement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One recommendation per line. The report introduces them with “Changes are necessary to ensure "
        "that, in a higher proportion of cases:” and numbers them.",
    )
    reinspection_reasons = forms.CharField(
        label="Reasons for undertaking the reinspection",
        required=False,
        max_length=MAX_FOREWORD_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="A reinspection only: the original inspection's recommendations that led to it. Name general "
        "criteria by code (for example 1.2) and the report shows the original's figures for them.",
    )
    service_users = forms.CharField(
        label="Service users' perspective",
        required=False,
        max_length=MAX_FOREWORD_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What offenders told us. Leave a blank line between paragraphs.",
    )
    service_users_responses = forms.IntegerField(
        label="Number of responses", required=False, min_value=0, max_value=100000
    )
    isbn = forms.CharField(label="ISBN (optional)", required=False, max_length=20, help_text="Printed on the cover.")
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    submit_label = "Save"

    def layout(self) -> list:
        return [
            Field.text("isbn", field_width=Fixed.TWENTY),
            Field.textarea("foreword"),
            Field.textarea("recommendations"),
            Field.textarea("reinspection_reasons"),
            Field.textarea("service_users"),
            Field.text("service_users_responses", field_width=Fixed.TEN),
            "revision",
        ]


class NarrativeForm(GovUKForm):
    """A general criterion's strengths and areas for improvement; the page lays the fields out itself,
    with the sentence buttons inside the form."""

    strengths = forms.CharField(
        label="Strengths",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "app-report-items"}),
        help_text="One strength per line; the report letters them (a), (b), (c)…",
    )
    improvements = forms.CharField(
        label="Areas for improvement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "app-report-items"}),
        help_text="One area for improvement per line.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NotableExamplesForm(GovUKForm):
    judgements = forms.MultipleChoiceField(
        label="Examples to include",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The report shows each example with its criterion, question and case reference.",
    )

    submit_label = "Save"

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judgements"].choices = choices

    def layout(self) -> list:
        return [Field.checkboxes("judgements", legend_size=Size.MEDIUM)]

    def summary_items(self) -> list[tuple[str, str]]:
        """(anchor, message) for the page's error summary: every error points at the checkboxes."""
        return [("judgements", message) for message in [*self.non_field_errors(), *self.errors.get("judgements", [])]]


class ExampleTitlesForm(GovUKForm):
    """A title for each picked "Making a difference" example (one text input each)."""

    submit_label = "Save titles"

    def __init__(self, *args, examples=(), **kwargs):
        super().__init__(*args, **kwargs)
        for example in examples:
            self.fields[f"title-{example.pk}"] = forms.CharField(
                label=f"Case {example.case_ref}, question {example.question_code}",
                required=False,
                max_length=MAX_EXAMPLE_TITLE,
                initial=example.title,
                help_text=example.example,
                error_messages={"max_length": f"The title must be {MAX_EXAMPLE_TITLE} characters or fewer"},
            )
        self.helper = govuk_helper(*self.layout(), submit=self.submit_label)  # now with a field per example

    def layout(self) -> list:
        return [Field.text(name) for name in self.fields]

    def titles(self) -> dict[int, str]:
        return {int(name.removeprefix("title-")): value for name, value in self.cleaned_data.items()}


class ExcludeCaseForm(GovUKForm):
    """A sampled case recorded as excluded from the report's counts, with the reason."""

    case_ref = forms.CharField(
        label="Case reference", max_length=50, error_messages={"required": "Enter the case reference"}
    )
    reason = forms.CharField(
        label="Why is it excluded?",
        max_length=500,
        error_messages={"required": "Enter the reason the case is excluded"},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the case file could not be read, or the case was transferred out before the fieldwork.",
    )

    submit_label = "Exclude the case"

    def layout(self) -> list:
        return [Field.text("case_ref", field_width=Fixed.TEN), Field.textarea("reason")]


def version_number(wanted: str) -> int | None:
    """``?version=N`` as a number, None for anything else ("²" passes str.isdigit but not int())."""
    try:
        return forms.IntegerField(min_value=1).clean(wanted)
    except forms.ValidationError:
        return None
