"""Forms of the research pages: which programmes to pool, a question found by its analysis code or
words of its text, and the questions of a Word document. GET forms: the choices are in the address,
so a table can be bookmarked and shared with another analyst."""

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from cases.models import Programme
from inspection.forms import GovUKForm

MAX_CODE = 30  # criteria.models.Question.analysis_code
MAX_QUESTIONS = 20  # in one Word document


class ProgrammesField(forms.ModelMultipleChoiceField):
    """Programmes by slug, as checkboxes, labelled with their name and dates."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Programme.objects.all(),
            to_field_name="slug",
            widget=forms.CheckboxSelectMultiple,
            label="Programmes",
            help_text="Their cases are pooled, and each programme is shown beside the pool.",
            error_messages={
                "required": "Select one or more programmes",
                "invalid_choice": "Select programmes from the list",
                "invalid_pk_value": "Select programmes from the list",
            },
            **kwargs,
        )

    def label_from_instance(self, programme: Programme) -> str:
        if programme.start and programme.end:
            return f"{programme.name} ({programme.start.year}\u2013{programme.end.year})"
        return programme.name


class CodesField(forms.MultipleChoiceField):
    """Analysis codes as typed: whether each is a question of the programmes is the view's check."""

    def valid_value(self, value) -> bool:
        return 0 < len(value) <= MAX_CODE


class ProgrammesForm(GovUKForm):
    """A form choosing programmes: their checkboxes from one query (a model field's own choices
    count the programmes first, then read them)."""

    programmes = ProgrammesField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["programmes"]
        field.choices = [(p.slug, field.label_from_instance(p)) for p in Programme.objects.all()]

    @property
    def has_programmes(self) -> bool:
        return bool(self.fields["programmes"].choices)


class ChooseForm(ProgrammesForm):
    """The research start page: the programmes, and words to find a question by."""

    q = forms.CharField(
        label="Find a question",
        help_text="Its analysis code (for example, Q1) or words of its text.",
        max_length=200,
        required=False,
        strip=True,
    )
    submit_label = "Find questions"

    def layout(self) -> list:
        return [
            Field.checkboxes("programmes", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Field.text("q", field_width=Fluid.TWO_THIRDS, label_size=Size.MEDIUM, label_tag="h2"),
        ]


class FiguresForm(GovUKForm):
    """One question's figures (the results page, its CSV and XLSX downloads)."""

    programmes = ProgrammesField()  # no checkboxes shown: its choices are never read
    question = forms.CharField(
        max_length=MAX_CODE,
        error_messages={"required": "Choose a question", "max_length": "Choose a question from the list"},
    )


class BulletinForm(GovUKForm):
    """The Word document: every question chosen, in the order chosen."""

    programmes = ProgrammesField()  # no checkboxes shown: its choices are never read
    question = CodesField(
        error_messages={
            "required": "Choose one or more questions for the Word document",
            "invalid_choice": "Choose questions from the list",
        },
    )

    def clean_question(self) -> list[str]:
        codes = list(dict.fromkeys(self.cleaned_data["question"]))  # once each, in the order chosen
        if len(codes) > MAX_QUESTIONS:
            raise forms.ValidationError(
                f"Choose at most {MAX_QUESTIONS} questions for one Word document", code="too_many"
            )
        return codes
