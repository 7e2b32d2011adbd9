"""Forms of the scores pages: the breakdown selector and the judgements upload."""

from crispy_forms_gds.layout import Field
from django import forms

from cases.services.judgement_import import MAX_FILE_BYTES as MAX_JUDGEMENTS_BYTES
from criteria import vocabulary
from inspection.forms import GovUKForm
from inspection.uploads import LimitedFileField, RefusedFileFormMixin

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


class BreakdownForm(GovUKForm):
    by = forms.ChoiceField(
        label="Break the scores down by",
        choices=breakdown_choices,
        error_messages={
            "invalid_choice": "Select a unit, derived group or case characteristic to break down by",
            "required": "Select what to break the scores down by",
        },
    )

    submit_label = "Show breakdown"

    def layout(self) -> list:
        return [Field.select("by")]


class JudgementsUploadForm(RefusedFileFormMixin, GovUKForm):
    """The judgements CSV upload: a file over the import's limit is refused by its size, unread
    (pass ``too_large=``); a file the import refuses lists its ``problems`` (the first ones, then how
    many more: ``total`` counts all)."""

    file = LimitedFileField(
        max_bytes=MAX_JUDGEMENTS_BYTES,
        label="Judgements CSV file",
        help_text="inspection-judgements/1 format: case_ref, question_code, answer, then optionally rationale "
        "and assessor. One row per judgement.",
        error_messages={"required": "Choose a CSV file", "empty": "The chosen file is empty"},
    )

    submit_label = "Upload judgements"
    nothing_done = "imported"

    def layout(self) -> list:
        return [Field("file")]
