from django.apps import AppConfig


class InspectionConfig(AppConfig):
    """The project package as an app: sign-in security (throttling, second factor) and the audit log.

    Below every other app (criteria, cases and reports all record downloads here), so it lives in the
    project package rather than in one of them.
    """

    name = "inspection"
    verbose_name = "Sign-in and audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 (connects the audit receivers)
