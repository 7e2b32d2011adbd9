"""Uploaded files: one too large is refused as it arrives, before it is stored anywhere.

``SizeLimitUploadHandler`` goes first in ``FILE_UPLOAD_HANDLERS``. It passes each file's data on to
Django's handlers (memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE``, then a temporary file) until the
file passes ``FILE_UPLOAD_MAX_SIZE``; then the rest of that file is skipped (read and dropped, so
the form's other fields still arrive), and the field's name is remembered on the request.
``too_large(request)`` gives those names, for the upload forms (``RefusedUploadsMixin``) to say why the
file is missing. Each form checks its own, smaller limit with the file's size before reading it.
"""

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.FILE_UPLOAD_MAX_SIZE:
            refused = getattr(self.request, "too_large_uploads", set())
            refused.add(self.field_name)
            self.request.too_large_uploads = refused
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler makes the file


def too_large(request) -> set[str]:
    """Names of the file fields whose upload was refused for its size."""
    return getattr(request, "too_large_uploads", set())


class LimitedFileField(forms.FileField):
    """A file field taking at most ``max_bytes``: checked on the size as received, before anything reads the file."""

    def __init__(self, *, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    @property
    def too_large_message(self) -> str:
        return f"The selected file must be smaller than {megabytes(self.max_bytes)}"

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is not None and getattr(upload, "size", 0) > self.max_bytes:
            raise forms.ValidationError(self.too_large_message, code="too_large")
        return upload


class RefusedUploadsMixin:
    """For a form with ``LimitedFileField`` fields: a file refused as it arrived (``too_large(request)``,
    passed as ``too_large=``) gets the field's "must be smaller than" error, not "choose a file"."""

    def __init__(self, *args, too_large: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_for_size = {name for name in too_large if isinstance(self.fields.get(name), LimitedFileField)}

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name in self.refused_for_size:
            self.errors.pop(name, None)
            self.add_error(name, self.fields[name].too_large_message)


class RefusedFileFormMixin(RefusedUploadsMixin):
    """For a form with one ``file`` field whose file a service may refuse whole
    (``FileRejectedError``): ``reject`` keeps one message on the field and the problems (the first
    ones; ``total`` counts all) for the page's error summary. ``nothing_done`` ends the field's
    message: what did not happen ("added", "imported")."""

    nothing_done = "added"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[str] = []
        self.total = 0

    def reject(self, problems: list[str], total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = count = len(problems) if total is None else total
        self.add_error(
            "file",
            f"The file has {count:,} problem{'s' if count != 1 else ''} and nothing was "
            f"{self.nothing_done}: correct the file and upload it again",
        )

    def problem_title(self) -> str:
        count = self.total
        return f"The file was not uploaded: {count:,} problem{'s' if count != 1 else ''}"

    def problem_items(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: each problem links to the file input."""
        return [(self["file"].auto_id, problem) for problem in self.problems]
