"""The caseload form: one whole-number input per unit of the inspection."""

from crispy_forms_gds.layout import Field
from django import forms
from django.utils.html import conditional_escape
from django.utils.translation import ngettext

from inspection.forms import GovUKForm, govuk_helper

from ..services.caseload import MAX_CASELOAD


class CaseloadForm(GovUKForm):
    """One whole-number input per unit; empty means not known."""

    submit_label = "Save caseloads"

    def __init__(self, *args, units=(), **kwargs):  # units: ``units_with_counts`` rows
        super().__init__(*args, **kwargs)
        for unit in units:
            self.fields[f"caseload-{unit.pk}"] = forms.IntegerField(
                label=conditional_escape(unit.name),  # printed |safe by crispy-forms-gds
                required=False,
                min_value=0,
                max_value=MAX_CASELOAD,
                initial=unit.caseload,
                help_text=ngettext("%(count)d case in the sample", "%(count)d cases in the sample", unit.case_count)
                % {"count": unit.case_count},
                error_messages={
                    "invalid": f"The caseload of {unit.name} must be a whole number, like 120",
                    "min_value": f"The caseload of {unit.name} must be 0 or more",
                    "max_value": f"The caseload of {unit.name} must be {MAX_CASELOAD:,} or less",
                },
                widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            )
        self.helper = govuk_helper(*self.layout(), submit=self.submit_label)  # now with a field per unit

    def layout(self) -> list:
        return [Field.text(name, field_width=5) for name in self.fields]

    def caseloads(self) -> dict[int, int | None]:
        return {int(name.removeprefix("caseload-")): value for name, value in self.cleaned_data.items()}
