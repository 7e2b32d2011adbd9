"""Forms of double marking: choosing cases and a second assessor by hand, drawing them at random,
and the lead's resolution of a disagreement."""

from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms

from inspection.forms import GovUKForm

from ..roles import SECOND_MARKERS
from ..selectors.inspections import person_name


def _marker_choices(members) -> list:
    return [("", "Choose a team member")] + [
        (m.user_id, f"{person_name(m.user)} ({m.get_role_display().lower()})")
        for m in members
        if m.role in SECOND_MARKERS
    ]


class SecondMarkerForm(GovUKForm):
    """Cases (checkboxes rendered by the template) and the second assessor."""

    assessor = forms.TypedChoiceField(
        label="Second assessor for the selected cases",
        coerce=int,
        error_messages={"required": "Choose the second assessor"},
    )
    cases = forms.TypedMultipleChoiceField(coerce=int, error_messages={"required": "Select at least one case"})

    def __init__(self, *args, members, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].choices = _marker_choices(members)
        self.fields["cases"].choices = [(case.pk, case.case_ref) for case in cases]
        self.fields["cases"].error_messages["invalid_choice"] = "Some of the selected cases are not in this sample"
        self.users = {m.user_id: m.user for m in members}


class DrawForm(GovUKForm):
    """A random number of cases per inspector for one second assessor, reproducible from its seed."""

    submit_label = "Draw cases"
    per_inspector = forms.IntegerField(
        label="Cases per inspector",
        min_value=1,
        max_value=100,
        error_messages={
            "required": "Enter how many cases to draw per inspector",
            "invalid": "Enter a whole number of cases",
            "min_value": "Enter a number of cases of 1 or more",
            "max_value": "Enter a number of cases of 100 or fewer",
        },
    )
    draw_assessor = forms.TypedChoiceField(
        label="Second assessor", coerce=int, error_messages={"required": "Choose the second assessor"}
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        help_text="Leave empty for a new random draw; the seed of an earlier draw repeats it.",
        error_messages={"invalid": "Enter the seed as a whole number", "min_value": "Enter a seed of 0 or more"},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draw_assessor"].choices = _marker_choices(members)
        self.users = {m.user_id: m.user for m in members}

    def layout(self) -> list:
        return [
            Field.text("per_inspector", field_width=Fixed.FIVE),
            Field.select("draw_assessor"),
            Field.text("seed", field_width=Fixed.TEN),
        ]


class ResolutionForm(GovUKForm):
    """The agreed answer to a disagreement, with a note."""

    submit_label = "Save the agreed answer"
    agreed = forms.TypedChoiceField(
        label="Agreed answer",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the agreed answer"},
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter a note saying why this is the agreed answer"},
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed"].choices = [(o.pk, o.label) for o in options]
        self.options = {o.pk: o for o in options}

    def layout(self) -> list:
        return [Field.radios("agreed", legend_size=Size.MEDIUM), Field.textarea("note")]
