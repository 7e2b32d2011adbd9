"""Forms of the case assessment: a criterion page of judgements, the choice between two answers
after a stale save, the interview with the offender manager and the lead's return comment.

The criterion page has one group of fields per question, named ``q<question id>-<part>``; its
template renders them in GOV.UK markup (radios, textareas, a details reveal) question by question.
"""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from criteria.models import Question

from ..models import Judgement
from ..services.judgements import MAX_EXAMPLE, MAX_RATIONALE, Answer, Conflict

PARTS = ("answer", "rationale", "notable", "example", "version")
NOTABLE_CHOICES = [("", "None"), ("good", "Good practice"), ("poor", "Poor practice")]


def prefix(question: Question) -> str:
    return f"q{question.pk}"


class CriterionForm(forms.Form):
    """The applicable questions of one general criterion. Every field is optional: a partly
    answered page is a draft. Versions travel in hidden fields for the stale-edit check."""

    def __init__(self, *args, questions: list[Question], judgements: dict[int, Judgement], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            p = prefix(question)
            judgement = judgements.get(question.pk)
            current = Answer.of(judgement)
            code = question.code
            self.fields[f"{p}-answer"] = forms.ChoiceField(
                label=question.text,
                required=False,
                widget=forms.RadioSelect,
                choices=[(o.value, o.label) for o in question.scale.options.all()],
                initial=current.option,
                error_messages={"invalid_choice": f"Select one of the answers for question {code}"},
            )
            self.fields[f"{p}-rationale"] = forms.CharField(
                label=f"Rationale for question {code}",
                required=False,
                widget=forms.Textarea,
                max_length=MAX_RATIONALE,
                initial=current.rationale,
                error_messages={
                    "max_length": f"The rationale for question {code} must be {MAX_RATIONALE} characters or fewer"
                },
            )
            self.fields[f"{p}-notable"] = forms.ChoiceField(
                label="Notable practice",
                required=False,
                widget=forms.RadioSelect,
                choices=NOTABLE_CHOICES,
                initial=current.notable_practice,
                error_messages={"invalid_choice": f"Select good practice, poor practice or none for question {code}"},
            )
            self.fields[f"{p}-example"] = forms.CharField(
                label=f"Example of the practice for question {code}",
                required=False,
                widget=forms.Textarea,
                max_length=MAX_EXAMPLE,
                initial=current.notable_example,
                error_messages={
                    "max_length": f"The example for question {code} must be {MAX_EXAMPLE} characters or fewer"
                },
            )
            self.fields[f"{p}-version"] = forms.IntegerField(
                required=False,
                min_value=0,
                widget=forms.HiddenInput,
                initial=judgement.version if judgement else 0,
            )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            p = prefix(question)
            notable = cleaned.get(f"{p}-notable")
            example = cleaned.get(f"{p}-example")
            if notable and not example and f"{p}-example" not in self.errors:
                self.add_error(
                    f"{p}-example", f"Enter an example of the {notable} practice for question {question.code}"
                )
            if example and not notable and f"{p}-notable" not in self.errors:
                self.add_error(
                    f"{p}-notable", f"Select good practice or poor practice for the example in question {question.code}"
                )
        return cleaned

    def answers(self) -> dict[str, dict]:
        return {
            q.code: {
                "option": self.cleaned_data.get(f"{prefix(q)}-answer") or "",
                "rationale": self.cleaned_data.get(f"{prefix(q)}-rationale") or "",
                "notable_practice": self.cleaned_data.get(f"{prefix(q)}-notable") or "",
                "notable_example": self.cleaned_data.get(f"{prefix(q)}-example") or "",
            }
            for q in self.questions
        }

    def expected_versions(self) -> dict[str, int]:
        return {q.code: self.cleaned_data.get(f"{prefix(q)}-version") or 0 for q in self.questions}

    def rows(self):
        """(question, its bound fields by part) in page order, for the template."""
        return [(q, {part: self[f"{prefix(q)}-{part}"] for part in PARTS}) for q in self.questions]

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in page order."""
        links = []
        for name, field in self.fields.items():
            for error in self.errors.get(name, []):
                anchor = f"id_{name}_0" if isinstance(field.widget, forms.RadioSelect) else f"id_{name}"
                links.append((anchor, error))
        return links


class ConflictForm(forms.Form):
    """Per conflicting question: keep their answer or use mine."""

    CHOICES = [("theirs", "Keep their answer"), ("mine", "Use my answer")]

    def __init__(self, *args, conflicts: list[Conflict], **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = conflicts
        for conflict in conflicts:
            self.fields[f"choice-{prefix(conflict.question)}"] = forms.ChoiceField(
                label=f"Which answer to keep for question {conflict.question.code}",
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose which answer to keep for question {conflict.question.code}"},
            )

    def rows(self):
        return [(c, self[f"choice-{prefix(c.question)}"]) for c in self.conflicts]

    def error_links(self) -> list[tuple[str, str]]:
        return [(f"id_{name}_0", error) for name in self.fields for error in self.errors.get(name, [])]


class InterviewForm(forms.Form):
    done = forms.TypedChoiceField(
        label="Did you interview the offender manager?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you interviewed the offender manager"},
    )
    interview_date = DateInputField(
        label="Date of the interview",
        required=False,
        help_text="For example, 27 3 2026. Required if you interviewed them.",
    )
    interview_notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea,
        max_length=MAX_RATIONALE,
        help_text="Points from the interview that inform your judgements. Case references only, never names.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interview_date"].error_messages["invalid"] = "The date of the interview must be a real date"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("done", legend_size=Size.MEDIUM, inline=True),
            Field("interview_date"),
            Field.textarea("interview_notes", rows=6),
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Why are you returning this assessment?",
        widget=forms.Textarea,
        max_length=MAX_RATIONALE,
        help_text="The assessor sees this on the case page.",
        error_messages={"required": "Enter why you are returning the assessment"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("comment", rows=6, label_size=Size.MEDIUM))
