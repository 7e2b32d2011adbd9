"""The site-wide publication settings every report prints (``PublicationSettings``, one row)."""

from django.db import transaction

from inspection import history
from inspection.errors import ServiceError

from ..models import PublicationSettings

FIELDS = ("organisation", "statement_of_purpose", "code_of_practice", "contact_address", "publication_arrangements")
MAX_TEXT = 20000


def current() -> PublicationSettings:
    """The settings as saved (an unsaved empty row before an admin first saves them)."""
    return PublicationSettings.objects.first() or PublicationSettings()


@transaction.atomic
def save_publication_settings(*, actor, **texts: str) -> PublicationSettings:
    """Replace the settings' texts (keyword per field of ``FIELDS``); recorded in their history."""
    unknown = set(texts) - set(FIELDS)
    if unknown:
        raise ServiceError(f"Unknown settings: {', '.join(sorted(unknown))}")
    cleaned = {name: texts.get(name, "").replace("\r\n", "\n").strip() for name in FIELDS}
    if len(cleaned["organisation"]) > 200:
        raise ServiceError({"organisation": "The organisation's name must be 200 characters or fewer"})
    too_long = {name: f"At most {MAX_TEXT} characters" for name, text in cleaned.items() if len(text) > MAX_TEXT}
    if too_long:
        raise ServiceError(too_long)
    settings = PublicationSettings.objects.select_for_update().first() or PublicationSettings()
    if settings.pk and all(getattr(settings, name) == text for name, text in cleaned.items()):
        return settings
    for name, text in cleaned.items():
        setattr(settings, name, text)
    history.save(settings, actor=actor, reason="Publication settings edited")
    return settings
