"""Forms for inspection set-up: create, team, case sample, minimums and allocation.

Forms only collect and shape input; the rules live in cases.services (whose ServiceErrors are
keyed by these forms' field names so the error summary links to the right field).
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import format_html

from criteria import vocabulary
from criteria.models import CriteriaSet
from inspection.forms import GovUKDateField, GovUKForm, govuk_helper
from inspection.uploads import LimitedFileField, RefusedFileFormMixin

from ..models import Inspection, Membership, Programme
from ..roles import ASSESSORS, MEMBER_ROLES
from ..selectors.composition import MINIMUMS
from ..selectors.inspections import Workload, person_choice_label, person_name
from ..services.sample import MAX_FILE_BYTES as MAX_SAMPLE_BYTES


def _date_field(label: str, help_text: str = "") -> GovUKDateField:
    return GovUKDateField(label=label, required=False, help_text=help_text or "For example, 27 3 2026")


class InspectionCreateForm(GovUKForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the inspection's name"},
        help_text="For example, Northshire Risk of Harm inspection 2026",
    )
    slug = forms.SlugField(
        label="Reference",
        max_length=100,
        help_text="Used in web addresses and commands: lowercase letters, numbers and hyphens, like northshire-2026",
        error_messages={
            "required": "Enter a reference",
            "invalid": "Enter a reference using only lowercase letters, numbers and hyphens, like northshire-2026",
        },
    )
    area = forms.CharField(
        label="Area or provider inspected",
        max_length=200,
        required=False,
        help_text="For example, Northshire Probation Trust",
    )
    programme = forms.ModelChoiceField(
        label="Programme",
        queryset=Programme.objects.none(),
        required=False,
        empty_label="None: not part of a programme",
        help_text="The cycle of inspections it belongs to: its report is compared with the programme's other areas",
    )
    criteria_set = forms.ModelChoiceField(
        label="Criteria set",
        queryset=CriteriaSet.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the criteria set", "invalid_choice": "Choose a published criteria set"},
    )
    previous = forms.ModelChoiceField(
        label="Previous inspection (for a reinspection)",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="None: this is not a reinspection",
    )
    fieldwork_start = _date_field("Fieldwork start date")
    fieldwork_end = _date_field("Fieldwork end date")
    sample_date = _date_field("Sample date", "The date ages in the case sample are counted at. For example, 27 3 2026")

    submit_label = "Create inspection"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = CriteriaSet.objects.published()
        self.fields["previous"].queryset = Inspection.objects.order_by("name")
        self.fields["programme"].queryset = Programme.objects.all()

    def layout(self) -> list:
        return [
            Field.text("name"),
            Field.text("slug", field_width=Fluid.TWO_THIRDS),
            Field.text("area"),
            Field.select("programme"),
            Field.radios("criteria_set", legend_size=Size.SMALL),
            Field.select("previous"),
            Field("fieldwork_start"),
            Field("fieldwork_end"),
            Field("sample_date"),
        ]


MEMBER_ROLE_CHOICES = [(role.value, role.label) for role in Membership.Role if role in MEMBER_ROLES]
ROLE_HELP = "Quality assurance moderates submitted assessments; it is not allocated cases."


class PersonField(forms.ModelChoiceField):
    """A person chosen from a list: each shown by full name with their username."""

    def label_from_instance(self, obj) -> str:
        return person_choice_label(obj)

    def offer(self, people) -> None:
        """Accept anyone active, listing only ``people`` (already read by the view, one query)."""
        self.queryset = get_user_model().objects.filter(is_active=True)
        self.widget.choices = [("", self.empty_label)] + [(u.pk, person_choice_label(u)) for u in people]


def member_role_field() -> forms.ChoiceField:
    """A team member's role (not the lead's, appointed on its own), as radios."""
    return forms.ChoiceField(
        label="Role",
        choices=MEMBER_ROLE_CHOICES,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
        error_messages={"required": "Choose inspector, local assessor or quality assurance"},
    )


class AddMemberForm(GovUKForm):
    """Choose someone from the active users not yet in the team (``candidates``), and their role.

    Anyone active is accepted, so that choosing someone already in the team (in another tab) is
    answered by the service: "already on the team", not "not a valid choice".
    """

    person = PersonField(
        label="Person",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a person",
        help_text="People with an account who are not in the team yet, by name",
        error_messages={
            "required": "Choose the person to add",
            "invalid_choice": "Choose someone with an active account",
        },
    )
    role = member_role_field()

    submit_label = "Add to the team"

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].offer(candidates)  # listed: only those not in the team yet

    def layout(self) -> list:
        return [
            Field.select("person"),
            Field.radios("role", legend_size=Size.SMALL, inline=True),
        ]


class ChangeRoleForm(GovUKForm):
    role = member_role_field()

    submit_label = "Change role"

    def __init__(self, *args, person: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].label = format_html("New role of {}", person)  # printed |safe by crispy-forms-gds

    def layout(self) -> list:
        return [Field.radios("role", legend_size=Size.MEDIUM, legend_tag="h2")]


class AppointLeadForm(GovUKForm):
    prefix = "lead"  # shown on the same page as AddMemberForm
    person = PersonField(
        label="Lead inspector",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a person",
        help_text="Anyone with an account; someone in the team keeps their place and becomes the lead",
        error_messages={
            "required": "Choose the lead inspector",
            "invalid_choice": "Choose someone with an active account",
        },
    )

    submit_label = "Appoint lead inspector"

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].offer(people)

    def layout(self) -> list:
        return [Field.select("person")]


class SampleUploadForm(RefusedFileFormMixin, GovUKForm):
    """The CSV upload. A file the import refuses keeps one message on the field; ``problems`` lists
    every problem for the error summary (the first ones, then how many more: ``total`` counts all).
    A file over the import's limit is refused by its size, unread (pass ``too_large=``)."""

    file = LimitedFileField(
        max_bytes=MAX_SAMPLE_BYTES,
        label="Case sample CSV file",
        help_text="inspection-sample/1 format: a header row, then one row per case. Case references only, no names.",
        error_messages={"required": "Choose a CSV file", "empty": "The chosen file is empty"},
    )
    ADD, REPLACE = "add", "replace"
    mode = forms.ChoiceField(
        label="What should the file do?",
        choices=[(ADD, "Add its cases to the sample"), (REPLACE, "Replace the sample with this file")],
        initial=ADD,
        required=False,  # adding, unless replacing is chosen
        widget=forms.RadioSelect,
        help_text="Replacing removes the cases that are not in the file and updates the ones that are. "
        "You will see what changes before anything is replaced.",
    )

    submit_label = "Upload sample"

    def __init__(self, *args, can_replace: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_replace:  # only before fieldwork and any answer (cases.selectors.inspections.sample_replace_refusal)
            del self.fields["mode"]
            self.helper = govuk_helper(*self.layout(), submit=self.submit_label)  # without the field

    def layout(self) -> list:
        return [Field("file"), *([Field.radios("mode", legend_size=Size.SMALL)] if "mode" in self.fields else [])]


class CaseRemoveForm(GovUKForm):
    """Why a case is taken out of the sample (kept in its history)."""

    reason = forms.CharField(
        label="Why is the case being removed?",
        help_text="For example, transferred to another area before the sample date. Kept in the case's history.",
        max_length=100,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the case is removed from the sample",
            "max_length": "The reason must be 100 characters or fewer",
        },
    )

    def layout(self) -> list:  # the page adds the warning button and the Cancel link
        return [Field.textarea("reason", max_characters=100)]


def _choices(field: str, required: bool) -> list[tuple[str, str]]:
    values = vocabulary.CHARACTERISTICS[field]
    labelled = [(v, v.replace("_", " ").capitalize()) for v in values]
    return labelled if required else [("", "Not recorded"), *labelled]


class CaseForm(GovUKForm):
    """One case of the sample. Values are strings, as in the inspection-sample/1 CSV."""

    case_ref = forms.CharField(
        label="Case reference",
        max_length=50,
        help_text="A pseudonymous reference: never the person's name",
        error_messages={"required": "Enter the case reference"},
    )
    unit = forms.CharField(
        label="Unit",
        max_length=200,
        help_text="The cluster or office; a new name adds a unit",
        error_messages={"required": "Enter the unit"},
    )
    sentence_type = forms.ChoiceField(
        label="Sentence type",
        choices=_choices("sentence_type", True),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the sentence type"},
    )
    rosh = forms.ChoiceField(
        label="Risk of serious harm (RoSH)",
        choices=_choices("rosh", True),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the RoSH level"},
    )
    tier = forms.ChoiceField(label="Tier", choices=_choices("tier", False), required=False)
    mappa_level = forms.ChoiceField(
        label="MAPPA level",
        choices=_choices("mappa_level", False),
        required=False,
        help_text="0 means not managed under MAPPA",
    )
    mappa_category = forms.ChoiceField(
        label="MAPPA category", choices=_choices("mappa_category", False), required=False
    )
    ppo = forms.ChoiceField(
        label="Prolific or other priority offender (PPO)", choices=_choices("ppo", False), required=False
    )
    approved_premises = forms.ChoiceField(
        label="Approved premises resident", choices=_choices("approved_premises", False), required=False
    )
    victim_contact = forms.ChoiceField(
        label="Statutory victim contact", choices=_choices("victim_contact", False), required=False
    )
    domestic_abuse = forms.ChoiceField(
        label="Domestic abuse", choices=_choices("domestic_abuse", False), required=False
    )
    child_safeguarding = forms.ChoiceField(
        label="Child safeguarding concerns", choices=_choices("child_safeguarding", False), required=False
    )
    gender = forms.ChoiceField(label="Gender", choices=_choices("gender", False), required=False)
    age = forms.CharField(label="Age", required=False, max_length=3, help_text="Whole years at the sample date")
    ethnic_group = forms.ChoiceField(label="Ethnic group", choices=_choices("ethnic_group", False), required=False)
    offence_type = forms.CharField(
        label="Offence type",
        max_length=200,
        required=False,
        help_text="A category, for example Violence against the person",
    )

    def __init__(self, *args, submit: str = "Save case", **kwargs):
        self.submit_label = submit
        super().__init__(*args, **kwargs)

    def layout(self) -> list:
        return [
            Field.text("case_ref", field_width=Fluid.ONE_THIRD),
            Field.text("unit", field_width=Fluid.ONE_HALF),
            Field.radios("sentence_type", legend_size=Size.SMALL),
            Field.radios("rosh", legend_size=Size.SMALL, inline=True),
            Fieldset(
                Field.select("tier"),
                Field.select("mappa_level"),
                Field.select("mappa_category"),
                Field.select("ppo"),
                Field.select("approved_premises"),
                Field.select("victim_contact"),
                Field.select("domestic_abuse"),
                Field.select("child_safeguarding"),
                Field.select("gender"),
                Field.text("age", field_width=3, inputmode="numeric"),
                Field.select("ethnic_group"),
                Field.text("offence_type"),
                legend="Other characteristics",
                legend_size=Size.MEDIUM,
            ),
        ]


class SampleMinimumsForm(GovUKForm):
    """One optional whole number per minimum in ``MINIMUMS``."""

    submit_label = "Save minimums"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in MINIMUMS.items():
            self.fields[key] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=10000,
                error_messages={
                    "invalid": f"{label}: enter a whole number",
                    "min_value": f"{label}: enter 0 or more",
                    "max_value": f"{label}: enter a number no more than 10000",
                },
            )

    def layout(self) -> list:
        return [Field.text(key, field_width=3, inputmode="numeric") for key in MINIMUMS]


class AllocationForm(GovUKForm):
    """Cases (checkboxes in the sample table, rendered by the template) and the member to allocate them to."""

    assessor = forms.TypedChoiceField(
        label="Allocate the selected cases to",
        coerce=int,
        error_messages={"required": "Choose who to allocate the cases to"},
    )
    cases = forms.TypedMultipleChoiceField(coerce=int, error_messages={"required": "Select at least one case"})

    def __init__(
        self, *args, members: list[Membership], cases: list, workloads: dict[int, Workload] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        members = [m for m in members if m.role in ASSESSORS]  # quality assurance moderates, not assesses
        workloads = workloads or {}
        # Each person with their role, and their current workload as the radio's hint.
        self.fields["assessor"].choices = [
            Choice(
                m.user_id,
                f"{person_name(m.user)} ({m.get_role_display().lower()})",
                hint=str(workloads.get(m.user_id, Workload())),
            )
            for m in members
        ]
        self.fields["cases"].choices = [(case.pk, case.case_ref) for case in cases]
        self.fields["cases"].error_messages["invalid_choice"] = "Some of the selected cases are not in this sample"
        self.members_by_user_id = {m.user_id: m for m in members}
