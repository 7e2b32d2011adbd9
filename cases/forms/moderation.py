"""Forms of moderation: drawing a dip sample, and reviewing one criterion of an assessment.

The review form has three fields per answered question, named by its code: ``<code>-answer`` (the
current answer chosen: agreed; another: changed), ``<code>-reason`` (required by the service
when the answer changes) and the hidden ``<code>-version`` of the judgement reviewed (so a clash
with another moderator is a conflict, not an overwrite). Its template renders them in GOV.UK
markup question by question.
"""

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from inspection.forms import GovUKForm

from ..services.assessments import MAX_RATIONALE
from ..services.judgements import Answer
from ..services.moderation import MAX_SEED, Change


class DipSampleForm(GovUKForm):
    prefix = "dip"
    kind = forms.ChoiceField(
        label="Draw",
        choices=[
            ("percent", "A percentage of each inspector's cases"),
            ("count", "A number of each inspector's cases"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a percentage or a number of cases"},
    )
    amount = forms.IntegerField(
        label="Percentage or number of cases",
        min_value=1,
        help_text="For example, 10 (10% of each inspector's submitted cases, rounded up, or 10 cases each)",
        error_messages={
            "required": "Enter a percentage or a number of cases",
            "invalid": "Enter a whole number",
            "min_value": "Enter a number of 1 or more",
        },
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        max_value=MAX_SEED - 1,
        help_text="Leave empty for a new random draw. The same seed draws the same cases again.",
        error_messages={"invalid": "Enter the seed as a whole number"},
    )

    submit_label = "Draw dip sample"

    def layout(self) -> list:
        return [
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("amount", field_width=Fluid.ONE_QUARTER),
            Field.text("seed", field_width=Fluid.ONE_HALF),
        ]

    def sizes(self) -> dict[str, int]:
        """``percent`` or ``per_inspector``, as ``draw_dip_sample`` takes them."""
        key = "percent" if self.cleaned_data["kind"] == "percent" else "per_inspector"
        return {key: self.cleaned_data["amount"]}


class ModerationForm(GovUKForm):
    """One criterion's answered questions: keep each answer (agree) or change it with a reason."""

    def __init__(self, *args, answers, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        self.options = {q.code: {o.value: o for o in q.scale.options.all()} for q in questions}
        for answer in answers:
            code = answer.question.code
            self.fields[f"{code}-answer"] = forms.ChoiceField(
                label=answer.question.text,
                widget=forms.RadioSelect,
                choices=[(o.value, o.label) for o in self.options[code].values()],
                initial=answer.judgement.option.value,
                error_messages={
                    "required": f"Select an answer for question {code}",
                    "invalid_choice": f"Select one of the answers for question {code}",
                },
            )
            self.fields[f"{code}-version"] = forms.IntegerField(
                required=False,  # missing (a page from before versions): not checked
                widget=forms.HiddenInput,
                initial=answer.judgement.version,
                min_value=0,
                max_value=2**31 - 1,
            )
            self.fields[f"{code}-reason"] = forms.CharField(
                label=f"Reason for changing the answer to question {code}",
                required=False,
                widget=forms.Textarea,
                max_length=MAX_RATIONALE,
                error_messages={"max_length": f"The reason must be {MAX_RATIONALE} characters or fewer"},
            )

    def rows(self):
        """(answer, its answer field, its reason field) in page order, for the template."""
        return [(a, self[f"{a.question.code}-answer"], self[f"{a.question.code}-reason"]) for a in self.answers]

    def changes(self) -> dict[str, Change]:
        """The moderator's answer to every question (question code → ``Change``, with the version
        reviewed): the service counts one that is the judgement's answer now as agreed."""
        return {
            (code := answer.question.code): Change(
                option=self.options[code][self.cleaned_data[f"{code}-answer"]],
                reason=self.cleaned_data[f"{code}-reason"],
                version=self.cleaned_data[f"{code}-version"],
            )
            for answer in self.answers
        }

    def answers_by_code(self) -> dict[str, Answer]:
        """The same as criterion page ``Answer``s, for the conflict page."""
        return {code: change.answer() for code, change in self.changes().items()}

    def error_links(self) -> list[tuple[str, str]]:
        links = [("main-form", error) for error in self.non_field_errors()]
        for name, field in self.fields.items():
            anchor = f"id_{name}_0" if isinstance(field.widget, forms.RadioSelect) else f"id_{name}"
            links.extend((anchor, error) for error in self.errors.get(name, []))
        return links
