"""Forms of the criteria admin pages: the upload (its problems listed in one error summary) and publish/retire."""

from crispy_forms_gds.layout import Field
from django import forms
from django.utils.translation import ngettext

from inspection.forms import GovUKForm
from inspection.uploads import LimitedFileField, RefusedUploadsMixin

# Twenty times the shipped set; the text is kept in the session between preview and confirm.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_SIZE = "2 MB"


class UploadCriteriaForm(RefusedUploadsMixin, GovUKForm):
    file = LimitedFileField(
        max_bytes=MAX_UPLOAD_BYTES,
        label="Upload a criteria set file",
        help_text="A YAML file in the inspection-criteria/1 format, smaller than "
        f"{MAX_UPLOAD_SIZE}. Nothing is saved until you check the preview and confirm.",
        error_messages={"required": "Select a criteria set file", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,application/yaml,text/yaml"}),
    )

    submit_label = "Upload and preview"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[str] = []

    def layout(self) -> list:
        return [Field("file")]

    def clean_file(self) -> str:
        """The file's text: the upload itself is not kept."""
        upload = self.cleaned_data["file"]  # its size already checked by the field, before this reads it
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The selected file must be a text file saved as UTF-8") from exc
        self.source = upload.name.rsplit("/", 1)[-1][:200]
        return text

    def reject(self, problems: list[str]) -> None:
        """Mark the file as refused by the loader; the page lists the problems themselves."""
        if not self.is_bound:  # the file came from the session (preview or confirmation)
            self.full_clean()
            self.cleaned_data = {}
        self.problems = list(problems)
        count = len(problems)
        message = ngettext(
            "The selected file has %(count)d problem: fix it and upload the file again",
            "The selected file has %(count)d problems: fix them all and upload the file again",
            count,
        )
        self.add_error("file", message % {"count": count})

    def summary_items(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: the field's errors, then every problem in the file."""
        anchor = self["file"].auto_id
        return [(anchor, message) for message in [*self.errors.get("file", []), *self.problems]]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("published", "Publish"), ("retired", "Retire")])
