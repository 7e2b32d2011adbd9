"""Forms of the case assessment: a criterion page of judgements, the choice between two answers
after a stale save, the interview with the offender manager and the lead's return comment.

The criterion page has one group of fields per question, named by the question's code
(``<code>-answer``, ``-rationale``, ``-notable``, ``-example`` and the hidden ``-version``); its
template renders them in GOV.UK markup (radios, textareas, a details reveal) question by question.
The conflict page posts every answer back the same way, with ``conflicts`` (the codes in conflict)
and a ``choice-<code>`` for each.
"""

from collections.abc import Mapping

from crispy_forms_gds.layout import Field, Size
from django import forms

from inspection.forms import GovUKDateField, GovUKForm

from ..selectors.assessment import CriterionPage
from ..services.assessments import reason_needed
from ..services.judgements import MAX_EXAMPLE, MAX_RATIONALE, Answer, Conflict

PARTS = ("answer", "rationale", "notable", "example", "version")
NOTABLE_CHOICES = [("", "None"), ("good", "Good practice"), ("poor", "Poor practice")]


def _option(question, value: str | None):
    """The option of the question's scale with that value (None for no answer)."""
    return next((o for o in question.scale.options.all() if o.value == value), None) if value else None


def _anchor(name: str, field: forms.Field) -> str:
    """The id an error links to: a radio group's first radio, else the field."""
    return f"id_{name}_0" if isinstance(field.widget, forms.RadioSelect) else f"id_{name}"


class CriterionForm(GovUKForm):
    """The applicable questions of one general criterion. Every field is optional: a partly
    answered page is a draft. Versions travel in hidden fields for the stale-edit check."""

    def __init__(self, *args, page: CriterionPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = page.applicable
        self.criteria_set = page.criteria_set
        for question in self.questions:
            self._add_fields(question, Answer.of(page.judgements.get(question.pk)))

    def _add_fields(self, question, current: Answer) -> None:
        code = question.code
        self.fields[f"{code}-answer"] = forms.ChoiceField(
            label=question.text,
            required=False,
            widget=forms.RadioSelect,
            choices=[(o.value, o.label) for o in question.scale.options.all()],
            initial=current.option,
            error_messages={"invalid_choice": f"Select one of the answers for question {code}"},
        )
        self.fields[f"{code}-rationale"] = forms.CharField(
            label=f"Rationale for question {code}",
            required=False,
            widget=forms.Textarea,
            max_length=MAX_RATIONALE,
            initial=current.rationale,
            error_messages={
                "max_length": f"The rationale for question {code} must be {MAX_RATIONALE} characters or fewer"
            },
        )
        self.fields[f"{code}-notable"] = forms.ChoiceField(
            label="Notable practice",
            required=False,
            widget=forms.RadioSelect,
            choices=NOTABLE_CHOICES,
            initial=current.notable_practice,
            error_messages={"invalid_choice": f"Select good practice, poor practice or none for question {code}"},
        )
        self.fields[f"{code}-example"] = forms.CharField(
            label=f"Example of the practice for question {code}",
            required=False,
            widget=forms.Textarea,
            max_length=MAX_EXAMPLE,
            initial=current.notable_example,
            error_messages={"max_length": f"The example for question {code} must be {MAX_EXAMPLE} characters or fewer"},
        )
        self.fields[f"{code}-version"] = forms.IntegerField(
            required=False, min_value=0, widget=forms.HiddenInput, initial=current.version
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            code = question.code
            option = _option(question, cleaned.get(f"{code}-answer"))
            if self._needs_reason(code, option, cleaned.get(f"{code}-rationale")):
                self.add_error(f"{code}-rationale", reason_needed(question, option))
            notable = cleaned.get(f"{code}-notable")
            example = cleaned.get(f"{code}-example")
            if notable and not example and f"{code}-example" not in self.errors:
                self.add_error(f"{code}-example", f"Enter an example of the {notable} practice for question {code}")
            if example and not notable and f"{code}-notable" not in self.errors:
                self.add_error(
                    f"{code}-notable", f"Select good practice or poor practice for the example in question {code}"
                )
        return cleaned

    def _needs_reason(self, code: str, option, rationale: str | None) -> bool:
        """An answer with ``option`` and ``rationale`` lacks the rationale the criteria set requires
        (and its rationale field shows no error of its own already)."""
        return self.criteria_set.requires_rationale(option) and not rationale and f"{code}-rationale" not in self.errors

    def answers(self) -> dict[str, Answer]:
        """The page's answers by question code, each with the version it was made against."""
        data = self.cleaned_data
        return {
            q.code: Answer(
                option=data.get(f"{q.code}-answer") or "",
                rationale=data.get(f"{q.code}-rationale") or "",
                notable_practice=data.get(f"{q.code}-notable") or "",
                notable_example=data.get(f"{q.code}-example") or "",
                version=data.get(f"{q.code}-version") or 0,
            )
            for q in self.questions
        }

    def rows(self):
        """(question, its bound fields by part) in page order, for the template."""
        return [(q, {part: self[f"{q.code}-{part}"] for part in PARTS}) for q in self.questions]

    def unfinished(self) -> dict[str, tuple[str, str]]:
        """What each question still needs before the assessment can be submitted, as the page now
        stands (the saved answers, or those just posted): question code -> (the part to mark,
        ``answer`` or ``rationale``, and its message). Questions already showing an error of
        their rationale are left to that error."""
        marks: dict[str, tuple[str, str]] = {}
        for question in self.questions:
            code = question.code
            option = _option(question, self[f"{code}-answer"].value())
            if option is None:
                marks[code] = ("answer", f"Answer question {code}")
            elif self._needs_reason(code, option, (self[f"{code}-rationale"].value() or "").strip()):
                marks[code] = ("rationale", reason_needed(question, option))
        return marks

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in page order (the form's own errors first)."""
        links = [("main-form", error) for error in self.non_field_errors()]
        for name, field in self.fields.items():
            links.extend((_anchor(name, field), error) for error in self.errors.get(name, []))
        return links


class ConflictForm(GovUKForm):
    """After a stale save, per question in conflict: keep their answer or use mine.

    ``answers``: every answer of the page; ``conflicts``: the ones a save just met, or None for
    those the conflict page posted back (``conflicts``), as they stand in ``page`` now. With no
    conflict posted it has no field (a first save).
    """

    CHOICES = [("theirs", "Keep their answer"), ("mine", "Use my answer")]

    def __init__(
        self,
        *args,
        page: CriterionPage,  # or a moderation CriterionReview: its ``applicable`` and ``judgements``
        answers: Mapping[str, Answer],
        conflicts: list[Conflict] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if conflicts is None:
            posted = set(self.data.get("conflicts", "").split(","))
            conflicts = [
                Conflict.between(q, page.judgements.get(q.pk), answers[q.code])
                for q in page.applicable
                if q.code in posted and q.code in answers
            ]
        self.answers = answers
        self.conflicts = conflicts
        for conflict in conflicts:
            code = conflict.question.code
            self.fields[f"choice-{code}"] = forms.ChoiceField(
                label=f"Which answer to keep for question {code}",
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose which answer to keep for question {code}"},
            )

    def kept_theirs(self) -> set[str]:
        """The codes whose conflict the person settled by keeping the other person's answer."""
        return {c.question.code for c in self.conflicts if self.cleaned_data[f"choice-{c.question.code}"] == "theirs"}

    def carried(self) -> list[tuple[str, Answer]]:
        """(code, answer) of every answer the conflict page posts back: mine, made against their
        version where they clash (so that choosing mine then saves it)."""
        clashing = {c.question.code: c for c in self.conflicts}
        return [(code, clashing[code].resubmitted if code in clashing else a) for code, a in self.answers.items()]

    def carried_fields(self, parts: Mapping[str, str]) -> list[tuple[str, object]]:
        """The hidden fields the conflict page posts back: ``<code>-<part>`` for each part of
        ``parts`` (the form's field suffix → the ``Answer`` attribute it carries)."""
        return [
            (f"{code}-{suffix}", getattr(answer, attribute))
            for code, answer in self.carried()
            for suffix, attribute in parts.items()
        ]

    def conflict_codes(self) -> str:
        return ",".join(c.question.code for c in self.conflicts)

    def rows(self):
        return [(c, self[f"choice-{c.question.code}"]) for c in self.conflicts]

    def error_links(self) -> list[tuple[str, str]]:
        return [
            (_anchor(name, field), error) for name, field in self.fields.items() for error in self.errors.get(name, [])
        ]


class InterviewForm(GovUKForm):
    done = forms.TypedChoiceField(
        label="Did you interview the offender manager?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you interviewed the offender manager"},
    )
    interview_date = GovUKDateField(
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

    def layout(self) -> list:
        return [
            Field.radios("done", legend_size=Size.MEDIUM, inline=True),
            Field("interview_date"),
            Field.textarea("interview_notes", rows=6),
        ]


class ReturnForm(GovUKForm):
    comment = forms.CharField(
        label="Why are you returning this assessment?",
        widget=forms.Textarea,
        max_length=MAX_RATIONALE,
        help_text="The assessor sees this on the case page.",
        error_messages={"required": "Enter why you are returning the assessment"},
    )

    def layout(self) -> list:
        return [Field.textarea("comment", rows=6, label_size=Size.MEDIUM)]
