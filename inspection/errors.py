"""The one error vocabulary of every service in the project.

A service that refuses a write raises a ``ServiceError`` (or one of its kinds below) and writes
nothing. It is a Django ``ValidationError``, so a message may be keyed by a form field's name
(``ServiceError({"status": "..."})``) and a view shows it against that field, or given plain
(``ServiceError("...")``) and shown at the top of the page; management commands print
``messages``. Every message is written for the person who asked, not for a developer.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A write that was refused; nothing was changed."""

    def __str__(self) -> str:
        return "\n".join(self.messages)


class FileRejectedError(ServiceError):
    """An uploaded or imported file was refused whole.

    ``errors`` lists every problem, each naming the file, the row or line and the field; past a
    limit (a file with a million bad rows) only the first ones and a last line saying how many more:
    ``total`` counts them all.
    """

    def __init__(self, errors: list[str], *, total: int | None = None):
        self.errors = list(errors)
        self.total = len(self.errors) if total is None else total
        super().__init__(self.errors)


class StaleEditError(ServiceError):
    """Someone else saved the same thing after this person opened it; nothing was saved.

    ``conflicts`` carries what the service knows of each clash (theirs and yours), and ``answers``
    what the person sent (with any clash they settled as they settled it), for the page that lets
    the person choose.
    """

    def __init__(
        self,
        message: str = "This was changed by someone else while you were editing it.",
        conflicts=(),
        answers: Mapping | None = None,
    ):
        self.conflicts = list(conflicts)
        self.answers = dict(answers or {})
        super().__init__(message)


class LockedError(ServiceError):
    """The thing cannot change any more (a final report, a closed inspection, a used criteria set)."""
