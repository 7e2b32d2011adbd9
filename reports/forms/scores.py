"""Forms of the scores pages: the breakdown selector and the judgements upload."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from criteria import vocabulary

from ..scoring import groupings

DERIVED_LABELS = {
    "age_group": "Age group (18-20 to 50+)",
    "bame": "BAME or white",
    "supervision": "Community, licence or custody",
    "rosh_band": "RoSH: high or very high, medium, low",
    "mappa": "MAPPA: yes or no",
}


def breakdown_choices() -> list[tuple[str, list[tuple[str, str]]] | tuple[str, str]]:
    characteristic = [
        (field, vocabulary.LABELS[field]) for field in vocabulary.CHARACTERISTICS if field in groupings.BREAKDOWN_FIELDS
    ]
    return [
        ("unit", "Unit"),
        ("Derived groups", [(key, DERIVED_LABELS[key]) for key in vocabulary.DERIVED_GROUPINGS]),
        ("Case characteristics", characteristic),
    ]


class BreakdownForm(forms.Form):
    by = forms.ChoiceField(
        label="Break the scores down by",
        choices=breakdown_choices,
        error_messages={
            "invalid_choice": "Select a unit, derived group or case characteristic to break down by",
            "required": "Select what to break the scores down by",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("by"), Submit("show", "Show breakdown"))


class JudgementsUploadForm(forms.Form):
    file = forms.FileField(
        label="Judgements CSV file",
        help_text="inspection-judgements/1 format: case_ref, question_code, answer, then optionally rationale "
        "and assessor. One row per judgement.",
        error_messages={"required": "Choose a CSV file", "empty": "The chosen file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("file"), Submit("upload", "Upload judgements"))
