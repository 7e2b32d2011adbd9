"""Forms of the programme pages: create a programme, change its name and dates, place an inspection.

The rules (a reference already used, an end before the start, an inspection already in another
programme) live in ``cases.services.programmes``, whose errors are keyed by these fields' names.
"""

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from inspection.forms import GovUKDateField, GovUKForm

from ..models import Inspection
from ..selectors.programmes import placeable_inspections


def _date_field(label: str) -> GovUKDateField:
    return GovUKDateField(label=label, required=False, help_text="For example, 1 4 2009")


class ProgrammeChangeForm(GovUKForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, OMI2 2009–2012",
        error_messages={"required": "Enter the programme's name"},
    )
    start = _date_field("Start date")
    end = _date_field("End date")

    submit_label = "Save changes"

    def layout(self) -> list:
        return [Field.text("name"), Field("start"), Field("end")]


class ProgrammeCreateForm(ProgrammeChangeForm):
    slug = forms.SlugField(
        label="Reference",
        max_length=100,
        help_text="Used in web addresses and commands: lowercase letters, numbers and hyphens, like omi2-2009",
        error_messages={
            "required": "Enter a reference",
            "invalid": "Enter a reference using only lowercase letters, numbers and hyphens, like omi2-2009",
        },
    )

    submit_label = "Create programme"

    def layout(self) -> list:
        return [Field.text("name"), Field.text("slug", field_width=Fluid.TWO_THIRDS), Field("start"), Field("end")]


class InspectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.area})" if obj.area else obj.name


class PlaceInspectionForm(GovUKForm):
    """Choose an inspection in no programme. Any inspection is accepted, so that one placed in
    another programme meanwhile (another tab) is answered by the service with the way out."""

    inspection = InspectionChoiceField(
        label="Inspection",
        queryset=Inspection.objects.all(),
        empty_label="Choose an inspection",
        help_text="Inspections that are not in a programme yet",
        error_messages={"required": "Choose the inspection to place", "invalid_choice": "Choose an inspection"},
    )

    submit_label = "Place in the programme"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["inspection"]
        field.widget.choices = [("", field.empty_label)] + [
            (i.pk, field.label_from_instance(i)) for i in placeable_inspections()
        ]

    def layout(self) -> list:
        return [Field.select("inspection")]


class AnalystForm(GovUKForm):
    analyst = forms.TypedChoiceField(
        label="Analyst: may read pooled figures across inspections",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Analysts read tables, charts and models pooled over programmes: never a case reference, "
        "a rationale, an example or a name.",
        error_messages={"required": "Choose yes if this person may read pooled figures across inspections"},
    )

    submit_label = "Save"

    def layout(self) -> list:
        return [Field.radios("analyst", legend_size=Size.MEDIUM, inline=True)]
